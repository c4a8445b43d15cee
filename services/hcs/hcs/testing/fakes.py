"""In-memory fakes of what a unit of work offers, for unit tests of service layers (no database)."""

from __future__ import annotations

from typing import Any

from hcs.audit import AuditEntry
from hcs.clock import Clock, FakeClock
from hcs.events import Event, new_event


class FakeOutbox:
    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.events: list[Event] = []

    def publish(self, event_type: str, aggregate_id: str, data: dict[str, Any]) -> Event:
        event = new_event(event_type, aggregate_id, data, self.clock.now())
        self.events.append(event)
        return event

    def add(self, event: Event) -> None:
        self.events.append(event)

    def types(self) -> list[str]:
        return [e.event_type for e in self.events]


class FakeInbox:
    def __init__(self) -> None:
        self.records: set[tuple[str, str]] = set()

    def seen(self, consumer: str, event_id: str) -> bool:
        return (consumer, event_id) in self.records

    def record(self, consumer: str, event: Event) -> None:
        self.records.add((consumer, event.event_id))


class FakeAudit:
    def __init__(self) -> None:
        self.entries: list[AuditEntry] = []

    def record(self, entry: AuditEntry) -> None:
        self.entries.append(entry)

    def record_many(self, entries: list[AuditEntry]) -> None:
        self.entries.extend(entries)


class FakeErased:
    """Tombstones (``hcs.erasure.ErasedStore``) in memory: record id -> (record type, rule)."""

    def __init__(self) -> None:
        self.records: dict[str, tuple[str, str]] = {}

    def remember(self, record_type: str, record_ids: Any, rule: str, event_id: str | None = None) -> int:
        new = [str(i) for i in record_ids if i and str(i) not in self.records]
        for record_id in new:
            self.records[record_id] = (record_type, rule)
        return len(new)

    def which(self, record_ids: Any) -> set[str]:
        return {str(i) for i in record_ids if str(i) in self.records}

    def covers(self, record_ids: Any) -> bool:
        return bool(self.which(record_ids))

    def purge(self, record_ids: Any) -> dict[str, int]:
        self.purged = getattr(self, "purged", set()) | {str(i) for i in record_ids}
        return {"outbox": 0, "parked": 0}

    def prune_published(self, published_before: Any) -> int:
        return 0


class FakeUnitOfWork:
    """Subclass and add fake repositories. What was committed is visible through ``committed``;
    events and audit rows written in a unit of work that did not commit are dropped, as they would
    be by the database."""

    def __init__(self, clock: Clock | None = None) -> None:
        self.clock = clock or FakeClock()
        self.outbox = FakeOutbox(self.clock)
        self.inbox = FakeInbox()
        self.audit = FakeAudit()
        self.erased = FakeErased()
        self.committed = False
        self.commits = 0
        self._mark = (0, 0)

    def __enter__(self) -> "FakeUnitOfWork":
        self.committed = False
        self._mark = (len(self.outbox.events), len(self.audit.entries))
        self._erased_mark = dict(self.erased.records)
        return self

    def __exit__(self, *exc: object) -> None:
        if not self.committed:
            self.rollback()

    def commit(self) -> None:
        self.committed = True
        self.commits += 1

    def rollback(self) -> None:
        del self.outbox.events[self._mark[0]:]
        del self.audit.entries[self._mark[1]:]
        if hasattr(self, "_erased_mark"):
            self.erased.records = dict(self._erased_mark)
