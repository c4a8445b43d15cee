"""The job's status machine and the POL-6 24-hour target, in plain domain code."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from hcs.clock import FakeClock
from repairs.domain.model import IllegalTransition, Job, JobStatus
from repairs.domain.target import TargetOutcome

REPORTED = datetime(2026, 11, 20, 21, 0, tzinfo=UTC)


def new_job(status: JobStatus = JobStatus.CREATED) -> Job:
    job = Job("job-1", "req-1", "case-1", "general_needs", {"uprn": "100023336956"},
              "offensive graffiti", "front door", "reference", REPORTED, REPORTED + timedelta(minutes=5))
    job.status = status
    return job


LEGAL_REPORTS = [
    (JobStatus.DISPATCHED, "accepted"), (JobStatus.DISPATCHED, "rejected"),
    (JobStatus.ACCEPTED, "on_site"), (JobStatus.ACCEPTED, "no_access"),
    (JobStatus.ON_SITE, "made_safe"), (JobStatus.ON_SITE, "completed"), (JobStatus.ON_SITE, "no_access"),
    (JobStatus.MADE_SAFE, "completed"),
]


@pytest.mark.parametrize(("start", "report"), LEGAL_REPORTS)
def test_contractor_reports_move_the_job_on(start: JobStatus, report: str) -> None:
    job = new_job(start)
    job.record_report(report, REPORTED + timedelta(hours=2))
    assert job.status == report


def test_a_created_job_is_dispatched_when_the_contractor_takes_it() -> None:
    job = new_job()
    at = REPORTED + timedelta(minutes=6)
    job.dispatch(at)
    assert job.status is JobStatus.DISPATCHED and job.dispatched_at == at and job.next_attempt_at is None


@pytest.mark.parametrize("start", [JobStatus.CREATED, JobStatus.DISPATCHED, JobStatus.ACCEPTED])
def test_a_job_not_yet_on_site_can_be_cancelled(start: JobStatus) -> None:
    job = new_job(start)
    job.cancel(REPORTED + timedelta(hours=1))
    assert job.status is JobStatus.CANCELLED and job.is_closed


ILLEGAL = [
    (JobStatus.CREATED, "accepted"), (JobStatus.CREATED, "completed"),
    (JobStatus.DISPATCHED, "completed"), (JobStatus.DISPATCHED, "on_site"),
    (JobStatus.ACCEPTED, "made_safe"), (JobStatus.MADE_SAFE, "no_access"),
    (JobStatus.COMPLETED, "completed"), (JobStatus.REJECTED, "accepted"),
    (JobStatus.ON_SITE, "cancelled"), (JobStatus.ON_SITE, "dispatched"), (JobStatus.ON_SITE, "nonsense"),
]


@pytest.mark.parametrize(("start", "report"), ILLEGAL)
def test_illegal_reports_are_refused_and_change_nothing(start: JobStatus, report: str) -> None:
    job = new_job(start)
    with pytest.raises(IllegalTransition) as err:
        job.record_report(report, REPORTED + timedelta(hours=1))
    assert job.status is start and err.value.current is start
    assert job.made_safe_at is None and job.completed_at is None


@pytest.mark.parametrize("start", [JobStatus.ON_SITE, JobStatus.MADE_SAFE, JobStatus.COMPLETED,
                                   JobStatus.NO_ACCESS])
def test_a_job_on_site_or_later_cannot_be_cancelled(start: JobStatus) -> None:
    with pytest.raises(IllegalTransition):
        new_job(start).cancel(REPORTED)


def test_a_dispatched_job_cannot_be_dispatched_again() -> None:
    job = new_job(JobStatus.DISPATCHED)
    with pytest.raises(IllegalTransition):
        job.dispatch(REPORTED)
    with pytest.raises(IllegalTransition):
        job.claim_delivery(REPORTED)


def test_milestones_are_recorded_at_the_time_the_contractor_gives() -> None:
    job = new_job(JobStatus.ON_SITE)
    job.record_report("made_safe", REPORTED + timedelta(hours=3))
    job.record_report("completed", REPORTED + timedelta(days=3))
    assert job.made_safe_at == REPORTED + timedelta(hours=3)
    assert job.completed_at == REPORTED + timedelta(days=3)
    assert job.closed_at == REPORTED + timedelta(days=3) and job.is_closed


def test_the_target_is_24_clock_hours_from_the_report() -> None:
    assert new_job().target_at == datetime(2026, 11, 21, 21, 0, tzinfo=UTC)


def walk_to_site(job: Job) -> None:
    job.dispatch(REPORTED)
    job.record_report("accepted", REPORTED)
    job.record_report("on_site", REPORTED)


def test_completed_within_24_hours_meets_the_target() -> None:
    clock = FakeClock(REPORTED)
    job = new_job()
    walk_to_site(job)
    clock.advance(hours=23, minutes=59)
    job.record_report("completed", clock.now())
    clock.advance(days=30)
    assert job.target_outcome(clock.now()) is TargetOutcome.COMPLETED_IN_TIME
    assert job.target_outcome(clock.now()).met


def test_made_safe_within_24_hours_meets_the_target_even_if_completed_later() -> None:
    clock = FakeClock(REPORTED)
    job = new_job()
    walk_to_site(job)
    clock.advance(hours=20)
    job.record_report("made_safe", clock.now())
    clock.advance(days=4)
    job.record_report("completed", clock.now())
    assert job.target_outcome(clock.now()) is TargetOutcome.MADE_SAFE_IN_TIME


def test_nothing_done_is_running_until_24_hours_then_breached() -> None:
    clock = FakeClock(REPORTED)
    job = new_job()
    clock.advance(hours=24)
    assert job.target_outcome(clock.now()) is TargetOutcome.RUNNING
    clock.advance(seconds=1)
    assert job.target_outcome(clock.now()) is TargetOutcome.BREACHED
    assert not job.target_outcome(clock.now()).met


def test_completed_after_24_hours_without_making_safe_is_breached() -> None:
    clock = FakeClock(REPORTED)
    job = new_job()
    walk_to_site(job)
    clock.advance(hours=25)
    job.record_report("completed", clock.now())
    assert job.target_outcome(clock.now()) is TargetOutcome.BREACHED
