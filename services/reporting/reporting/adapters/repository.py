"""Facts in and out of the database. Times are stored and compared in UTC."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, insert, select, text, update
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

    def hold_back(self) -> None:
        """Until this unit of work ends, no other may store a fact, and it waits for those storing one
        now (a rebuild: every consumed event stores its fact before it changes the read model). On
        PostgreSQL a lock on the table that blocks inserts but not reads; SQLite has one writer at a time."""
        if self.session.get_bind().dialect.name == "postgresql":
            self.session.execute(text(f"LOCK TABLE {facts.name} IN SHARE ROW EXCLUSIVE MODE"))

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

    def rewrite(self, aggregate_ids: Iterable[str], event_types: Iterable[str],
                change: Callable[[str, dict[str, Any]], dict[str, Any]]) -> int:
        """Rewrite the data of the facts of these aggregates and types (erasure: anonymise them)."""
        ids, types = sorted(set(aggregate_ids)), sorted(set(event_types))
        if not ids or not types:
            return 0
        query = select(facts.c.id, facts.c.event_type, facts.c.data).where(
            facts.c.aggregate_id.in_(ids), facts.c.event_type.in_(types))
        rows = self.session.execute(query).all()
        for row in rows:
            self.session.execute(update(facts).where(facts.c.id == row.id).values(
                data=_jsonable(change(row.event_type, dict(row.data)))))
        return len(rows)

    def about(self, aggregate_ids: Iterable[str]) -> list[Fact]:
        """The facts of these aggregates (subject access: what reporting holds about a report or case)."""
        ids = sorted(set(aggregate_ids))
        if not ids:
            return []
        query = select(facts).where(facts.c.aggregate_id.in_(ids)).order_by(facts.c.id)
        return [_to_fact(row) for row in self.session.execute(query)]

    def total(self) -> int:
        return int(self.session.execute(select(func.count()).select_from(facts)).scalar() or 0)


def _jsonable(data: dict[str, Any]) -> Any:
    """Event data holds datetimes after validation; stored, they are ISO strings as on the wire."""
    return json.loads(json.dumps(data, default=lambda value: value.isoformat()))


def _to_fact(row: Any) -> Fact:
    return Fact(row.event_id, row.event_type, row.schema_version, as_utc(row.occurred_at),
                row.aggregate_id, dict(row.data))
