"""Facts in and out of the database. Times are stored and compared in UTC."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from hcs.clock import as_utc
from reporting.adapters.orm import facts
from reporting.domain.facts import Fact


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

    def each(self, batch: int = 1000) -> Iterator[Fact]:
        """Every fact in the order it arrived, read in batches (a rebuild may replay millions)."""
        query = select(facts).order_by(facts.c.id).execution_options(yield_per=batch)
        for row in self.session.execute(query):
            yield _to_fact(row)

    def all(self) -> list[Fact]:
        return list(self.each())

    def latest(self) -> datetime | None:
        """When the newest event counted happened: the figures include everything up to then."""
        value = self.session.execute(select(func.max(facts.c.occurred_at))).scalar()
        return as_utc(value) if value is not None else None

    def total(self) -> int:
        return int(self.session.execute(select(func.count()).select_from(facts)).scalar() or 0)


def _jsonable(data: dict[str, Any]) -> Any:
    """Event data holds datetimes after validation; stored, they are ISO strings as on the wire."""
    return json.loads(json.dumps(data, default=lambda value: value.isoformat()))


def _to_fact(row: Any) -> Fact:
    return Fact(row.event_id, row.event_type, row.schema_version, as_utc(row.occurred_at),
                row.aggregate_id, dict(row.data))
