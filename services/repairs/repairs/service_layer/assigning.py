"""Finding a contractor for a job, offering it to them, and withdrawing it from the one before.

Every offer and withdrawal is a message written in the caller's unit of work (the same transaction
as the change to the job), sent afterwards by ``dispatch``.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from repairs.domain.catalogue import CATALOGUE
from repairs.domain.contractors import Contractor, WorkNeeded, choose_contractor, postcode_district
from repairs.domain.delivery import AMENDMENT, OFFER, WITHDRAWAL, OutboundMessage
from repairs.domain.model import Job
from repairs.domain.work_order import withdrawal, work_order
from repairs.service_layer.context import Rules


def find_contractor(uow: Any, rules: Rules, job: Job, now: datetime,
                    also_excluded: Collection[str] = ()) -> Contractor | None:
    """The best contractor for the job now, leaving out those who handed it back or timed out."""
    work = WorkNeeded(CATALOGUE[job.job_type].trade, postcode_district(job.address.get("postcode")), job.priority)
    excluded = job.excluded_contractors | set(also_excluded)
    local_now = now.astimezone(rules.policy.calendar.tz)
    return choose_contractor(rules.contractors, work, uow.jobs.open_loads(), excluded, local_now)


def offer(uow: Any, rules: Rules, job: Job, contractor: Contractor, now: datetime, reason: str) -> None:
    """Give the job to ``contractor`` (withdrawing it from whoever had it) and queue the offer."""
    if job.contractor is not None:
        withdraw(uow, job, now, "reassigned", outcome="withdrawn")
    job.assign(contractor.name, now, now + rules.accept_window(contractor), reason)
    _queue(uow, job, contractor.name, OFFER, work_order(job), now)


def withdraw(uow: Any, job: Job, now: datetime, reason: str, outcome: str) -> None:
    """The current contractor loses the job; they are told if our offer may have reached them."""
    contractor, assignment = job.contractor, job.assignment
    job.release(now, outcome)
    if contractor is not None:
        tell(uow, job, contractor, assignment, reason, now)


def tell(uow: Any, job: Job, contractor: str, assignment: int, reason: str, now: datetime) -> None:
    """Withdraw an offer: messages still pending are not sent; a contractor who may have had one
    (any attempt was made) is sent a withdrawal."""
    attempted = uow.messages.attempted(job.job_id, contractor, assignment)
    uow.messages.supersede_pending(job.job_id, contractor, assignment)
    if attempted:
        _queue(uow, job, contractor, WITHDRAWAL, withdrawal(job, reason), now, assignment)


def amend(uow: Any, job: Job, now: datetime) -> None:
    """Send the current contractor the job's new details (after the offer, never before it)."""
    if job.contractor is not None:
        _queue(uow, job, job.contractor, AMENDMENT, work_order(job), now)


def _queue(uow: Any, job: Job, contractor: str, kind: str, data: dict[str, Any], now: datetime,
           assignment: int | None = None) -> None:
    assignment = job.assignment if assignment is None else assignment
    sequence = uow.messages.count_for(job.job_id, assignment, kind)
    webhook_id = OutboundMessage.webhook_id_for(job.job_id, assignment, kind, sequence)
    uow.messages.add(OutboundMessage(webhook_id, job.job_id, contractor, assignment, kind, data, now, now))
