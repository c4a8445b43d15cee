"""Building jobs for domain tests."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from repairs.domain.model import Job, JobStatus
from repairs.domain.target import SlaPolicy

from .conftest import REPORTED


def new_job(policy: SlaPolicy, status: JobStatus = JobStatus.DISPATCHED, job_type: str = "glazing",
            priority: str = "emergency", contractor: str | None = "reference", **changes: Any) -> Job:
    target_at, at_risk_at = policy.targets(priority, REPORTED)
    job = Job("job-1", "req-1", "case-1", "general_needs", {"uprn": "100023336956", "postcode": "E1 6AN"},
              job_type, priority, "Glazing repair, front room", REPORTED, REPORTED + timedelta(minutes=5),
              target_at, at_risk_at, **changes)
    if contractor is not None:
        job.assign(contractor, REPORTED, REPORTED + timedelta(minutes=35), "first choice")
    job.status = status
    return job
