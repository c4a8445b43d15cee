"""What a contractor receives: where, what to do, by when. No names, no narrative, no case details.

The description comes from the catalogue (type, location, attributes); free text has been screened
(see ``screening``). The case id stays with the landlord: the contractor knows the job by its id.
"""

from __future__ import annotations

from typing import Any

from repairs.domain.catalogue import CATALOGUE
from repairs.domain.model import Job

STATUSES_TO_REPORT = ("accepted", "rejected", "on_site", "made_safe", "completed", "no_access")


def work_order(job: Job) -> dict[str, Any]:
    kind = CATALOGUE[job.job_type]
    return {
        "job_id": job.job_id, "assignment": job.assignment,
        "job_type": {"code": kind.code, "name": kind.name, "trade": kind.trade},
        "priority": job.priority, "description": job.description, "instructions": kind.description,
        "location": job.location, "attributes": dict(job.attributes), "access_notes": job.access_notes,
        "address": {key: job.address.get(key) for key in ("uprn", "line", "postcode")},
        "reported_at": _iso(job.reported_at), "target_at": _iso(job.target_at),
        "target": "make safe or complete by target_at" if kind.can_be_made_safe else "complete by target_at",
        "made_safe_at": _iso(job.made_safe_at), "follow_on_due_at": _iso(job.follow_on_due_at),
        "respond_by": _iso(job.accept_by),
        "evidence_photos_before_work": kind.evidence_before_work,
        "report_statuses": list(STATUSES_TO_REPORT),
    }


def withdrawal(job: Job, reason: str) -> dict[str, Any]:
    """Tells a contractor to stop: the job was cancelled or given to someone else."""
    return {"job_id": job.job_id, "reason": reason}


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None
