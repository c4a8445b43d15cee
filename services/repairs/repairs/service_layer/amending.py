"""Staff correct or complete a job's details: its type, the type's attributes (checked per type),
where exactly, and access notes. Staff text is checked strictly (refused, not silently dropped), the
description is rebuilt from the catalogue, and the contractor holding the job is sent the amendment.
The 24-hour clock does not move: it runs from the report of the damage (POL-6)."""

from __future__ import annotations

from typing import Any

from hcs.auth import Caller
from hcs.errors import Conflict, ValidationFailed
from repairs.domain.catalogue import CATALOGUE, attribute_problems, describe
from repairs.domain.model import IllegalTransition, Job
from repairs.service_layer.access import refuse
from repairs.service_layer.assigning import amend
from repairs.service_layer.context import Rules
from repairs.service_layer.jobs import already_done, load_for_command, log_command

TEXT_LIMITS = {"location": 120, "access_notes": 300}


def amend_job(uow: Any, rules: Rules, job_id: str, caller: Caller, key: str, changes: dict[str, Any]) -> Job:
    with uow:
        job = load_for_command(uow, caller, "amend_job", job_id, key)
        if already_done(uow, caller, "amend_job", key, job):
            return job
        kind = CATALOGUE[changes.get("job_type") or job.job_type]
        same_type = kind.code == job.job_type
        attributes = changes.get("attributes", job.attributes if same_type else {})
        problems = _problems(rules, job, kind.code, attributes, changes)
        if problems:
            refuse(uow, caller, "amend_job", job_id, ValidationFailed("the amendment is invalid", problems))
        location = changes.get("location", job.location)
        try:
            job.amend(kind.code, attributes, location, changes.get("access_notes", job.access_notes),
                      describe(kind, location, attributes), [n for n in ("location", "access_notes") if n in changes])
        except IllegalTransition as exc:
            refuse(uow, caller, "amend_job", job_id, Conflict(str(exc)))
        now = uow.clock.now()
        amend(uow, job, now)
        uow.jobs.save(job)
        log_command(uow, caller, key, job, "amend", now, "details amended")
        uow.commit()
    return job


def _problems(rules: Rules, job: Job, job_type: str, attributes: dict[str, Any],
              changes: dict[str, Any]) -> dict[str, list[str]]:
    kind = CATALOGUE[job_type]
    problems = attribute_problems(kind, attributes)
    for attribute in kind.attributes:
        value = attributes.get(attribute.code)
        if attribute.datatype == "string" and isinstance(value, str):
            found = rules.screen.check(value, attribute.max_length)
            if found:
                problems[f"attributes.{attribute.code}"] = found
    for name, limit in TEXT_LIMITS.items():
        if changes.get(name):
            found = rules.screen.check(changes[name], limit)
            if found:
                problems[name] = found
    holder = rules.contractor(job.contractor)
    if holder is not None and not holder.does(kind.trade):
        problems["job_type"] = [f"{holder.name} does not do {kind.trade} work: reassign the job first."]
    return problems
