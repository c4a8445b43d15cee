"""Transactional outbox: events are written with the business rows, and a relay publishes them.

The relay publishes each pending row with publisher confirms and ``mandatory=True`` and marks it
published only after the broker confirmed it (at-least-once; consumers de-duplicate). A row that
fails is retried with exponential backoff and jitter; while it waits, later rows of the same
aggregate wait too, so each aggregate's events leave in order. On PostgreSQL several replicas may
run the relay: an advisory lock lets one of them work at a time.
"""

from __future__ import annotations

import json
import random
import threading
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, insert, select, text, update
from sqlalchemy.orm import Session

from hcs import tables
from hcs.clock import Clock, as_utc
from hcs.events import Event, new_event

if TYPE_CHECKING:
    from hcs.db import Store


class OutboxWriter:
    """What a unit of work offers its handlers: ``uow.outbox.publish(...)``."""

    def __init__(self, session: Session, clock: Clock, correlation_id: str | None = None) -> None:
        self.session = session
        self.clock = clock
        self.written = 0  # rows added in this unit of work: the relay is woken when it commits
        self.correlation_id = correlation_id

    def publish(self, event_type: str, aggregate_id: str, data: dict[str, Any],
                correlation_id: str | None = None) -> Event:
        """Write an event to go out with this transaction. It carries the unit of work's
        correlation id unless one is given (a timer acting on a stored aggregate passes the id
        it kept, so the chain is not broken)."""
        event = new_event(event_type, aggregate_id, data, self.clock.now(),
                          correlation_id=correlation_id or self.correlation_id)
        self.add(event)
        return event

    def add(self, event: Event) -> None:
        self.session.execute(insert(tables.outbox).values(
            event_id=event.event_id, event_type=event.event_type,
            schema_version=event.schema_version, aggregate_id=event.aggregate_id,
            envelope=json.dumps(event.to_envelope()), created_at=self.clock.now(), attempts=0,
        ))
        self.written += 1


class BrokerUnavailable(Exception):
    """The broker could not be reached: stop this tick, every other row would fail the same way."""


@dataclass(frozen=True)
class PendingRow:
    id: int
    event_type: str
    aggregate_id: str
    envelope: dict[str, Any]
    attempts: int
    next_attempt_at: datetime | None


@dataclass
class RelayTick:
    published: int = 0
    failed: int = 0
    skipped: bool = False
    pending: int = 0
    oldest_pending_age: float = 0.0


Publish = Callable[[PendingRow], None]


def backoff_seconds(attempts: int, ceiling: float, rng: random.Random | None = None) -> float:
    """Exponential backoff with jitter: about 0.25 s, 0.5 s, 1 s ... up to ``ceiling``."""
    rng = rng or random.Random()
    base = min(ceiling, 0.25 * (2 ** max(attempts - 1, 0)))
    return base * (0.5 + rng.random() / 2)


class Relay:
    """Publishes pending rows. Within a process one tick runs at a time (a tick asked for while
    another runs is folded into it: the running tick goes round once more), so a timer tick and a
    wake-up after a commit never publish the same rows twice or out of order."""

    def __init__(self, store: Store, publish: Publish, *, service: str, batch_size: int,
                 max_backoff_seconds: float) -> None:
        self.store = store
        self.publish = publish
        self.service = service
        self.batch_size = batch_size
        self.max_backoff = max_backoff_seconds
        self.lock_key = zlib.crc32(f"hcs-relay:{service}".encode())
        self._ticking = threading.Lock()
        self._again = False

    def run_once(self) -> RelayTick:
        """One tick, or a skipped tick if another is running in this process (it will go again)."""
        self._again = True
        if not self._ticking.acquire(blocking=False):
            return RelayTick(skipped=True)
        try:
            tick = RelayTick(skipped=True)
            while self._again:
                self._again = False
                tick = self._run_across_replicas()
            return tick
        finally:
            self._ticking.release()

    def _run_across_replicas(self) -> RelayTick:
        if self.store.engine.dialect.name != "postgresql":
            return self._run_unlocked()
        with self.store.engine.connect() as conn:
            got = conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": self.lock_key}).scalar()
            conn.commit()
            if not got:  # another replica relays; still report the backlog, so every replica's
                tick = RelayTick(skipped=True)  # gauge is current and alerts can take the max
                tick.pending, tick.oldest_pending_age = self.backlog(self.store.clock.now())
                return tick
            try:
                return self._run_unlocked()
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": self.lock_key})
                conn.commit()

    def _run_unlocked(self) -> RelayTick:
        now = self.store.clock.now()
        rows = self._pending_batch()
        tick = RelayTick()
        done: list[int] = []
        failures: list[tuple[int, int, str]] = []
        waiting: set[str] = set()
        for row in rows:
            if row.aggregate_id in waiting:
                continue
            if row.next_attempt_at is not None and as_utc(row.next_attempt_at) > now:
                waiting.add(row.aggregate_id)
                continue
            try:
                self.publish(row)
            except BrokerUnavailable as exc:
                failures.append((row.id, row.attempts + 1, str(exc)[:300]))
                break
            except Exception as exc:  # unroutable, nacked, timed out
                failures.append((row.id, row.attempts + 1, f"{type(exc).__name__}: {exc}"[:300]))
                waiting.add(row.aggregate_id)
                continue
            done.append(row.id)
        self._record(done, failures, now)
        tick.published, tick.failed = len(done), len(failures)
        tick.pending, tick.oldest_pending_age = self.backlog(now)
        return tick

    def _pending_batch(self) -> list[PendingRow]:
        o = tables.outbox
        query = (select(o.c.id, o.c.event_type, o.c.aggregate_id, o.c.envelope, o.c.attempts,
                        o.c.next_attempt_at)
                 .where(o.c.published_at.is_(None)).order_by(o.c.id).limit(self.batch_size))
        with self.store.connection() as conn:
            return [PendingRow(r.id, r.event_type, r.aggregate_id, json.loads(r.envelope), r.attempts,
                               r.next_attempt_at) for r in conn.execute(query)]

    def _record(self, done: list[int], failures: list[tuple[int, int, str]], now: datetime) -> None:
        if not done and not failures:
            return
        o = tables.outbox
        with self.store.connection() as conn:
            if done:
                conn.execute(update(o).where(o.c.id.in_(done)).values(published_at=now))
            for row_id, attempts, error in failures:
                delay = backoff_seconds(attempts, self.max_backoff)
                conn.execute(update(o).where(o.c.id == row_id).values(
                    attempts=attempts, last_error=error,
                    next_attempt_at=now + timedelta(seconds=delay)))

    def backlog(self, now: datetime) -> tuple[int, float]:
        o = tables.outbox
        query = select(func.count(), func.min(o.c.created_at)).where(o.c.published_at.is_(None))
        with self.store.engine.connect() as conn:
            count, oldest = conn.execute(query).one()
        age = (now - as_utc(oldest)).total_seconds() if oldest is not None else 0.0
        return int(count), max(age, 0.0)
