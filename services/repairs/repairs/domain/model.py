"""A harassment repair job: what to put right, where, who is doing it, and how far it has got.

Statuses are what contractors and the landlord's staff need: created (waiting to reach a contractor,
or for one to be found), dispatched (the contractor's system has it), accepted, rejected (handed back,
waiting for another contractor), on site, made safe (temporary repair), completed, no access,
cancelled. Milestone times (made safe, completed) are kept apart from the status, so the POL-6
clock is judged on when things happened, whatever order the contractor's messages arrive in.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from repairs.domain.target import (
    FOLLOW_ON,
    MAKE_SAFE_OR_COMPLETE,
    FollowOnOutcome,
    SlaSignal,
    TargetOutcome,
    assess,
    assess_follow_on,
)


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
CLOSED = frozenset({S.COMPLETED, S.CANCELLED})
OPEN = frozenset(S) - CLOSED
# staff may cancel or reassign a job unless the contractor is on site or it is closed
CANCELLABLE = OPEN - {S.ON_SITE}
REASSIGNABLE = OPEN - {S.ON_SITE}
AMENDABLE = OPEN - {S.ON_SITE}
CONTRACTOR_REPORTS = ("accepted", "rejected", "on_site", "made_safe", "completed", "no_access")


class IllegalTransition(Exception):
    """A job cannot do what was asked from where it is."""

    def __init__(self, job_id: str, current: JobStatus, wanted: str, why: str = "") -> None:
        text = f"job {job_id} is {current.value} and cannot become {wanted}"
        super().__init__(f"{text}: {why}" if why else text)
        self.current = current
        self.wanted = wanted


@dataclass
class Job:
    job_id: str
    request_id: str
    case_id: str
    stream: str
    address: dict[str, Any]
    job_type: str
    priority: str
    description: str
    reported_at: datetime
    created_at: datetime
    target_at: datetime
    at_risk_at: datetime
    action_id: str | None = None
    team: str | None = None  # the team holding the case (staff of other teams may not see the job)
    location: str | None = None
    access_notes: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)
    withheld: list[str] = field(default_factory=list)  # free-text fields screened out (see screening)
    status: JobStatus = S.CREATED
    contractor: str | None = None
    assignment: int = 0
    assigned_at: datetime | None = None
    accept_by: datetime | None = None
    assignments: list[dict[str, Any]] = field(default_factory=list)
    dispatched_at: datetime | None = None
    accepted_at: datetime | None = None
    attended_at: datetime | None = None
    made_safe_at: datetime | None = None
    completed_at: datetime | None = None
    closed_at: datetime | None = None
    last_progress_at: datetime | None = None
    no_access_visits: int = 0
    follow_on_due_at: datetime | None = None
    follow_on_at_risk_at: datetime | None = None
    photos: list[dict[str, Any]] = field(default_factory=list)
    cancel_reason: str | None = None
    sla_raised: dict[str, str] = field(default_factory=dict)  # "at_risk:make_safe_or_complete" -> ISO time

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED

    @property
    def excluded_contractors(self) -> set[str]:
        """Contractors who handed this job back or let it time out."""
        return {a["contractor"] for a in self.assignments if a.get("outcome") in ("rejected", "timed_out")}

    # -- assignment ---------------------------------------------------------------------------
    def assign(self, contractor: str, at: datetime, accept_by: datetime, reason: str) -> int:
        """Offer the job to ``contractor``: a new assignment, waiting to reach its system."""
        if self.status not in REASSIGNABLE:
            raise IllegalTransition(self.job_id, self.status, "reassigned")
        self._end_assignment(at, "withdrawn")
        self.assignment += 1
        self.contractor, self.assigned_at, self.accept_by = contractor, at, accept_by
        self.assignments.append({"n": self.assignment, "contractor": contractor, "assigned_at": at.isoformat(),
                                 "reason": reason, "ended_at": None, "outcome": None})
        self.status = S.CREATED
        self.dispatched_at = None
        return self.assignment

    def release(self, at: datetime, outcome: str) -> str | None:
        """The current contractor stops having the job (rejected, timed_out, withdrawn); returns who."""
        previous = self.contractor
        self._end_assignment(at, outcome)
        self.contractor, self.accept_by = None, None
        return previous

    def dispatch(self, at: datetime) -> None:
        """The contractor's system took the job offer."""
        if self.status is not S.CREATED or self.contractor is None:
            raise IllegalTransition(self.job_id, self.status, "dispatched")
        self.status, self.dispatched_at = S.DISPATCHED, at

    def cancel(self, at: datetime, reason: str) -> str | None:
        """Staff cancel the job; returns the contractor who must be told."""
        if self.status not in CANCELLABLE:
            why = "the contractor is on site: agree it with them first" if self.status is S.ON_SITE else ""
            raise IllegalTransition(self.job_id, self.status, "cancelled", why)
        told = self.contractor if self.status is not S.REJECTED else None
        self._end_assignment(at, "cancelled")
        self.status, self.closed_at, self.cancel_reason, self.accept_by = S.CANCELLED, at, reason, None
        return told

    def amend(self, job_type: str, attributes: dict[str, Any], location: str | None, access_notes: str | None,
              description: str, rechecked: list[str]) -> None:
        """Staff correct the details; text they retyped was checked, so it is no longer withheld."""
        if self.status not in AMENDABLE:
            raise IllegalTransition(self.job_id, self.status, "amended", "agree changes with the contractor on site")
        self.job_type, self.attributes, self.description = job_type, dict(attributes), description
        self.location, self.access_notes = location, access_notes
        self.withheld = [w for w in self.withheld if w.split(" ", 1)[0] not in rechecked]

    def _end_assignment(self, at: datetime, outcome: str) -> None:
        if self.assignments and self.assignments[-1]["ended_at"] is None:
            self.assignments[-1].update(ended_at=at.isoformat(), outcome=outcome)

    # -- the clock ----------------------------------------------------------------------------
    def target_outcome(self, now: datetime) -> TargetOutcome:
        return assess(self.target_at, self.made_safe_at, self.completed_at, now, self.status is S.CANCELLED)

    def follow_on_outcome(self, now: datetime) -> FollowOnOutcome:
        return assess_follow_on(self.follow_on_due_at, self.completed_at, now, self.status is S.CANCELLED)

    def due_signals(self, now: datetime) -> list[SlaSignal]:
        """Warnings and breaches due now and not yet raised (each is raised once per job)."""
        if self.status is S.CANCELLED:
            return []
        met_at = min((t for t in (self.made_safe_at, self.completed_at) if t is not None), default=None)
        due: list[SlaSignal] = []
        if met_at is None and self.at_risk_at <= now < self.target_at:
            due.append(SlaSignal("at_risk", MAKE_SAFE_OR_COMPLETE))
        if now > self.target_at and (met_at is None or met_at > self.target_at):
            due.append(SlaSignal("breached", MAKE_SAFE_OR_COMPLETE))
        if self.follow_on_due_at is not None and self.follow_on_at_risk_at is not None:
            if self.completed_at is None and self.follow_on_at_risk_at <= now < self.follow_on_due_at:
                due.append(SlaSignal("at_risk", FOLLOW_ON))
            if now > self.follow_on_due_at and (self.completed_at is None
                                                 or self.completed_at > self.follow_on_due_at):
                due.append(SlaSignal("breached", FOLLOW_ON))
        return [s for s in due if f"{s.kind}:{s.milestone}" not in self.sla_raised]

    def mark_raised(self, signal: SlaSignal, at: datetime) -> None:
        self.sla_raised[f"{signal.kind}:{signal.milestone}"] = at.isoformat()

    # -- what leaves the service --------------------------------------------------------------
    def event_base(self) -> dict[str, Any]:
        return {"job_id": self.job_id, "case_id": self.case_id, "stream": self.stream, "target_at": self.target_at}
