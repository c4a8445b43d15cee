"""Jobs, delivery attempts and contractor callbacks in and out of the database."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from hcs.clock import as_utc
from repairs.adapters.orm import callbacks, deliveries, jobs
from repairs.domain.delivery import DeliveryAttempt
from repairs.domain.model import Job, JobStatus

_MUTABLE = ("status", "delivery_attempts", "next_attempt_at", "dispatched_at", "made_safe_at",
            "completed_at", "closed_at")


class SqlJobRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, job: Job) -> None:
        self.session.execute(insert(jobs).values(
            job_id=job.job_id, request_id=job.request_id, case_id=job.case_id, stream=job.stream,
            address=job.address, description=job.description, location=job.location,
            contractor=job.contractor, reported_at=job.reported_at, created_at=job.created_at,
            target_at=job.target_at, **_mutable(job)))

    def save(self, job: Job) -> None:
        self.session.execute(update(jobs).where(jobs.c.job_id == job.job_id).values(**_mutable(job)))

    def get(self, job_id: str, for_update: bool = False) -> Job | None:
        query = select(jobs).where(jobs.c.job_id == job_id)
        row = self.session.execute(query.with_for_update() if for_update else query).first()
        return _to_job(row) if row else None

    def by_request_id(self, request_id: str) -> Job | None:
        row = self.session.execute(select(jobs).where(jobs.c.request_id == request_id)).first()
        return _to_job(row) if row else None

    def for_case(self, case_id: str) -> list[Job]:
        query = select(jobs).where(jobs.c.case_id == case_id).order_by(jobs.c.created_at, jobs.c.job_id)
        return [_to_job(row) for row in self.session.execute(query)]

    def awaiting_delivery(self, now: datetime, limit: int) -> list[Job]:
        """Jobs due a delivery attempt, locked (other replicas skip them) until this commit."""
        query = (select(jobs)
                 .where(jobs.c.status == JobStatus.CREATED.value, jobs.c.next_attempt_at <= now)
                 .order_by(jobs.c.next_attempt_at).limit(limit)
                 .with_for_update(skip_locked=True))
        return [_to_job(row) for row in self.session.execute(query)]


class SqlDeliveryLog:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, attempt: DeliveryAttempt) -> None:
        self.session.execute(insert(deliveries).values(
            job_id=attempt.job_id, attempt=attempt.attempt, at=attempt.at,
            status_code=attempt.status_code, error=attempt.error, outcome=attempt.outcome))

    def for_job(self, job_id: str) -> list[DeliveryAttempt]:
        query = select(deliveries).where(deliveries.c.job_id == job_id).order_by(deliveries.c.id)
        return [DeliveryAttempt(r.job_id, r.attempt, as_utc(r.at), r.status_code, r.error)
                for r in self.session.execute(query)]


class SqlCallbackLog:
    def __init__(self, session: Session) -> None:
        self.session = session

    def seen(self, contractor: str, webhook_id: str) -> bool:
        query = select(callbacks.c.job_id).where(callbacks.c.contractor == contractor,
                                                 callbacks.c.webhook_id == webhook_id)
        return self.session.execute(query).first() is not None

    def add(self, contractor: str, webhook_id: str, job_id: str, status: str, at: datetime,
            received_at: datetime, notes: str | None) -> None:
        self.session.execute(insert(callbacks).values(
            contractor=contractor, webhook_id=webhook_id, job_id=job_id, status=status, at=at,
            received_at=received_at, notes=notes))


def _mutable(job: Job) -> dict[str, Any]:
    values = {name: getattr(job, name) for name in _MUTABLE}
    values["status"] = job.status.value
    return values


def _utc(value: datetime | None) -> datetime | None:
    return as_utc(value) if value is not None else None


def _to_job(row: Any) -> Job:
    return Job(
        job_id=row.job_id, request_id=row.request_id, case_id=row.case_id, stream=row.stream,
        address=dict(row.address), description=row.description, location=row.location,
        contractor=row.contractor, reported_at=as_utc(row.reported_at),
        created_at=as_utc(row.created_at), status=JobStatus(row.status),
        delivery_attempts=row.delivery_attempts, next_attempt_at=_utc(row.next_attempt_at),
        dispatched_at=_utc(row.dispatched_at), made_safe_at=_utc(row.made_safe_at),
        completed_at=_utc(row.completed_at), closed_at=_utc(row.closed_at))
