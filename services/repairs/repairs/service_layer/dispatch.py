"""Sending messages to contractors, with no transaction open while we wait for their systems.

One tick: claim the due messages in one short unit of work (each claim is a lease, so another replica
or the next tick does not send the same message meanwhile), send each without a transaction, then
record each outcome in its own short unit of work. A failed attempt is retried with backoff and
jitter, under the same webhook-id, until the contractor's system takes it: nothing is lost while it is
down, and a retry can never become a second job there. When an offer is taken the job is dispatched.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from repairs.domain.contractors import Contractor
from repairs.domain.delivery import OFFER, DeliveryAttempt, OutboundMessage, retry_delay
from repairs.domain.model import JobStatus
from repairs.service_layer import events

log = logging.getLogger(__name__)

Send = Callable[[Contractor, str, dict[str, Any]], int]
"""(contractor, webhook_id, body) -> HTTP status; raises when there is no response."""


@dataclass
class DispatchTick:
    delivered: int = 0
    failed: int = 0
    results: list[DeliveryAttempt] = field(default_factory=list)


def dispatch_due(start_uow: Callable[[], Any], contractors: dict[str, Contractor], send: Send, *,
                 batch_size: int, lease_seconds: float, max_backoff_seconds: float,
                 rng: random.Random | None = None) -> DispatchTick:
    tick = DispatchTick()
    for message in claim_due(start_uow(), batch_size, lease_seconds):
        contractor = contractors.get(message.contractor)
        status_code, error = None, None
        if contractor is None:
            error = "UnknownContractor"  # taken out of the registry: kept, and retried if it comes back
        else:
            try:
                status_code = send(contractor, message.webhook_id, message.body(start_uow().clock.now()))
            except Exception as exc:  # connection refused, timeout, TLS: the class is enough
                error = type(exc).__name__
        attempt = record_delivery(start_uow(), message, status_code, error, max_backoff_seconds, rng)
        tick.results.append(attempt)
        if attempt.delivered:
            tick.delivered += 1
        else:
            tick.failed += 1
            log.warning("%s for job %s not delivered to %s (attempt %d): %s", message.kind, message.job_id,
                        message.contractor, message.attempts, error or status_code)
    return tick


def claim_due(uow: Any, batch_size: int, lease_seconds: float) -> list[OutboundMessage]:
    with uow:
        now = uow.clock.now()
        due: list[OutboundMessage] = uow.messages.due(now, batch_size)
        for message in due:
            message.attempts += 1
            message.next_attempt_at = now + timedelta(seconds=lease_seconds)
            uow.messages.save(message)
        uow.commit()
    return due


def record_delivery(uow: Any, claim: OutboundMessage, status_code: int | None, error: str | None,
                    max_backoff_seconds: float, rng: random.Random | None = None) -> DeliveryAttempt:
    with uow:
        now = uow.clock.now()
        attempt = DeliveryAttempt(claim.job_id, claim.webhook_id, claim.attempts, now, status_code, error,
                                  claim.contractor)
        uow.deliveries.add(attempt)
        message: OutboundMessage | None = uow.messages.get(claim.id, for_update=True)
        if message is not None and message.status == "pending":  # not superseded or sent by another replica
            if attempt.delivered:
                message.status, message.delivered_at = "delivered", now
                if message.kind == OFFER:
                    _dispatched(uow, message, now)
            else:
                message.next_attempt_at = now + timedelta(seconds=retry_delay(claim.attempts, max_backoff_seconds,
                                                                              rng))
            uow.messages.save(message)
        uow.commit()
    return attempt


def _dispatched(uow: Any, message: OutboundMessage, now: Any) -> None:
    job = uow.jobs.get(message.job_id, for_update=True)
    if job is None or job.status is not JobStatus.CREATED or job.contractor != message.contractor \
            or job.assignment != message.assignment:
        return  # already moved on (the contractor's callback came first, or the job was withdrawn)
    job.dispatch(now)
    uow.jobs.save(job)
    events.job_dispatched(uow, job, message.attempts)
