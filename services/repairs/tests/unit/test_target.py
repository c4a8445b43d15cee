"""POL-6 with a fake clock: completed, or made safe, within 24 clock hours of the report; after a
make-safe the permanent repair by the follow-on target (5 working days by default); warnings at
20 hours (configurable) and at the target, each raised once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from hcs.clock import FakeClock
from repairs.domain.calendar import WorkingCalendar
from repairs.domain.model import JobStatus
from repairs.domain.progress import ProgressReport, apply_report
from repairs.domain.target import FOLLOW_ON, MAKE_SAFE_OR_COMPLETE, FollowOnOutcome, SlaPolicy, TargetOutcome

from .conftest import BANK_HOLIDAYS, REPORTED
from .helpers import new_job

POLICY = SlaPolicy(WorkingCalendar(BANK_HOLIDAYS))


def report(job, status: str, at: datetime, **extra) -> None:
    apply_report(job, ProgressReport(status, at, "contractor:reference", **extra), POLICY)


def signals(job, now: datetime) -> list[tuple[str, str]]:
    due = job.due_signals(now)
    for signal in due:
        job.mark_raised(signal, now)
    return [(s.kind, s.milestone) for s in due]


def test_the_target_is_24_clock_hours_from_the_report_not_from_the_job() -> None:
    job = new_job(POLICY)
    assert job.target_at == datetime(2026, 11, 21, 21, 0, tzinfo=UTC)  # a Saturday: clock hours
    assert job.at_risk_at == REPORTED + timedelta(hours=20)


def test_completed_in_time_meets_the_target_and_raises_nothing() -> None:
    clock = FakeClock(REPORTED)
    job = new_job(POLICY)
    clock.advance(hours=23, minutes=59)
    report(job, "completed", clock.now())
    clock.advance(days=30)
    assert job.target_outcome(clock.now()) is TargetOutcome.COMPLETED_IN_TIME
    assert job.follow_on_outcome(clock.now()) is FollowOnOutcome.NOT_NEEDED
    assert signals(job, clock.now()) == []


def test_made_safe_in_time_then_completed_within_the_follow_on_target() -> None:
    clock = FakeClock(REPORTED)
    job = new_job(POLICY)
    clock.advance(hours=19)
    report(job, "made_safe", clock.now())
    # made safe Saturday 16:00: 5 working days are Mon 23 to Fri 27 November, due by the end of Friday
    assert job.follow_on_due_at == datetime(2026, 11, 28, 0, 0, tzinfo=UTC)
    clock.advance(hours=2)  # past 20 hours: no warning, the job was made safe
    assert signals(job, clock.now()) == []
    clock.current = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
    report(job, "completed", clock.now())
    assert job.target_outcome(clock.now()) is TargetOutcome.MADE_SAFE_IN_TIME
    assert job.follow_on_outcome(clock.now()) is FollowOnOutcome.MET
    clock.advance(days=30)
    assert signals(job, clock.now()) == []


def test_nothing_done_warns_at_20_hours_then_breaches_once_after_24() -> None:
    clock = FakeClock(REPORTED)
    job = new_job(POLICY)
    clock.advance(hours=19, minutes=59)
    assert signals(job, clock.now()) == []
    clock.advance(minutes=1)
    assert signals(job, clock.now()) == [("at_risk", MAKE_SAFE_OR_COMPLETE)]
    clock.advance(hours=4)
    assert signals(job, clock.now()) == [] and job.target_outcome(clock.now()) is TargetOutcome.RUNNING
    clock.advance(seconds=1)
    assert signals(job, clock.now()) == [("breached", MAKE_SAFE_OR_COMPLETE)]
    assert job.target_outcome(clock.now()) is TargetOutcome.BREACHED
    clock.advance(hours=5)
    assert signals(job, clock.now()) == []  # once each


def test_completed_late_without_a_make_safe_is_a_breach() -> None:
    clock = FakeClock(REPORTED)
    job = new_job(POLICY)
    clock.advance(hours=25)
    report(job, "completed", clock.now())
    assert job.target_outcome(clock.now()) is TargetOutcome.BREACHED
    assert signals(job, clock.now()) == [("breached", MAKE_SAFE_OR_COMPLETE)]


def test_a_missed_follow_on_is_warned_a_day_before_and_breached_after() -> None:
    clock = FakeClock(REPORTED)
    job = new_job(POLICY)
    clock.advance(hours=3)
    report(job, "made_safe", clock.now())  # Saturday 00:00
    due = job.follow_on_due_at
    assert due == datetime(2026, 11, 28, 0, 0, tzinfo=UTC)
    clock.current = due - timedelta(hours=24)
    assert signals(job, clock.now()) == [("at_risk", FOLLOW_ON)]
    clock.current = due + timedelta(seconds=1)
    assert signals(job, clock.now()) == [("breached", FOLLOW_ON)]
    assert job.follow_on_outcome(clock.now()) is FollowOnOutcome.MISSED
    assert job.target_outcome(clock.now()) is TargetOutcome.MADE_SAFE_IN_TIME  # the 24 hours were met
    report(job, "completed", clock.now())
    assert job.follow_on_outcome(clock.now()) is FollowOnOutcome.MISSED and signals(job, clock.now()) == []


def test_a_cancelled_job_raises_nothing() -> None:
    job = new_job(POLICY, JobStatus.ACCEPTED)
    job.cancel(REPORTED + timedelta(hours=1), "tenant repaired it themselves")
    assert job.due_signals(REPORTED + timedelta(days=3)) == []
    assert job.target_outcome(REPORTED + timedelta(days=3)) is TargetOutcome.CANCELLED


def test_the_warning_time_and_follow_on_days_are_configurable() -> None:
    policy = SlaPolicy(WorkingCalendar(set()), at_risk_after=timedelta(hours=12), follow_on_working_days=10)
    assert policy.targets("emergency", REPORTED)[1] == REPORTED + timedelta(hours=12)
    assert policy.follow_on(REPORTED)[0] == datetime(2026, 12, 5, 0, 0, tzinfo=UTC)
    with pytest.raises(ValueError):
        SlaPolicy(WorkingCalendar(set()), at_risk_after=timedelta(hours=24))


def test_planned_target_hardening_has_a_working_day_target() -> None:
    """Code of practice 1.2.3: planned security work for a vulnerable tenant, not damage repair."""
    target, at_risk = POLICY.targets("target_hardening", REPORTED)
    assert target == datetime(2026, 11, 28, 0, 0, tzinfo=UTC) and at_risk == target - timedelta(hours=24)
