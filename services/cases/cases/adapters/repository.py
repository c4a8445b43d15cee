"""Cases, the reports behind them and the parties that link reports, in and out of the database."""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from cases.adapters import mapping
from cases.adapters.orm import case_parties, case_reports, cases, classification_changes, timeline
from cases.domain.case import OPEN, Case
from cases.domain.classification import ClassificationChange
from cases.domain.errors import CaseRuleBroken
from cases.domain.linking import Candidate
from cases.domain.reports import ReportRecord
from cases.domain.timeline import TimelineEntry

PARTY_LOCKS = 4701  # the first key of cases' advisory locks on parties

# Never written again once the case is opened: its stream (POL-7), its first report and the
# original perception (POL-2), whatever a caller does to the Case object.
WRITTEN_ONCE = ("case_id", "stream", "opened_at", "opened_from", "received_at", "original_perception")


class SqlCaseRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, case_id: str, for_update: bool = False) -> Case | None:
        query = select(cases).where(cases.c.case_id == case_id)
        if for_update:
            query = query.with_for_update()
        row = self.session.execute(query).first()
        return self._load(row) if row else None

    def add(self, case: Case) -> None:
        self.session.execute(insert(cases), mapping.values(cases, case))
        self._flush_timeline(case)

    def save(self, case: Case) -> None:
        """Optimistic concurrency: the row must still be at the version this case was read at."""
        row = {k: v for k, v in mapping.values(cases, case).items() if k not in WRITTEN_ONCE}
        row["version"] = case.version + 1
        result = self.session.execute(update(cases).where(
            cases.c.case_id == case.case_id, cases.c.version == case.version), row)
        if result.rowcount != 1:  # type: ignore[attr-defined]
            raise CaseRuleBroken(f"case {case.case_id} was changed by someone else meanwhile; try again")
        case.version += 1
        self._flush_timeline(case)

    def _flush_timeline(self, case: Case) -> None:
        if case.new_timeline:
            self.session.execute(insert(timeline), [mapping.values(timeline, e) for e in case.new_timeline])
            case.new_timeline.clear()

    def _load(self, row: object, with_reports: bool = True) -> Case:
        if not with_reports:
            return mapping.load(Case, cases, row, report_ids=[])
        report_ids = list(self.session.execute(
            select(case_reports.c.report_id).where(case_reports.c.case_id == row.case_id)  # type: ignore[attr-defined]
            .order_by(case_reports.c.received_at, case_reports.c.report_id)).scalars())
        return mapping.load(Case, cases, row, report_ids=report_ids)

    # -- linking ------------------------------------------------------------------------------------
    def open_candidates(self, keys: Iterable[tuple[str, str]]) -> list[Candidate]:
        keys = list(keys)
        if not keys:
            return []
        wanted = set(keys)
        query = (select(cases.c.case_id, cases.c.stream, cases.c.opened_at, case_parties.c.kind,
                        case_parties.c.party_key)
                 .join(case_parties, case_parties.c.case_id == cases.c.case_id)
                 .where(case_parties.c.party_key.in_(sorted({key for _, key in wanted})), cases.c.status == OPEN))
        return [Candidate(r.case_id, r.stream, mapping.as_utc(r.opened_at), r.kind)
                for r in self.session.execute(query) if (r.kind, r.party_key) in wanted]

    def lock_parties(self, keys: Iterable[tuple[str, str]]) -> None:
        """Hold each party until commit, so two reports about one party are placed one after the
        other: the later then finds the case the earlier opened. PostgreSQL transaction advisory locks,
        taken in order (no deadlock), in their own key space (two int4 keys); SQLite already has one
        writer at a time."""
        if self.session.get_bind().dialect.name != "postgresql":
            return
        for kind, key in sorted(set(keys)):
            party = zlib.crc32(f"{kind}:{key[:200]}".encode()) - 2**31  # an int4
            self.session.execute(select(func.pg_advisory_xact_lock(PARTY_LOCKS, party)))

    def add_parties(self, case_id: str, keys: Iterable[tuple[str, str]]) -> None:
        known = {(r.kind, r.party_key) for r in self.session.execute(
            select(case_parties.c.kind, case_parties.c.party_key).where(case_parties.c.case_id == case_id))}
        new = [{"case_id": case_id, "kind": k, "party_key": key[:200]} for k, key in dict.fromkeys(keys)
               if (k, key[:200]) not in known]
        if new:
            self.session.execute(insert(case_parties), new)

    def household_keys(self, case_id: str) -> list[str]:
        return list(self.session.execute(select(case_parties.c.party_key).where(
            case_parties.c.case_id == case_id, case_parties.c.kind == "household")).scalars())

    # -- reports ------------------------------------------------------------------------------------
    def report(self, report_id: str, for_update: bool = False) -> ReportRecord | None:
        query = select(case_reports).where(case_reports.c.report_id == report_id)
        row = self.session.execute(query.with_for_update() if for_update else query).first()
        return mapping.load(ReportRecord, case_reports, row) if row else None

    def add_report(self, record: ReportRecord) -> None:
        self.session.execute(insert(case_reports), mapping.values(case_reports, record))

    def save_report(self, record: ReportRecord) -> None:
        row = mapping.values(case_reports, record)
        self.session.execute(update(case_reports).where(case_reports.c.report_id == row.pop("report_id")), row)

    def reports_for(self, case_id: str) -> list[ReportRecord]:
        query = select(case_reports).where(case_reports.c.case_id == case_id).order_by(case_reports.c.received_at)
        return [mapping.load(ReportRecord, case_reports, r) for r in self.session.execute(query)]

    def household_report_times(self, household_keys: Iterable[str], since: datetime) -> list[tuple[datetime, bool]]:
        """When each live report about these households was received since ``since``, and whether
        it was a hate incident (the Community Trigger's count)."""
        keys = list(household_keys)
        if not keys:
            return []
        query = select(case_reports.c.received_at, case_reports.c.hate_incident).where(
            case_reports.c.household_key.in_(keys), case_reports.c.received_at >= since,
            case_reports.c.withdrawn_at.is_(None), case_reports.c.outcome != "recorded")
        return [(mapping.as_utc(r.received_at), bool(r.hate_incident)) for r in self.session.execute(query)]

    # -- classification history, timeline, caseloads ------------------------------------------------
    def add_classification_change(self, change: ClassificationChange) -> None:
        self.session.execute(insert(classification_changes), mapping.values(classification_changes, change))

    def classification_history(self, case_id: str) -> list[ClassificationChange]:
        query = (select(classification_changes).where(classification_changes.c.case_id == case_id)
                 .order_by(classification_changes.c.id))
        return [mapping.load(ClassificationChange, classification_changes, r) for r in self.session.execute(query)]

    def timeline(self, case_id: str, limit: int = 500) -> list[TimelineEntry]:
        query = (select(timeline).where(timeline.c.case_id == case_id)
                 .order_by(timeline.c.at.desc(), timeline.c.id.desc()).limit(limit))
        return [mapping.load(TimelineEntry, timeline, r) for r in self.session.execute(query)]

    def add_timeline(self, entries: Iterable[TimelineEntry]) -> None:
        rows = [mapping.values(timeline, e) for e in entries]
        if rows:
            self.session.execute(insert(timeline), rows)

    def caseloads(self, officer_ids: Iterable[str]) -> dict[str, int]:
        ids = list(officer_ids)
        if not ids:
            return {}
        query = (select(cases.c.officer_id, func.count()).where(cases.c.officer_id.in_(ids), cases.c.status == OPEN)
                 .group_by(cases.c.officer_id))
        return {officer: int(n) for officer, n in self.session.execute(query)}

    def select(self, *conditions: Any, order_by: Any = None, limit: int = 200,
               with_reports: bool = False) -> list[Case]:
        """Cases matching ``conditions`` (without their report ids unless asked: lists need none)."""
        query = select(cases).where(*conditions).order_by(
            *(order_by if isinstance(order_by, tuple) else (order_by if order_by is not None else cases.c.opened_at,)))
        return [self._load(row, with_reports) for row in self.session.execute(query.limit(limit))]
