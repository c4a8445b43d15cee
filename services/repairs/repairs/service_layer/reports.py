"""Progress on a job: a contractor's signed callback, or staff recording what a contractor said on
the phone. Both go through the same rules (``domain.progress``); a rejection finds the next contractor
at once.

A callback is keyed by its ``webhook-id`` per contractor and a staff update by its idempotency key:
the same key again is a duplicate and changes nothing. A report the job has already moved past is
recorded as stale and acknowledged, so the contractor's system stops resending it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from hcs.auth import Caller
from hcs.errors import Conflict, HcsError, NotFound, ValidationFailed
from repairs.domain.model import IllegalTransition, Job
from repairs.domain.progress import Applied, EvidenceMissing, JobUpdate, Outcome, ProgressReport, apply_report
from repairs.service_layer import events
from repairs.service_layer.access import audit, refuse, require_stream
from repairs.service_layer.assigning import find_contractor, offer
from repairs.service_layer.context import Rules
from repairs.service_layer.jobs import STAFF

CLOCK_SKEW = timedelta(minutes=5)


@dataclass(frozen=True)
class Receipt:
    job_id: str
    status: str
    outcome: str  # applied | late | stale | duplicate


def record_contractor_report(uow: Any, rules: Rules, contractor: str, webhook_id: str,
                             report: dict[str, Any]) -> Receipt:
    channel = f"contractor:{contractor}"
    actor = Caller(channel, "contractor")
    with uow:
        # the job is locked first, so a duplicate sent at the same moment waits, then sees it was taken
        job: Job | None = uow.jobs.get(report["job_id"], for_update=True)
        if job is None or contractor not in {a["contractor"] for a in job.assignments}:
            refuse(uow, actor, "contractor_report", report["job_id"], NotFound("no such job for this contractor"))
        seen = uow.updates.get(channel, webhook_id)
        if seen is not None:
            return Receipt(seen.job_id, job.status.value, "duplicate")
        if job.contractor != contractor:
            refuse(uow, actor, "contractor_report", job.job_id,
                   Conflict("this job is no longer with you: it was cancelled or given to another contractor"))
        applied = _apply(uow, rules, actor, job, contractor, ProgressReport(
            report["status"], report["at"], channel, report.get("notes"), report.get("reason"),
            tuple(report.get("photos") or ())))
        uow.updates.add(JobUpdate(channel, webhook_id, job.job_id, report["status"], channel, report["at"],
                                  uow.clock.now(), applied.outcome.value, report.get("reason"), report.get("notes")))
        uow.commit()
    return Receipt(job.job_id, job.status.value, applied.outcome.value)


def record_staff_update(uow: Any, rules: Rules, job_id: str, caller: Caller, key: str,
                        report: dict[str, Any]) -> Receipt:
    """What the contractor told staff on the phone, recorded under the staff member's name."""
    with uow:
        job: Job | None = uow.jobs.get(job_id, for_update=True)
        if job is None:
            refuse(uow, caller, "record_contractor_update", job_id, NotFound(f"no job {job_id}"))
        require_stream(uow, caller, "record_contractor_update", job)
        seen = uow.updates.get(STAFF, key)
        if seen is not None:
            if seen.job_id != job_id:
                refuse(uow, caller, "record_contractor_update", job_id,
                       Conflict("this idempotency key was used for another job"))
            return Receipt(job_id, job.status.value, "duplicate")
        if job.contractor is None:
            refuse(uow, caller, "record_contractor_update", job_id,
                   Conflict("no contractor holds this job: reassign it first"))
        applied = _apply(uow, rules, caller, job, job.contractor, ProgressReport(
            report["status"], report["at"], f"staff:{caller.user_id}", report.get("notes"), report.get("reason"),
            tuple(report.get("photos") or ())))
        uow.updates.add(JobUpdate(STAFF, key, job_id, report["status"], caller.user_id, report["at"],
                                  uow.clock.now(), applied.outcome.value, report.get("reason"), report.get("notes")))
        uow.commit()
    return Receipt(job_id, job.status.value, applied.outcome.value)


def _apply(uow: Any, rules: Rules, actor: Caller, job: Job, contractor: str, report: ProgressReport) -> Applied:
    now = uow.clock.now()
    action = "contractor_report" if actor.role == "contractor" else "record_contractor_update"
    try:
        _check_time(job, report.at, now)
        applied = apply_report(job, report, rules.policy)
    except IllegalTransition as exc:
        refuse(uow, actor, action, job.job_id, Conflict(str(exc)))
    except EvidenceMissing as exc:
        refuse(uow, actor, action, job.job_id, ValidationFailed(str(exc), {"photos": [str(exc)]}))
    except HcsError as exc:
        refuse(uow, actor, action, job.job_id, exc)
    if applied.implied_dispatch:
        events.job_dispatched(uow, job, uow.messages.attempts_for(job.job_id, job.assignment))
    if applied.changed:
        events.progressed(uow, job, report.status, contractor, report.at, report.reason)
    if report.status == "rejected" and applied.outcome is Outcome.APPLIED:
        following = find_contractor(uow, rules, job, now)
        if following is not None:
            offer(uow, rules, job, following, now, f"{contractor} rejected it")
    uow.jobs.save(job)
    audit(uow, actor, action, job.job_id, reason=f"{report.status}: {applied.outcome.value}")
    return applied


def _check_time(job: Job, at: datetime, now: datetime) -> None:
    if at > now + CLOCK_SKEW:
        raise ValidationFailed("the time reported is in the future", {"at": ["Not in the future."]})
    if at < job.reported_at:
        raise ValidationFailed("the time reported is before the damage was reported",
                               {"at": ["Not before the damage was reported."]})
