"""The events repairs publishes about a job (contracts in ``hcs.contracts.repairs``), written to the
outbox in the unit of work that changed the job. They carry identifiers and times only."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from repairs.domain.model import Job
from repairs.domain.target import SlaSignal


def job_created(uow: Any, job: Job) -> None:
    uow.outbox.publish("job_created", job.job_id, {
        **job.event_base(), "request_id": job.request_id, "created_at": job.created_at,
        "job_type": job.job_type, "priority": job.priority})


def job_dispatched(uow: Any, job: Job, attempts: int) -> None:
    uow.outbox.publish("job_dispatched", job.job_id, {
        **job.event_base(), "contractor": job.contractor, "dispatched_at": job.dispatched_at,
        "attempts": max(attempts, 1)})


def progressed(uow: Any, job: Job, kind: str, contractor: str, at: datetime, reason: str | None = None) -> None:
    """accepted, rejected, on_site, no_access, made_safe or completed, with the contractor's time."""
    data: dict[str, Any] = {**job.event_base(), "contractor": contractor, "at": at}
    if kind == "rejected":
        data["reason"] = reason
    elif kind == "made_safe":
        assert job.made_safe_at is not None
        data.update(within_target=job.made_safe_at <= job.target_at, follow_on_due_at=job.follow_on_due_at)
    elif kind == "completed":
        data.update(within_target=job.target_outcome(at).met, made_safe_at=job.made_safe_at,
                    follow_on_met=None if job.follow_on_due_at is None or job.completed_at is None
                    else job.completed_at <= job.follow_on_due_at)
    uow.outbox.publish(f"job_{kind}", job.job_id, data)


def sla(uow: Any, job: Job, signal: SlaSignal, at: datetime) -> None:
    uow.outbox.publish(signal.event_type, job.job_id, {**job.event_base(), "at": at,
                                                       "milestone": signal.milestone})


def job_cancelled(uow: Any, job: Job, at: datetime, reason: str) -> None:
    uow.outbox.publish("job_cancelled", job.job_id, {**job.event_base(), "at": at, "reason": reason})
