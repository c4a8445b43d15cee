"""Erasure under the retention schedule: tombstones, and the copies an erased record leaves behind.

A service that erases a record (in its own expiry run, or on another service's erasure event) writes
a tombstone for every id it erased, in the same transaction: ``erased(record_id, record_type,
erased_at, rule)``. Every consumer (``hcs.messaging``) refuses an event that names a tombstoned id,
so a replay of old events (a parked message replayed, an outbox restored from a backup, events
published again) never brings the record back. A tombstone holds an id only: once every service has
erased the record, the id resolves to nothing.

The plumbing tables hold copies too: the outbox keeps every envelope it published and the parked
table the payloads it kept for an operator. ``purge_plumbing`` deletes the erased records' outbox rows
and empties their parked payloads (the parked row stays, marked ``erased``, for the operator's record).
The audit log is not touched: it holds who did what to which id, never the values.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, or_, select, update
from sqlalchemy.orm import Session

from hcs import tables
from hcs.clock import Clock

# The erasure events of the catalogue: they name erased ids by design, so the tombstone check passes
# them (their handlers are idempotent: erasing what is already gone erases nothing).
ERASURE_EVENT_TYPES = frozenset({"report_erased", "case_erased", "job_erased", "case_sharing_erased"})
# The fields of event payloads that name a record of another aggregate.
REFERENCE_FIELDS = ("report_id", "case_id", "job_id", "request_id", "referral_id", "consent_id")
ERASED_PAYLOAD = json.dumps({"erased": "the record this message concerned was erased under the retention schedule"})


def referenced_ids(aggregate_id: str, data: dict[str, Any]) -> set[str]:
    """The ids an event names: its aggregate's and each reference field's."""
    ids = {aggregate_id}
    for key in REFERENCE_FIELDS:
        value = data.get(key)
        if isinstance(value, str) and value:
            ids.add(value)
    return ids


class ErasedStore:
    """``uow.erased``: the tombstones in this unit of work's transaction."""

    def __init__(self, session: Session, clock: Clock) -> None:
        self.session = session
        self.clock = clock

    def remember(self, record_type: str, record_ids: Iterable[str], rule: str, event_id: str | None = None) -> int:
        """Tombstone ``record_ids`` (those not already); returns how many were new."""
        ids = {str(i) for i in record_ids if i}
        if not ids:
            return 0
        known = self.which(ids)
        rows = [{"record_id": i, "record_type": record_type[:40], "erased_at": self.clock.now(),
                 "rule": rule[:64], "event_id": event_id} for i in sorted(ids - known)]
        if rows:
            self.session.execute(insert(tables.erased), rows)
        return len(rows)

    def which(self, record_ids: Iterable[str]) -> set[str]:
        ids = sorted({str(i) for i in record_ids if i})
        if not ids:
            return set()
        e = tables.erased
        return set(self.session.execute(select(e.c.record_id).where(e.c.record_id.in_(ids))).scalars())

    def covers(self, record_ids: Iterable[str]) -> bool:
        return bool(self.which(record_ids))

    def purge(self, record_ids: Iterable[str]) -> dict[str, int]:
        """``purge_plumbing`` in this transaction."""
        return purge_plumbing(self.session, record_ids, self.clock.now())

    def prune_published(self, published_before: datetime) -> int:
        return prune_published_outbox(self.session, published_before)


def purge_plumbing(session: Session, record_ids: Iterable[str], at: datetime) -> dict[str, int]:
    """Delete the outbox rows of the erased records and empty the parked payloads that name them.
    Call it before publishing the erasure event in the same transaction (the event itself stays)."""
    ids = sorted({str(i) for i in record_ids if i})
    if not ids:
        return {"outbox": 0, "parked": 0}
    o, p = tables.outbox, tables.parked
    outbox = session.execute(delete(o).where(o.c.aggregate_id.in_(ids)))
    mentions = or_(*(p.c.payload.contains(i, autoescape=True) for i in ids))
    parked = session.execute(update(p).where(mentions, p.c.payload != ERASED_PAYLOAD).values(
        payload=ERASED_PAYLOAD, status="erased", resolved_at=at,
        resolution="the record was erased under the retention schedule"))
    return {"outbox": int(outbox.rowcount or 0), "parked": int(parked.rowcount or 0)}  # type: ignore[attr-defined]


def prune_published_outbox(session: Session, published_before: datetime) -> int:
    """Delete outbox rows the broker confirmed before ``published_before``: once delivered they
    serve only diagnosis, and they are copies of personal data."""
    o = tables.outbox
    result = session.execute(delete(o).where(o.c.published_at.is_not(None), o.c.published_at < published_before))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
