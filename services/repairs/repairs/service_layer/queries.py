"""What staff read: one job with its history, lists of jobs, the contractor directory. Every read is
audited; jobs in a stream the caller may not see are never shown."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hcs.auth import Caller
from hcs.errors import Forbidden, NotFound
from repairs.domain.delivery import DeliveryAttempt, OutboundMessage
from repairs.domain.listing import JobFilter
from repairs.domain.model import Job
from repairs.domain.progress import JobUpdate
from repairs.domain.target import FollowOnOutcome, TargetOutcome
from repairs.service_layer.access import audit, refusal, refuse, require_stream
from repairs.service_layer.context import Rules


@dataclass(frozen=True)
class JobView:
    job: Job
    target: TargetOutcome
    follow_on: FollowOnOutcome
    updates: tuple[JobUpdate, ...] = ()
    messages: tuple[OutboundMessage, ...] = ()
    deliveries: tuple[DeliveryAttempt, ...] = ()


@dataclass(frozen=True)
class JobPage:
    jobs: list[JobView]
    limit: int
    offset: int


def get_job(uow: Any, job_id: str, caller: Caller) -> JobView:
    with uow:
        job: Job | None = uow.jobs.get(job_id)
        if job is None:
            refuse(uow, caller, "get_job", job_id, NotFound(f"no job {job_id}"))
        require_stream(uow, caller, "get_job", job)
        now = uow.clock.now()
        view = JobView(job, job.target_outcome(now), job.follow_on_outcome(now),
                       tuple(uow.updates.for_job(job_id)), tuple(uow.messages.for_job(job_id)),
                       tuple(uow.deliveries.for_job(job_id)))
        audit(uow, caller, "get_job", job_id)
        uow.commit()
    return view


def list_jobs(uow: Any, wanted: JobFilter, caller: Caller) -> JobPage:
    """``wanted.streams`` are the caller's streams: other jobs are never shown."""
    record_id = wanted.case_id or (f"contractor:{wanted.contractor}" if wanted.contractor else wanted.state)
    record_type = "case" if wanted.case_id else "job_list"
    with uow:
        now = uow.clock.now()
        found, matching = uow.jobs.search(wanted, now)
        found = [job for job in found if refusal(caller, job) is None]  # another team's: never listed
        if wanted.case_id and matching and not found and wanted.offset == 0:
            refuse(uow, caller, "list_jobs", record_id, Forbidden("this case's jobs are not ones you may see"),
                   record_type)
        audit(uow, caller, "list_jobs", record_id, reason=f"{wanted.state}: {len(found)} shown",
              record_type=record_type)
        uow.commit()
    return JobPage([JobView(j, j.target_outcome(now), j.follow_on_outcome(now)) for j in found],
                   wanted.limit, wanted.offset)


def contractor_directory(uow: Any, rules: Rules, caller: Caller) -> list[dict[str, Any]]:
    """Who does what, where and when, and how many open jobs each holds; never endpoints' secrets."""
    with uow:
        loads = uow.jobs.open_loads()
        audit(uow, caller, "contractor_directory", None, record_type="contractor")
        uow.commit()
    return [{**c.directory_entry(), "open_jobs": loads.get(c.name, 0)} for c in rules.contractors]
