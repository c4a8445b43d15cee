"""Reporting's commands and queries. Consumers add facts inside the inbox's unit of work; queries
count the indicators over the facts of a period; ``rebuild`` replays every stored fact."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from hcs.audit import AuditEntry
from hcs.auth import BOARD_MEMBER, DATA_PROTECTION_OFFICER, MANAGER, OPERATIONS_DIRECTOR, SENIOR, Caller
from hcs.errors import Forbidden
from hcs.events import Event, parse_envelope
from reporting.domain.facts import STREAMS, Fact, Period
from reporting.domain.indicators import COUNTED_EVENT_TYPES, Figures, figures

READERS = frozenset({MANAGER, SENIOR, OPERATIONS_DIRECTOR, BOARD_MEMBER, DATA_PROTECTION_OFFICER})


@dataclass(frozen=True)
class IndicatorQuery:
    period_start: date | None = None
    period_end: date | None = None
    stream: str | None = None

    @property
    def period(self) -> Period:
        return Period.of_days(self.period_start, self.period_end)

    @property
    def streams(self) -> tuple[str, ...]:
        return (self.stream,) if self.stream else STREAMS


@dataclass(frozen=True)
class IndicatorReport:
    query: IndicatorQuery
    figures: list[Figures]


def fact_of(event: Event) -> Fact:
    return Fact(event.event_id, event.event_type, event.schema_version, event.occurred_at,
                event.aggregate_id, dict(event.data))


def record_fact(uow: Any, event: Event) -> None:
    """Keep a consumed event as a fact. Runs in the inbox's unit of work, which commits."""
    if not uow.facts.has(event.event_id):
        uow.facts.add(fact_of(event))


def get_indicators(uow: Any, query: IndicatorQuery, caller: Caller) -> IndicatorReport:
    allowed = caller.role in READERS
    with uow:
        uow.audit.record(AuditEntry(caller.user_id, caller.role, "reporting.get_indicators",
                                    "allowed" if allowed else "refused", "indicators", query.stream,
                                    None if allowed else "role may not read indicators"))
        found = uow.facts.in_period(COUNTED_EVENT_TYPES, query.period, query.stream) if allowed else []
        uow.commit()
    if not allowed:
        raise Forbidden(f"role {caller.role} may not read indicators")
    return IndicatorReport(query, figures(found, query.streams))


def rebuild(uow: Any, caller: Caller) -> IndicatorReport:
    """Recompute the read model from the stored facts: each is validated against its contract again
    and stored anew, so every derived column is recomputed from the event itself."""
    with uow:
        replayed = [fact_of(parse_envelope(_envelope(fact))) for fact in uow.facts.all()]
        uow.facts.remove_all()
        for fact in replayed:
            uow.facts.add(fact)
        uow.audit.record(AuditEntry(caller.user_id, caller.role, "reporting.rebuild",
                                    record_type="indicators", reason=f"{len(replayed)} facts replayed"))
        uow.commit()
    query = IndicatorQuery()
    return IndicatorReport(query, figures(replayed, query.streams))


def _envelope(fact: Fact) -> dict[str, Any]:
    return {"event_id": fact.event_id, "event_type": fact.event_type,
            "schema_version": fact.schema_version, "occurred_at": fact.occurred_at.isoformat(),
            "aggregate_id": fact.aggregate_id, "data": fact.data}
