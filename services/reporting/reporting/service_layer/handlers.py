"""Reporting's commands and queries. A consumed event becomes a fact and changes the read model in the
inbox's unit of work; queries count over the read model; ``rebuild`` replays every stored fact."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from hcs.audit import AuditEntry
from hcs.auth import Caller
from hcs.errors import Forbidden
from hcs.events import Event, parse_envelope
from reporting.domain import access
from reporting.domain.facts import Fact
from reporting.domain.figures import TOTAL, IndicatorFigures, evaluate
from reporting.domain.indicators import BY_KEY, INDICATORS
from reporting.domain.live import JOBS_AT_RISK, JOBS_BREACHED_OPEN, LIVE_COUNTS, OPEN_CASES, REVIEWS_OVERDUE
from reporting.domain.minimise import REPORT_EVENTS, anonymise, erased_reports, minimise
from reporting.domain.periods import Period
from reporting.domain.rules import changes_for
from reporting.domain.suppression import suppress
from reporting.domain.targets import TargetLine, target_lines
from reporting.service_layer.queries import IndicatorQuery, Window, window
from reporting.settings import ReportingSettings

TARGET_COUNTS = {key: BY_KEY[key].rows[0] for key in ("reports_received", "racist_incidents")}


@dataclass(frozen=True)
class IndicatorReport:
    window: Window
    streams: tuple[str, ...]
    figures: list[IndicatorFigures]
    suppressed: bool
    as_at: datetime | None
    targets: list[TargetLine]
    compared: Window | None


def fact_of(event: Event) -> Fact:
    """The event as a fact keeps it: only what the rules need (``reporting.domain.minimise``)."""
    return Fact(event.event_id, event.event_type, event.schema_version, event.occurred_at,
                event.aggregate_id, minimise(event.event_type, event.data))


def record_fact(uow: Any, event: Event) -> None:
    """Keep a consumed event as a fact and apply it to the read model, in the inbox's unit of work.
    An erasure event also anonymises the erased reports' facts and remembers the erased ids."""
    if uow.facts.has(event.event_id):
        return
    fact = fact_of(event)
    uow.facts.add(fact)
    for change in changes_for(event.event_type, event.event_id, fact.data):
        uow.read_model.apply(change)
    if event.event_type in ERASED_IDS:
        reports = erased_reports(event.event_type, event.data)
        uow.facts.rewrite(reports, REPORT_EVENTS, anonymise)
        for record_type, ids in ERASED_IDS[event.event_type](event.data):
            uow.erased.remember(record_type, ids, str(event.data["rule"]), event.event_id)


# What each erasure event makes reporting remember, so a replay of old events is refused (hcs.erasure).
# The sharing records' erasure leaves the case itself alone: cases decides when it goes.
ERASED_IDS: dict[str, Callable[[Any], list[tuple[str, list[str]]]]] = {
    "report_erased": lambda d: [("report", [d["report_id"]])],
    "case_erased": lambda d: [("case", [d["case_id"]]), ("report", list(d.get("report_ids") or []))],
    "job_erased": lambda d: [("job", [d["job_id"]]), ("repair_request", [d["request_id"]])],
    "case_sharing_erased": lambda d: [("referral", list(d.get("referral_ids") or []))],
}


def authorise(uow: Any, caller: Caller, action: str, record_type: str, record_id: str | None,
              check: Callable[[], Any]) -> Any:
    """Run ``check``; a refusal is audited (and committed) before it is raised."""
    try:
        return check()
    except Forbidden as exc:
        with uow:
            uow.audit.record(AuditEntry(caller.user_id, caller.role, action, "refused", record_type, record_id,
                                        exc.message))
            uow.commit()
        raise


def audit_read(uow: Any, caller: Caller, action: str, record_type: str, record_id: str | None,
               reason: str | None = None) -> None:
    uow.audit.record(AuditEntry(caller.user_id, caller.role, action, "allowed", record_type, record_id, reason))


