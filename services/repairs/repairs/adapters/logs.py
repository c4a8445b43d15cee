"""Messages to contractors, each attempt to deliver one, and every update received about a job."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, insert, select, update
from sqlalchemy.orm import Session, aliased

from hcs.clock import as_utc
from repairs.adapters.orm import contractor_messages, deliveries, job_updates
from repairs.domain.delivery import DeliveryAttempt, OutboundMessage
from repairs.domain.progress import JobUpdate

m = contractor_messages.c


class SqlMessageBox:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, message: OutboundMessage) -> None:
        self.session.execute(insert(contractor_messages).values(
            webhook_id=message.webhook_id, job_id=message.job_id, contractor=message.contractor,
            assignment=message.assignment, kind=message.kind, data=message.data, created_at=message.created_at,
            next_attempt_at=as_utc(message.next_attempt_at), attempts=message.attempts, status=message.status,
            delivered_at=message.delivered_at))

    def save(self, message: OutboundMessage) -> None:
        self.session.execute(update(contractor_messages).where(m.id == message.id).values(
            next_attempt_at=as_utc(message.next_attempt_at), attempts=message.attempts, status=message.status,
            delivered_at=message.delivered_at and as_utc(message.delivered_at)))

    def get(self, message_id: int, for_update: bool = False) -> OutboundMessage | None:
        query = select(contractor_messages).where(m.id == message_id)
        row = self.session.execute(query.with_for_update() if for_update else query).first()
        return _message(row) if row else None

    def due(self, now: datetime, limit: int) -> list[OutboundMessage]:
        """Pending messages whose time has come, each only when no earlier message to the same
        contractor about the same job is still pending (an amendment never overtakes its offer).
        Locked until commit: another replica skips them."""
        earlier = aliased(contractor_messages)
        blocked = (select(earlier.c.id).where(earlier.c.job_id == m.job_id, earlier.c.contractor == m.contractor,
                                              earlier.c.status == "pending", earlier.c.id < m.id).exists())
        query = (select(contractor_messages)
                 .where(and_(m.status == "pending", m.next_attempt_at <= now, ~blocked))
                 .order_by(m.next_attempt_at, m.id).limit(limit).with_for_update(skip_locked=True))
        return [_message(row) for row in self.session.execute(query)]

    def pending(self) -> tuple[int, datetime | None]:
        """How many messages wait to reach contractors, and since when the oldest has waited."""
        query = select(func.count(), func.min(m.created_at)).where(m.status == "pending")
        waiting, oldest = self.session.execute(query).one()
        return int(waiting), as_utc(oldest) if oldest is not None else None

    def for_job(self, job_id: str) -> list[OutboundMessage]:
        query = select(contractor_messages).where(m.job_id == job_id).order_by(m.id)
        return [_message(row) for row in self.session.execute(query)]

    def attempted(self, job_id: str, contractor: str, assignment: int) -> bool:
        query = select(m.id).where(m.job_id == job_id, m.contractor == contractor, m.assignment == assignment,
                                   m.attempts > 0).limit(1)
        return self.session.execute(query).first() is not None

    def supersede_pending(self, job_id: str, contractor: str, assignment: int) -> None:
        self.session.execute(update(contractor_messages).where(
            m.job_id == job_id, m.contractor == contractor, m.assignment == assignment, m.status == "pending",
        ).values(status="superseded"))

    def attempts_for(self, job_id: str, assignment: int) -> int:
        """How many times the offer of this assignment was tried."""
        query = select(m.attempts).where(m.job_id == job_id, m.assignment == assignment, m.kind == "job.offered")
        return max((int(n) for (n,) in self.session.execute(query)), default=0)

    def count_for(self, job_id: str, assignment: int, kind: str) -> int:
        query = select(m.id).where(m.job_id == job_id, m.assignment == assignment, m.kind == kind)
        return len(self.session.execute(query).all())


class SqlDeliveryLog:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, attempt: DeliveryAttempt) -> None:
        self.session.execute(insert(deliveries).values(
            job_id=attempt.job_id, webhook_id=attempt.webhook_id, contractor=attempt.contractor,
            attempt=attempt.attempt, at=as_utc(attempt.at), status_code=attempt.status_code, error=attempt.error,
            outcome=attempt.outcome))

    def for_job(self, job_id: str) -> list[DeliveryAttempt]:
        query = select(deliveries).where(deliveries.c.job_id == job_id).order_by(deliveries.c.id)
        return [DeliveryAttempt(r.job_id, r.webhook_id, r.attempt, as_utc(r.at), r.status_code, r.error,
                                r.contractor) for r in self.session.execute(query)]


class SqlUpdateLog:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, channel: str, key: str) -> JobUpdate | None:
        query = select(job_updates).where(job_updates.c.channel == channel, job_updates.c.key == key)
        row = self.session.execute(query).first()
        return _update(row) if row else None

    def add(self, entry: JobUpdate) -> None:
        self.session.execute(insert(job_updates).values(
            channel=entry.channel, key=entry.key, job_id=entry.job_id, kind=entry.kind, actor=entry.actor,
            at=as_utc(entry.at), received_at=as_utc(entry.received_at), outcome=entry.outcome,
            reason=entry.reason, notes=entry.notes))

    def for_job(self, job_id: str) -> list[JobUpdate]:
        query = (select(job_updates).where(job_updates.c.job_id == job_id)
                 .order_by(job_updates.c.received_at, job_updates.c.at))
        return [_update(row) for row in self.session.execute(query)]


def _message(row: Any) -> OutboundMessage:
    return OutboundMessage(row.webhook_id, row.job_id, row.contractor, row.assignment, row.kind, dict(row.data),
                           as_utc(row.created_at), as_utc(row.next_attempt_at), row.attempts, row.status,
                           row.delivered_at and as_utc(row.delivered_at), row.id)


def _update(row: Any) -> JobUpdate:
    return JobUpdate(row.channel, row.key, row.job_id, row.kind, row.actor, as_utc(row.at),
                     as_utc(row.received_at), row.outcome, row.reason, row.notes)
