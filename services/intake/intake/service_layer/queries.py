"""Intake's queries. Every report read is audited (who, which report, when), never its values."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from hcs.auth import Caller
from hcs.errors import NotFound, ValidationFailed
from intake.domain.listing import BadCursor, Position, ReportQuery
from intake.domain.referral import extract
from intake.domain.report import Report, Version, Withdrawal
from intake.domain.teams import held_to_team
from intake.domain.triage import Triage
from intake.service_layer import access

AUDIT_REASON_CHARS = 300


@dataclass(frozen=True)
class ReportView:
    report: Report
    shown: Version
    history: list[Version]

    def __getattr__(self, name: str) -> Any:  # report_id, received_at, channel ... of the report
        return getattr(self.report, name)

    @property
    def shown_version(self) -> int:
        return self.shown.version

    @property
    def triage(self) -> Triage:
        return self.shown.triage

    @property
    def details(self) -> dict[str, Any]:
        return self.shown.details

    @property
    def channel(self) -> str:
        return str(self.shown.details["channel"])

    @property
    def stream(self) -> str:
        return str(self.shown.details["stream"])

    @property
    def anonymous(self) -> bool:
        return bool(self.shown.details.get("anonymous"))

    @property
    def withdrawal(self) -> Withdrawal | None:
        return self.report.withdrawal

    @property
    def original_perception(self) -> dict[str, Any]:
        """POL-2: the perception as first reported, and who held it, whatever came after."""
        first = self.history[0]
        perception = first.details.get("perception") or {}
        return {"strands": list(perception.get("strands") or []), "perceived_by": perception.get("perceived_by"),
                "recorded_at": first.recorded_at.isoformat(), "triage": first.triage.outcome}


@dataclass(frozen=True)
class Page:
    reports: list[Report]
    next_cursor: str | None


def get_report(uow: Any, report_id: str, caller: Caller, version: int | None = None) -> ReportView:
    with uow:
        report = uow.reports.get(report_id)
        if report is None:
            access.audit(uow, caller, "get_report", report_id, "failed", "no such report")
            uow.commit()
            raise NotFound(f"no report {report_id}")
        access.require_stream(uow, caller, "get_report", report.stream, report_id)
        access.require_team(uow, caller, "get_report", report_id)
        history = uow.reports.versions(report_id)
        if version is not None and not 1 <= version <= len(history):
            access.audit(uow, caller, "get_report", report_id, "failed", f"no version {version}")
            uow.commit()
            raise NotFound(f"report {report_id} has no version {version}")
        shown = history[(version or len(history)) - 1]
        access.audit(uow, caller, "get_report", report_id, reason=f"version {shown.version}")
        uow.commit()
    return ReportView(report, shown, history)


def list_reports(uow: Any, filters: dict[str, Any], caller: Caller) -> Page:
    streams = access.visible_streams(caller)
    try:
        after = Position.from_cursor(filters["cursor"]) if filters.get("cursor") else None
    except BadCursor:
        raise ValidationFailed("filters are invalid", {"cursor": ["Not a cursor from this service."]}) from None
    with uow:
        if filters.get("stream"):
            access.require_stream(uow, caller, "list_reports", filters["stream"])
            streams = frozenset({filters["stream"]})
        query = ReportQuery(streams, _utc(filters.get("received_from")), _utc(filters.get("received_until")),
                            filters.get("triage"), filters.get("flag"), filters.get("channel"), filters.get("status"),
                            filters["page_size"], after, held_to_team(caller), caller.team)
        found = uow.reports.page(query) if streams else []
        shown = found[:query.page_size]
        for report in shown:
            access.audit(uow, caller, "list_reports", report.report_id)
        uow.commit()
    more = len(found) > len(shown)
    return Page(shown, Position(shown[-1].received_at, shown[-1].report_id).cursor() if more else None)


def referral_extract(uow: Any, report_ids: list[str], fields: list[str], caller: Caller) -> dict[str, dict[str, Any]]:
    """The named fields of each report, for a consented referral (POL-5). Withdrawn reports are
    never shared. The audit says which fields left, for which report."""
    wanted = list(dict.fromkeys(fields))
    with uow:
        found = {r.report_id: r for r in uow.reports.many(set(report_ids))}
        missing = [i for i in dict.fromkeys(report_ids) if i not in found]
        if missing:
            raise NotFound(f"no report {', '.join(missing)}")
        out: dict[str, dict[str, Any]] = {}
        for report_id in dict.fromkeys(report_ids):
            report = found[report_id]
            if report.withdrawal is not None:
                access.audit(uow, caller, "referral_extract", report_id, "refused", "report withdrawn: not shared")
                continue
            out[report_id] = extract(report.details, wanted)
            for reason in _field_lines(wanted):
                access.audit(uow, caller, "referral_extract", report_id, reason=reason)
        uow.commit()
    return out


def _field_lines(fields: list[str]) -> list[str]:
    """The extracted field names, in as few audit rows as fit."""
    lines, line = [], "fields:"
    for name in fields:
        if len(line) + len(name) + 1 > AUDIT_REASON_CHARS:
            lines.append(line)
            line = "fields (cont.):"
        line += " " + name
    return [*lines, line]


def _utc(value: datetime | None) -> datetime | None:
    return value.astimezone(UTC) if value is not None else None
