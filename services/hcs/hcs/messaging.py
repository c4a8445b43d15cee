"""Consuming events safely: validate, de-duplicate, apply in one unit of work, or park.

``@consumes("report_received")`` wraps nameko's ``event_handler`` (with ``requeue_on_error``). The
decorated method receives ``(event, uow)`` inside the unit of work that also records the event in
the inbox; it must not commit. Outcomes:

- invalid envelope or payload: parked at once (retrying cannot help);
- already in the inbox: skipped and counted;
- it names a record erased under the retention schedule (a tombstone, ``hcs.erasure``): recorded
  in the inbox and refused, so a replay of old events never brings erased data back;
- the handler raises: retried a bounded number of times, then parked with the error;
- the handler raises ``NotYet`` (the event needs another that is still on its way on another
  queue, e.g. a withdrawal of a report not taken yet): retried, then requeued rather than parked,
  so a backlog drained in the "wrong" order needs no operator; the broker's delivery limit
  dead-letters one whose dependency never comes;
- the database itself is unreachable: the message is requeued (after a pause), never parked or
  acked, because nothing could record it.
"""

from __future__ import annotations

import enum
import functools
import json
import logging
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from nameko.events import event_handler
from sqlalchemy import insert
from sqlalchemy.exc import DBAPIError, DisconnectionError, IntegrityError, InterfaceError, OperationalError

from hcs import metrics, tables
from hcs.config import ConsumerSettings
from hcs.contracts import source_of
from hcs.db import SqlAlchemyUnitOfWork, Store
from hcs.erasure import ERASURE_EVENT_TYPES, referenced_ids
from hcs.events import Event, InvalidEvent, parse_envelope
from hcs.logs import current_correlation_id

log = logging.getLogger(__name__)

Apply = Callable[[Event, Any], None]


class Outcome(enum.StrEnum):
    APPLIED = "applied"
    DUPLICATE = "duplicate"
    PARKED = "parked"
    ERASED = "erased"  # names an erased record: refused


class DeliveryDeferred(Exception):
    """Raised to make nameko requeue the message: the database could not be reached, or the event
    came before one it depends on."""


class NotYet(Exception):
    """Raised by a handler whose event depends on another event not applied yet."""


def _database_down(exc: BaseException) -> bool:
    if isinstance(exc, (OperationalError, InterfaceError, DisconnectionError)):
        return True
    return isinstance(exc, DBAPIError) and exc.connection_invalidated


def receive(store: Store, uow_class: type[SqlAlchemyUnitOfWork], consumer: str, payload: Any,
            apply: Apply, settings: ConsumerSettings, service: str,
            sleep: Callable[[float], None] = time.sleep) -> Outcome:
    try:
        event = parse_envelope(payload)
    except InvalidEvent as exc:
        return park(store, consumer, payload, None, "invalid", str(exc), 1, service)

    last_error: BaseException | None = None
    for attempt in range(1, settings.attempts + 1):
        try:
            return _apply_once(store, uow_class, consumer, event, apply, service)
        except Exception as exc:
            last_error = exc
            log.warning("consumer %s failed on %s %s (attempt %d): %s", consumer, event.event_type,
                        event.event_id, attempt, type(exc).__name__)
            if attempt < settings.attempts:
                sleep(settings.retry_delay_seconds * attempt)
    assert last_error is not None
    if _database_down(last_error):
        sleep(1.0)
        raise DeliveryDeferred(f"database unavailable; {event.event_type} {event.event_id} requeued")
    if isinstance(last_error, NotYet):
        sleep(1.0)
        raise DeliveryDeferred(f"{event.event_type} {event.event_id} came early; requeued")
    error = f"{type(last_error).__name__}: {last_error}"
    try:
        return park(store, consumer, payload, event, "failed", error, settings.attempts, service)
    except Exception as exc:
        sleep(1.0)
        raise DeliveryDeferred(f"could not park {event.event_id}; requeued") from exc


