"""Making a job from a repair request, and what staff do to one: reassign it, cancel it.

Each command is one unit of work: the job, its messages to contractors, its events (outbox) and its
audit row are written together or not at all. Staff commands carry an idempotency key: the same key
again returns the job as it is and changes nothing.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from hcs.auth import Caller
from hcs.errors import Conflict, NotFound, ValidationFailed
from repairs.domain.catalogue import CATALOGUE, describe, infer_job_type
from repairs.domain.model import IllegalTransition, Job
from repairs.domain.progress import JobUpdate
from repairs.service_layer import events
from repairs.service_layer.access import audit, refuse, require_stream
from repairs.service_layer.assigning import find_contractor, offer, tell
from repairs.service_layer.context import Rules

log = logging.getLogger(__name__)
STAFF = "staff"


def create_job(uow: Any, rules: Rules, request: dict[str, Any]) -> Job | None:
    """Turn a repair_requested into a job (POL-6) and offer it to a contractor. Runs inside the
    consumer's unit of work (which records the event in the inbox and commits); a request already
    made into a job creates nothing."""
    if uow.jobs.by_request_id(request["request_id"]) is not None:
        return None
    now = uow.clock.now()
    kind = CATALOGUE[request["job_type"]] if request.get("job_type") else infer_job_type(request["description"])
    screened = {name: rules.screen.screen(request.get(name), limit)
                for name, limit in (("location", 120), ("access_notes", 300))}
    attributes: dict[str, Any] = {}
    if kind.code == "other":
        screened["summary"] = rules.screen.screen(request["description"], 120)
        if screened["summary"].text:
            attributes["summary"] = screened["summary"].text
    priority = request.get("priority") or "emergency"
    target_at, at_risk_at = rules.policy.targets(priority, request["reported_at"])
    job = Job(job_id=str(uuid.uuid4()), request_id=request["request_id"], case_id=request["case_id"],
              action_id=request.get("action_id"), stream=request["stream"], team=request.get("team"),
              address=_address(request["address"]),
              job_type=kind.code, priority=priority,
              description=describe(kind, screened["location"].text, attributes),
              reported_at=request["reported_at"], created_at=now, target_at=target_at, at_risk_at=at_risk_at,
              location=screened["location"].text, access_notes=screened["access_notes"].text,
              attributes=attributes,
              withheld=[f"{name} ({', '.join(s.reasons)})" for name, s in screened.items() if s.reasons])
    events.job_created(uow, job)
    contractor = find_contractor(uow, rules, job, now)
    if contractor is None:
        log.warning("no contractor free for job %s (%s); it waits for one", job.job_id, kind.trade)
    else:
        offer(uow, rules, job, contractor, now, "first choice")
    uow.jobs.add(job)
    return job


def cancel_job(uow: Any, rules: Rules, job_id: str, caller: Caller, key: str, reason: str) -> Job:
    with uow:
        job = load_for_command(uow, caller, "cancel_job", job_id, key)
        if already_done(uow, caller, "cancel_job", key, job):
            return job
        now = uow.clock.now()
        assignment = job.assignment
        try:
            told = job.cancel(now, reason)
        except IllegalTransition as exc:
            refuse(uow, caller, "cancel_job", job_id, Conflict(str(exc)))
        if told is not None:
            tell(uow, job, told, assignment, "cancelled", now)
        uow.jobs.save(job)
        events.job_cancelled(uow, job, now, reason)
        log_command(uow, caller, key, job, "cancel", now, reason)
        uow.commit()
    return job


def reassign_job(uow: Any, rules: Rules, job_id: str, caller: Caller, key: str, contractor_name: str | None,
                 reason: str) -> Job:
    """Give the job to a named contractor, or to the best other one free (trade, area, capacity)."""
    with uow:
        job = load_for_command(uow, caller, "reassign_job", job_id, key)
        if already_done(uow, caller, "reassign_job", key, job):
            return job
        now = uow.clock.now()
        if contractor_name is not None:
            chosen = rules.contractor(contractor_name)
            if chosen is None or not chosen.does(CATALOGUE[job.job_type].trade):
                refuse(uow, caller, "reassign_job", job_id, ValidationFailed("the contractor cannot take this job", {
                    "contractor": ["Not a registered contractor for this trade."]}))
            if chosen.name == job.contractor:
                refuse(uow, caller, "reassign_job", job_id, Conflict("the job is already with this contractor"))
        else:
            chosen = find_contractor(uow, rules, job, now, also_excluded={job.contractor or ""})
            if chosen is None:
                refuse(uow, caller, "reassign_job", job_id,
                       Conflict("no other contractor is free for this trade and area"))
        try:
            offer(uow, rules, job, chosen, now, f"reassigned by staff: {reason}")
        except IllegalTransition as exc:
            refuse(uow, caller, "reassign_job", job_id, Conflict(str(exc)))
        uow.jobs.save(job)
        log_command(uow, caller, key, job, "reassign", now, reason)
        uow.commit()
    return job


def load_for_command(uow: Any, caller: Caller, action: str, job_id: str, key: str) -> Job:
    job: Job | None = uow.jobs.get(job_id, for_update=True)
    if job is None:
        refuse(uow, caller, action, job_id, NotFound(f"no job {job_id}"))
    require_stream(uow, caller, action, job)
    seen = uow.updates.get(STAFF, key)
    if seen is not None and seen.job_id != job_id:
        refuse(uow, caller, action, job_id, Conflict("this idempotency key was used for another job"))
    return job


def already_done(uow: Any, caller: Caller, action: str, key: str, job: Job) -> bool:
    """The same command again (RPCs can run twice): nothing changes, and the repeat is audited."""
    if uow.updates.get(STAFF, key) is None:
        return False
    audit(uow, caller, action, job.job_id, reason="repeated request: nothing changed")
    uow.commit()
    return True


def log_command(uow: Any, caller: Caller, key: str, job: Job, kind: str, now: Any, reason: str) -> None:
    uow.updates.add(JobUpdate(STAFF, key, job.job_id, kind, caller.user_id, now, now, "applied", reason[:300]))
    audit(uow, caller, f"{kind}_job", job.job_id)


def _address(address: dict[str, Any]) -> dict[str, Any]:
    return {key: address.get(key) for key in ("uprn", "postcode", "line")}
