"""Repairs' commands and queries. Each write is one unit of work with its outbox row."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from hcs.audit import AuditEntry
from hcs.auth import Caller
from hcs.errors import Conflict, Forbidden, NotFound
from repairs.domain.model import IllegalTransition, Job
from repairs.domain.target import TargetOutcome


@dataclass(frozen=True)
class JobView:
    job: Job
    target: TargetOutcome


@dataclass(frozen=True)
class CallbackReceipt:
    job_id: str
    status: str
    duplicate: bool


def create_job(uow: Any, request: dict[str, Any], contractor: str) -> Job | None:
    """Turn a repair_requested into a job (POL-6). Runs inside the consumer's unit of work, which
    records the event in the inbox and commits; a request already made into a job creates nothing."""
    if uow.jobs.by_request_id(request["request_id"]) is not None:
        return None
    now = uow.clock.now()
    job = Job(job_id=str(uuid.uuid4()), request_id=request["request_id"], case_id=request["case_id"],
              stream=request["stream"], address=_address(request["address"]),
              description=request["description"], location=request.get("location"),
              contractor=contractor, reported_at=request["reported_at"], created_at=now,
              next_attempt_at=now)
    uow.jobs.add(job)
    uow.outbox.publish("job_created", job.job_id, job.downstream_summary())
    return job


def record_contractor_report(uow: Any, contractor: str, webhook_id: str,
                             report: dict[str, Any]) -> CallbackReceipt:
    """A contractor's signed status callback; the same webhook-id again changes nothing."""
    with uow:
        if uow.callbacks.seen(contractor, webhook_id):
            return CallbackReceipt(report["job_id"], report["status"], True)
        job = uow.jobs.get(report["job_id"], for_update=True)
        if job is None or job.contractor != contractor:
            raise NotFound(f"no job {report['job_id']} for this contractor")
        try:
            job.record_report(report["status"], report["at"])
        except IllegalTransition as exc:
            raise Conflict(str(exc)) from None
        uow.jobs.save(job)
        uow.callbacks.add(contractor, webhook_id, job.job_id, report["status"], report["at"],
                          uow.clock.now(), report.get("notes"))
        uow.audit.record(AuditEntry(f"contractor:{contractor}", "contractor",
                                    f"repairs.report_{report['status']}", record_type="job",
                                    record_id=job.job_id))
        uow.commit()
    return CallbackReceipt(job.job_id, job.status.value, False)


def get_job(uow: Any, job_id: str, caller: Caller) -> JobView:
    with uow:
        job = uow.jobs.get(job_id)
        if job is None:
            raise NotFound(f"no job {job_id}")
        allowed = caller.may_see_stream(job.stream)
        uow.audit.record(AuditEntry(caller.user_id, caller.role, "repairs.get_job",
                                    "allowed" if allowed else "refused", "job", job_id,
                                    None if allowed else "stream not allowed"))
        uow.commit()
        now = uow.clock.now()
    if not allowed:
        raise Forbidden("this job is in a stream you may not see")
    return JobView(job, job.target_outcome(now))


def list_jobs(uow: Any, case_id: str, caller: Caller) -> list[JobView]:
    with uow:
        found: list[Job] = uow.jobs.for_case(case_id)
        visible = [job for job in found if caller.may_see_stream(job.stream)]
        refused = bool(found) and not visible
        uow.audit.record(AuditEntry(caller.user_id, caller.role, "repairs.list_jobs",
                                    "refused" if refused else "allowed", "case", case_id,
                                    "stream not allowed" if refused else None))
        uow.commit()
        now = uow.clock.now()
    if refused:
        raise Forbidden("this case's jobs are in a stream you may not see")
    return [JobView(job, job.target_outcome(now)) for job in visible]


def _address(address: dict[str, Any]) -> dict[str, Any]:
    return {key: address.get(key) for key in ("uprn", "postcode", "line")}