def _apply_once(store: Store, uow_class: type[SqlAlchemyUnitOfWork], consumer: str, event: Event,
                apply: Apply, service: str) -> Outcome:
    correlation_id = event.correlation_id or current_correlation_id() or event.event_id
    with store.unit_of_work(uow_class, {"correlation_id": correlation_id}) as uow:
        if uow.inbox.seen(consumer, event.event_id):
            metrics.INBOX_DUPLICATES.labels(service, consumer).inc()
            return Outcome.DUPLICATE
        if event.event_type not in ERASURE_EVENT_TYPES and uow.erased.covers(
                referenced_ids(event.aggregate_id, event.data)):
            uow.inbox.record(consumer, event)
            uow.commit()
            metrics.ERASED_REFUSED.labels(service, consumer).inc()
            log.info("consumer %s refused %s %s: it names an erased record", consumer, event.event_type,
                     event.event_id)
            return Outcome.ERASED
        apply(event, uow)
        uow.inbox.record(consumer, event)
        try:
            uow.commit()
        except IntegrityError:
            # a competing consumer recorded the same event between our check and our commit
            uow.rollback()
            with store.unit_of_work(uow_class) as check:
                if check.inbox.seen(consumer, event.event_id):
                    metrics.INBOX_DUPLICATES.labels(service, consumer).inc()
                    return Outcome.DUPLICATE
            raise
    metrics.EVENTS_APPLIED.labels(service, consumer).inc()
    return Outcome.APPLIED


def park(store: Store, consumer: str, payload: Any, event: Event | None, reason: str, error: str,
         attempts: int, service: str) -> Outcome:
    try:
        body = json.dumps(payload)
    except (TypeError, ValueError):
        body = json.dumps(repr(payload))
    event_id = event.event_id if event else (payload.get("event_id") if isinstance(payload, dict) else None)
    event_type = event.event_type if event else (payload.get("event_type") if isinstance(payload, dict) else None)
    with store.connection() as conn:
        conn.execute(insert(tables.parked).values(
            consumer=consumer, event_id=str(event_id)[:36] if event_id else None,
            event_type=str(event_type)[:80] if event_type else None, payload=body, reason=reason,
            error=error[:500], attempts=attempts, parked_at=store.clock.now(), status="parked"))
    metrics.PARKED.labels(service, consumer, reason).inc()
    # the error's text stays in the parked row for the operator; the log names its kind only,
    # since an exception's message may quote the payload
    log.error("parked event %s (%s) for %s (%s): %s", event_id, event_type, consumer, reason,
              error.split(":", 1)[0][:80])
    return Outcome.PARKED


def consumes(event_type: str) -> Callable[[Callable[..., None]], Callable[[Any, Any], Outcome]]:
    """Declare a service method as the consumer of ``event_type`` (from the catalogue's source)."""
    source = source_of(event_type)

    def decorator(fn: Callable[..., None]) -> Callable[[Any, Any], Outcome]:
        @functools.wraps(fn)
        def entrypoint(self: Any, payload: Any) -> Outcome:
            return receive(self.db.store, self.db.uow_class, f"{self.name}.{fn.__name__}", payload,
                           lambda event, uow: fn(self, event, uow), self.settings.consumer, self.name)

        entrypoint.consumed_event = event_type  # type: ignore[attr-defined]
        return event_handler(source, event_type, requeue_on_error=True)(entrypoint)  # type: ignore[no-any-return]

    return decorator


def parked_rows(store: Store, status: str = "parked", limit: int = 100) -> list[dict[str, Any]]:
    from sqlalchemy import select

    p = tables.parked
    query = (select(p.c.id, p.c.consumer, p.c.event_id, p.c.event_type, p.c.reason, p.c.error,
                    p.c.attempts, p.c.parked_at, p.c.status, p.c.resolution)
             .where(p.c.status == status).order_by(p.c.id).limit(limit))
    with store.connection() as conn:
        return [_row(r._mapping) for r in conn.execute(query)]


def _row(mapping: Any) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in mapping.items()}
