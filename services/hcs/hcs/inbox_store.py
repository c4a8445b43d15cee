"""The idempotent inbox: which events each consumer has already applied."""

from __future__ import annotations

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from hcs import tables
from hcs.clock import Clock
from hcs.events import Event


class InboxStore:
    def __init__(self, session: Session, clock: Clock) -> None:
        self.session = session
        self.clock = clock

    def seen(self, consumer: str, event_id: str) -> bool:
        i = tables.inbox
        query = select(i.c.event_id).where(i.c.consumer == consumer, i.c.event_id == event_id)
        return self.session.execute(query).first() is not None

    def record(self, consumer: str, event: Event) -> None:
        self.session.execute(insert(tables.inbox).values(
            consumer=consumer, event_id=event.event_id, event_type=event.event_type,
            processed_at=self.clock.now()))