def compute(uow: Any, span: Period, streams: tuple[str, ...], now: datetime, homes: Any,
            suppressed: bool) -> tuple[list[IndicatorFigures], dict[Any, dict[Any, int]]]:
    counts = set().union(*(i.counts for i in INDICATORS))
    counted = uow.read_model.count(counts, span, now)
    figures = evaluate(INDICATORS, counted, streams, homes)
    return (suppress(figures) if suppressed else figures), counted


def per_column(counted: dict[Any, dict[Any, int]], streams: Iterable[str]) -> dict[str, dict[str, int]]:
    """The targeted figures (reports, racist incidents) per stream and in total, from raw counts."""
    out = {}
    for key, row in TARGET_COUNTS.items():
        by_stream = counted.get(row.measure.count, {})  # type: ignore[union-attr]
        columns = {s: by_stream.get(s, 0) for s in streams}
        out[key] = {**columns, TOTAL: sum(columns.values())}
    return out


def get_indicators(uow: Any, query: IndicatorQuery, caller: Caller, settings: ReportingSettings) -> IndicatorReport:
    def check() -> tuple[str, ...]:
        access.check_indicators(caller)
        return access.streams_for(caller, query.stream)

    streams = authorise(uow, caller, "reporting.get_indicators", "indicators", query.stream, check)
    suppressed = access.suppressed_for(caller)
    now = uow.clock.now()
    asked = window(settings.calendar, query, now.date())
    homes = settings.homes(asked.period) if asked.period else settings.homes_default
    with uow:
        figures, counted = compute(uow, asked.span, streams, now, homes, suppressed)
        targets, compared = [], None
        if asked.period is not None:
            before = settings.compared(asked.period)
            compared = Window(before, before.span)
            before_counted = uow.read_model.count({r.measure.count for r in TARGET_COUNTS.values()},  # type: ignore[union-attr]
                                                  before.span, now)
            targets = target_lines(per_column(counted, streams), per_column(before_counted, streams),
                                   (*streams, TOTAL), settings.increase_target, suppressed)
        as_at = uow.facts.latest()
        audit_read(uow, caller, "reporting.get_indicators", "indicators", query.stream, asked.label)
        uow.commit()
    return IndicatorReport(asked, streams, figures, suppressed, as_at, targets, compared)


def rebuild(uow: Any, caller: Caller) -> dict[str, int]:
    """Recompute the read model from the stored facts alone: each is validated against its contract
    again and replayed through the same rules (whose result does not depend on order). Events are held
    back meanwhile: one handled between the clear of its table and the clear of the roll-ups would
    keep its row but lose its count, and its replay (onto the row that has it) would not count it again."""
    authorise(uow, caller, "reporting.rebuild", "read_model", None, lambda: access.check_rebuild(caller))
    replayed = 0
    with uow:
        uow.facts.hold_back()
        uow.read_model.clear()
        for fact in uow.facts.each():
            event = parse_envelope(_envelope(fact))
            for change in changes_for(event.event_type, event.event_id, event.data):
                uow.read_model.apply(change)
            replayed += 1
        uow.audit.record(AuditEntry(caller.user_id, caller.role, "reporting.rebuild", record_type="read_model",
                                    reason=f"{replayed} facts replayed"))
        uow.commit()
    return {"facts_replayed": replayed}


def live_figures(uow: Any) -> dict[str, dict[Any, int]]:
    """What stands open now (for the Prometheus gauges), per stream (and risk level for open cases)."""
    with uow:
        counted = uow.read_model.count(LIVE_COUNTS, Period(), uow.clock.now())
    return {"open_cases": counted[OPEN_CASES], "jobs_at_risk": counted[JOBS_AT_RISK],
            "jobs_breached_open": counted[JOBS_BREACHED_OPEN], "reviews_overdue": counted[REVIEWS_OVERDUE]}


def _envelope(fact: Fact) -> dict[str, Any]:
    return {"event_id": fact.event_id, "event_type": fact.event_type,
            "schema_version": fact.schema_version, "occurred_at": fact.occurred_at.isoformat(),
            "aggregate_id": fact.aggregate_id,
            "data": json.loads(json.dumps(fact.data, default=lambda value: value.isoformat()))}
