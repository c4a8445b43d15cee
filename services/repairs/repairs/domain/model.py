"""A harassment repair job: what to put right, where, for which case, and how far it has got.

POL-6: repairs caused by harassment are completed within 24 hours; where more time is needed, a
temporary repair that makes the victim safe and secure is done within 24 hours.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from repairs.domain.target import TargetOutcome, assess

RESPONSE_TIME = timedelta(hours=24)


class JobStatus(enum.StrEnum):
    CREATED = "created"
    DISPATCHED = "dispatched"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    ON_SITE = "on_site"
    MADE_SAFE = "made_safe"
    COMPLETED = "completed"
    NO_ACCESS = "no_access"
    CANCELLED = "cancelled"


S = JobStatus
NEXT: dict[JobStatus, frozenset[JobStatus]] = {
    S.CREATED: frozenset({S.DISPATCHED, S.CANCELLED}),
    S.DISPATCHED: frozenset({S.ACCEPTED, S.REJECTED, S.CANCELLED}),
    S.ACCEPTED: frozenset({S.ON_SITE, S.NO_ACCESS, S.CANCELLED}),
    S.ON_SITE: frozenset({S.MADE_SAFE, S.COMPLETED, S.NO_ACCESS}),
    S.MADE_SAFE: frozenset({S.COMPLETED}),
}
CONTRACTOR_REPORTS = (S.ACCEPTED, S.REJECTED, S.ON_SITE, S.MADE_SAFE, S.COMPLETED, S.NO_ACCESS)


class IllegalTransition(Exception):
    """A job cannot move from its status to the one asked for."""

    def __init__(self, job_id: str, current: JobStatus, wanted: str) -> None:
        super().__init__(f"job {job_id} is {current.value} and cannot become {wanted}")
        self.current = current
        self.wanted = wanted


@dataclass
class Job:
    job_id: str
    request_id: str
    case_id: str
    stream: str
    address: dict[str, Any]
    description: str
    location: str | None
    contractor: str
    reported_at: datetime
    created_at: datetime
    status: JobStatus = S.CREATED
    delivery_attempts: int = 0
    next_attempt_at: datetime | None = None
    dispatched_at: datetime | None = None
    made_safe_at: datetime | None = None
    completed_at: datetime | None = None
    closed_at: datetime | None = None

    @property
    def target_at(self) -> datetime:
        """24 clock hours from the report of the damage, not from when the job reached us."""
        return self.reported_at + RESPONSE_TIME

    def target_outcome(self, now: datetime) -> TargetOutcome:
        return assess(self.target_at, self.made_safe_at, self.completed_at, now)

    def claim_delivery(self, lease_until: datetime) -> int:
        """Start one attempt to send the job; nobody else tries before ``lease_until``."""
        self._require(S.DISPATCHED)
        self.delivery_attempts += 1
        self.next_attempt_at = lease_until
        return self.delivery_attempts

    def delivery_failed(self, retry_at: datetime) -> None:
        self._require(S.DISPATCHED)
        self.next_attempt_at = retry_at

    def dispatch(self, at: datetime) -> None:
        """The contractor's system took the job."""
        self._move(S.DISPATCHED)
        self.dispatched_at = at
        self.next_attempt_at = None

    def record_report(self, status: str, at: datetime) -> None:
        """What the contractor reports: accepted, rejected, on site, made safe, completed, no access."""
        wanted = next((s for s in CONTRACTOR_REPORTS if s.value == status), None)
        if wanted is None:
            raise IllegalTransition(self.job_id, self.status, status)
        self._move(wanted)
        if wanted is S.MADE_SAFE:
            self.made_safe_at = at
        elif wanted is S.COMPLETED:
            self.completed_at = at
        if self.is_closed:
            self.closed_at = at

    def cancel(self, at: datetime) -> None:
        self._move(S.CANCELLED)
        self.next_attempt_at = None
        self.closed_at = at

    @property
    def is_closed(self) -> bool:
        return self.status not in NEXT

    @property
    def awaiting_delivery(self) -> bool:
        return self.status is S.CREATED

    def _require(self, wanted: JobStatus) -> None:
        if wanted not in NEXT.get(self.status, frozenset()):
            raise IllegalTransition(self.job_id, self.status, wanted.value)

    def _move(self, wanted: JobStatus) -> None:
        self._require(wanted)
        self.status = wanted

    def downstream_summary(self) -> dict[str, Any]:
        """job_created: identifiers and the clock, no address or description."""
        return {"job_id": self.job_id, "case_id": self.case_id, "request_id": self.request_id,
                "stream": self.stream, "created_at": self.created_at, "target_at": self.target_at}

    def work_order(self) -> dict[str, Any]:
        """What the contractor receives: where, what to do, by when. No names, no narrative."""
        return {"job_id": self.job_id, "address": dict(self.address), "description": self.description,
                "location": self.location, "priority": "harassment_24h",
                "reported_at": self.reported_at.isoformat(), "target_at": self.target_at.isoformat()}
