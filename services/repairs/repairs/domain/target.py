"""The POL-6 clock and its warnings.

POL-6: repairs caused by harassment are completed within 24 hours; where more time is needed, a
temporary repair that makes the victim safe and secure is done within 24 hours. So:

- the target is the report time + 24 clock hours (not working days, not from when the job reached
  us); it is met by a completion, or by a make-safe, at or before the target;
- after a make-safe, the permanent repair has a follow-on target (default: by the end of the 5th
  working day after the make-safe, bank holidays excluded);
- a warning (``at_risk``) goes out when nothing is made safe or completed some hours in (default
  20), and ``breached`` when the target passes; the same for the follow-on target (warned a day
  before). Each is raised once per job.

Planned target-hardening work (code of practice 1.2.3: priority ``target_hardening``) is not a repair
of harassment damage: its target is a number of working days (default 5) and it has no make-safe.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta

from repairs.domain.calendar import WorkingCalendar

RESPONSE_TIME = timedelta(hours=24)
PLANNED = "target_hardening"
MAKE_SAFE_OR_COMPLETE = "make_safe_or_complete"
FOLLOW_ON = "follow_on_completion"


@dataclass(frozen=True)
class SlaPolicy:
    calendar: WorkingCalendar
    at_risk_after: timedelta = timedelta(hours=20)
    follow_on_working_days: int = 5
    follow_on_warning: timedelta = timedelta(hours=24)
    planned_working_days: int = 5

    def __post_init__(self) -> None:
        if not timedelta(0) < self.at_risk_after < RESPONSE_TIME:
            raise ValueError("the at-risk warning must come before the 24-hour target")

    def targets(self, priority: str, reported_at: datetime) -> tuple[datetime, datetime]:
        """(target_at, at_risk_at) for a new job."""
        if priority == PLANNED:
            target = self.calendar.end_of_working_days(reported_at, self.planned_working_days)
            return target, max(reported_at, target - self.follow_on_warning)
        return reported_at + RESPONSE_TIME, reported_at + self.at_risk_after

    def follow_on(self, made_safe_at: datetime) -> tuple[datetime, datetime]:
        """(follow_on_due_at, follow_on_at_risk_at) after a make-safe."""
        due = self.calendar.end_of_working_days(made_safe_at, self.follow_on_working_days)
        return due, max(made_safe_at, due - self.follow_on_warning)


class TargetOutcome(enum.StrEnum):
    """Where a job stands against its first target."""

    RUNNING = "running"
    COMPLETED_IN_TIME = "completed_in_time"
    MADE_SAFE_IN_TIME = "made_safe_in_time"
    BREACHED = "breached"
    CANCELLED = "cancelled"

    @property
    def met(self) -> bool:
        return self in (TargetOutcome.COMPLETED_IN_TIME, TargetOutcome.MADE_SAFE_IN_TIME)


class FollowOnOutcome(enum.StrEnum):
    NOT_NEEDED = "not_needed"
    RUNNING = "running"
    MET = "met"
    MISSED = "missed"


def assess(target_at: datetime, made_safe_at: datetime | None, completed_at: datetime | None,
           now: datetime, cancelled: bool = False) -> TargetOutcome:
    if completed_at is not None and completed_at <= target_at:
        return TargetOutcome.COMPLETED_IN_TIME
    if made_safe_at is not None and made_safe_at <= target_at:
        return TargetOutcome.MADE_SAFE_IN_TIME
    if cancelled and completed_at is None:
        return TargetOutcome.CANCELLED
    if now <= target_at and completed_at is None:
        return TargetOutcome.RUNNING
    return TargetOutcome.BREACHED


def assess_follow_on(follow_on_due_at: datetime | None, completed_at: datetime | None, now: datetime,
                     cancelled: bool = False) -> FollowOnOutcome:
    if follow_on_due_at is None:
        return FollowOnOutcome.NOT_NEEDED
    if completed_at is not None:
        return FollowOnOutcome.MET if completed_at <= follow_on_due_at else FollowOnOutcome.MISSED
    if cancelled:
        return FollowOnOutcome.NOT_NEEDED
    return FollowOnOutcome.RUNNING if now <= follow_on_due_at else FollowOnOutcome.MISSED


@dataclass(frozen=True)
class SlaSignal:
    """``kind`` is at_risk or breached; the event type is ``job_sla_<kind>``."""

    kind: str
    milestone: str

    @property
    def event_type(self) -> str:
        return f"job_sla_{self.kind}"
