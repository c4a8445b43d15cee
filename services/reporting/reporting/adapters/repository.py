"""Facts in and out of the database. Times are stored and compared in UTC."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from hcs.clock import as_utc
from reporting.adapters.orm import facts
from reporting.domain.facts import Fact, Period


class SqlFactRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def has(self, event_id: str) -> bool:
        query = select(facts.c.id).where(facts.c.event_id == event_id)
        return self.session.execute(query).first() is not None

    def add(self, fact: Fact) -> None:
        self.session.execute(insert(facts).values(
            event_id=fact.event_id, event_type=fact.event_type, schema_version=fact.schema_version,
            occurred_at=fact.occurred_at.astimezone(UTC), stream=fact.stream,
            aggregate_id=fact.aggregate_id, data=_jsonable(fact.data)))

    def in_period(self, event_types: Iterable[str], period: Period, stream: str | None = None) -> list[Fact]:
        query = select(facts).where(facts.c.event_type.in_(sorted(event_types)))
        if period.starts is not None:
            query = query.where(facts.c.occurred_at >= _utc(period.starts))
        if period.ends is not None:
            query = query.where(facts.c.occurred_at < _utc(period.ends))
        if stream is not None:
            query = query.where(facts.c.stream == stream)
        return [_to_fact(row) for row in self.session.execute(query.order_by(facts.c.id))]

    def all(self) -> list[Fact]:
        return [_to_fact(row) for row in self.session.execute(select(facts).order_by(facts.c.id))]

    def remove_all(self) -> None:
        self.session.execute(delete(facts))


def _jsonable(data: dict[str, Any]) -> Any:
    """Event data holds datetimes after validation; stored, they are ISO strings as on the wire."""
    return json.loads(json.dumps(data, default=lambda value: value.isoformat()))


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def _to_fact(row: Any) -> Fact:
    return Fact(row.event_id, row.event_type, row.schema_version, as_utc(row.occurred_at),
                row.aggregate_id, dict(row.data))
