"""Sending due jobs to contractors, with no transaction open while we wait for their systems.

One tick: claim the due jobs in one short unit of work (each claim is a lease, so another replica or
the next tick does not send the same job meanwhile), send each without a transaction, then record
each outcome in its own short unit of work. A failed attempt is retried with backoff and jitter; the
webhook-id is the job id every time, so a retry can never become a second job at the contractor.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from repairs.domain.delivery import Contractor, DeliveryAttempt, retry_delay
from repairs.domain.model import Job

log = logging.getLogger(__name__)

Send = Callable[[Contractor, str, dict[str, Any]], int]
"""(contractor, webhook_id, work order) -> HTTP status; raises when there is no response."""


@dataclass(frozen=True)
class Claim:
    job_id: str
    attempt: int
    contractor: str
    work_order: dict[str, Any]


@dataclass
class DispatchTick:
    delivered: int = 0
    failed: int = 0
    results: list[DeliveryAttempt] = field(default_factory=list)


def dispatch_due_jobs(start_uow: Callable[[], Any], contractors: dict[str, Contractor], send: Send, *,
                      batch_size: int, lease_seconds: float, max_backoff_seconds: float,
                      rng: random.Random | None = None) -> DispatchTick:
    tick = DispatchTick()
    for claim in claim_due_jobs(start_uow(), batch_size, lease_seconds):
        contractor = contractors.get(claim.contractor)
        status_code, error = None, None
        if contractor is None:
            error = "UnknownContractor"
        else:
            try:
                status_code = send(contractor, claim.job_id, claim.work_order)
            except Exception as exc:  # connection refused, timeout, TLS: the class is enough
                error = type(exc).__name__
        attempt = record_delivery(start_uow(), claim, status_code, error, max_backoff_seconds, rng)
        tick.results.append(attempt)
        if attempt.delivered:
            tick.delivered += 1
        else:
            tick.failed += 1
            log.warning("job %s not delivered to %s (attempt %d): %s", claim.job_id, claim.contractor,
                        claim.attempt, error or status_code)
    return tick


def claim_due_jobs(uow: Any, batch_size: int, lease_seconds: float) -> list[Claim]:
    with uow:
        now = uow.clock.now()
        due: list[Job] = uow.jobs.awaiting_delivery(now, batch_size)
        claims = []
        for job in due:
            attempt = job.claim_delivery(now + timedelta(seconds=lease_seconds))
            uow.jobs.save(job)
            claims.append(Claim(job.job_id, attempt, job.contractor, job.work_order()))
        uow.commit()
    return claims


def record_delivery(uow: Any, claim: Claim, status_code: int | None, error: str | None,
                    max_backoff_seconds: float, rng: random.Random | None = None) -> DeliveryAttempt:
    with uow:
        now = uow.clock.now()
        attempt = DeliveryAttempt(claim.job_id, claim.attempt, now, status_code, error)
        uow.deliveries.add(attempt)
        job = uow.jobs.get(claim.job_id, for_update=True)
        if job is not None and job.awaiting_delivery:  # not cancelled or sent by another replica
            if attempt.delivered:
                job.dispatch(now)
                uow.outbox.publish("job_dispatched", job.job_id, {
                    "job_id": job.job_id, "case_id": job.case_id, "stream": job.stream,
                    "target_at": job.target_at, "contractor": job.contractor, "dispatched_at": now,
                    "attempts": claim.attempt})
            else:
                delay = retry_delay(claim.attempt, max_backoff_seconds, rng)
                job.delivery_failed(now + timedelta(seconds=delay))
            uow.jobs.save(job)
        uow.commit()
    return attempt
