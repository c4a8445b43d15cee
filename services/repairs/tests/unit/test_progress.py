"""The job's status machine: contractors' reports move it on, skipped steps are implied, late and
repeated reports never move it back, impossible ones are refused (IllegalTransition -> Conflict)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from repairs.domain.calendar import WorkingCalendar
from repairs.domain.model import IllegalTransition, JobStatus
from repairs.domain.progress import EvidenceMissing, Outcome, ProgressReport, apply_report
from repairs.domain.target import SlaPolicy

from .conftest import REPORTED
from .helpers import new_job

S = JobStatus
POLICY = SlaPolicy(WorkingCalendar(set()))
BEFORE = {"ref": "ref://before-1.jpg", "stage": "before"}


def report(job, status: str, hours: float = 1, **extra):
    return apply_report(job, ProgressReport(status, REPORTED + timedelta(hours=hours), "contractor:reference",
                                            **extra), POLICY)


LEGAL = [
    (S.DISPATCHED, "accepted"), (S.DISPATCHED, "rejected"), (S.DISPATCHED, "on_site"),
    (S.DISPATCHED, "completed"), (S.ACCEPTED, "on_site"), (S.ACCEPTED, "no_access"), (S.ACCEPTED, "rejected"),
    (S.ON_SITE, "made_safe"), (S.ON_SITE, "completed"), (S.ON_SITE, "no_access"), (S.MADE_SAFE, "completed"),
    (S.MADE_SAFE, "on_site"), (S.MADE_SAFE, "no_access"), (S.NO_ACCESS, "on_site"), (S.NO_ACCESS, "no_access"),
    (S.CREATED, "accepted"),
]


@pytest.mark.parametrize(("start", "status"), LEGAL)
def test_contractor_reports_move_the_job_on(start: JobStatus, status: str) -> None:
    job = new_job(POLICY, start)
    assert report(job, status).outcome is Outcome.APPLIED
    assert job.status == status


ILLEGAL = [
    (S.ON_SITE, "rejected"), (S.COMPLETED, "made_safe"), (S.COMPLETED, "no_access"), (S.COMPLETED, "rejected"),
    (S.CANCELLED, "accepted"), (S.CANCELLED, "completed"),
]


@pytest.mark.parametrize(("start", "status"), ILLEGAL)
def test_impossible_reports_are_refused_and_change_nothing(start: JobStatus, status: str) -> None:
    job = new_job(POLICY, start, last_progress_at=REPORTED)
    with pytest.raises(IllegalTransition) as err:
        report(job, status)
    assert job.status is start and err.value.current is start
    assert job.made_safe_at is None and job.accepted_at is None


def test_a_report_on_a_job_no_contractor_holds_is_refused() -> None:
    job = new_job(POLICY, S.REJECTED, contractor=None)
    with pytest.raises(IllegalTransition):
        report(job, "accepted")


def test_a_completion_implies_acceptance_and_attendance() -> None:
    job = new_job(POLICY, S.DISPATCHED)
    report(job, "completed", 5)
    assert job.status is S.COMPLETED and job.is_closed
    assert job.accepted_at == job.attended_at == job.completed_at == job.closed_at == REPORTED + timedelta(hours=5)


def test_a_report_before_our_record_of_the_delivery_implies_the_dispatch() -> None:
    job = new_job(POLICY, S.CREATED)
    applied = report(job, "accepted")
    assert applied.implied_dispatch and job.dispatched_at == REPORTED + timedelta(hours=1)


def test_an_acceptance_arriving_after_the_job_moved_on_is_stale() -> None:
    job = new_job(POLICY, S.DISPATCHED)
    report(job, "on_site", 2)
    assert report(job, "accepted", 1).outcome is Outcome.STALE
    assert job.status is S.ON_SITE and job.accepted_at == REPORTED + timedelta(hours=1)  # the earlier time kept


def test_a_make_safe_arriving_after_the_completion_still_counts_for_the_24_hours() -> None:
    job = new_job(POLICY, S.ON_SITE)
    report(job, "completed", 30)
    assert job.target_outcome(REPORTED + timedelta(hours=30)).value == "breached"
    assert report(job, "made_safe", 10).outcome is Outcome.LATE
    assert job.status is S.COMPLETED and job.made_safe_at == REPORTED + timedelta(hours=10)
    assert job.target_outcome(REPORTED + timedelta(hours=30)).value == "made_safe_in_time"
    assert job.follow_on_due_at is not None


def test_older_reports_do_not_move_the_job_back() -> None:
    job = new_job(POLICY, S.DISPATCHED)
    report(job, "on_site", 3)
    assert report(job, "no_access", 2).outcome is Outcome.STALE
    assert job.status is S.ON_SITE and job.no_access_visits == 0
    assert report(job, "rejected", 2, reason="no_capacity").outcome is Outcome.STALE
    assert job.status is S.ON_SITE and job.contractor == "reference"


def test_repeats_of_the_same_step_are_stale() -> None:
    job = new_job(POLICY, S.DISPATCHED)
    report(job, "made_safe", 3)
    assert report(job, "made_safe", 4).outcome is Outcome.STALE
    assert job.made_safe_at == REPORTED + timedelta(hours=3)
    report(job, "completed", 20)
    assert report(job, "completed", 21).outcome is Outcome.STALE
    assert job.completed_at == REPORTED + timedelta(hours=20)


def test_a_second_make_safe_after_a_failed_visit_keeps_the_first_time() -> None:
    job = new_job(POLICY, S.ON_SITE)
    report(job, "made_safe", 3)
    report(job, "no_access", 30)
    report(job, "made_safe", 40)
    assert job.made_safe_at == REPORTED + timedelta(hours=3) and job.no_access_visits == 1


def test_a_rejection_releases_the_job_and_excludes_the_contractor() -> None:
    job = new_job(POLICY, S.ACCEPTED)
    report(job, "rejected", reason="no_capacity")
    assert job.status is S.REJECTED and job.contractor is None and job.excluded_contractors == {"reference"}
    assert job.assignments[-1]["outcome"] == "rejected"


def test_graffiti_may_not_be_removed_or_covered_before_it_is_photographed() -> None:
    job = new_job(POLICY, S.ON_SITE, job_type="graffiti_removal")
    with pytest.raises(EvidenceMissing):
        report(job, "completed")
    with pytest.raises(EvidenceMissing):
        report(job, "made_safe", photos=({"ref": "ref://after.jpg", "stage": "after"},))
    assert job.status is S.ON_SITE and job.photos == []
    report(job, "made_safe", photos=(BEFORE,))
    report(job, "completed", 2)  # the before photo is on record now
    assert [p["ref"] for p in job.photos] == ["ref://before-1.jpg"] and job.status is S.COMPLETED


def test_photo_references_are_kept_once_each_with_who_sent_them() -> None:
    job = new_job(POLICY, S.ACCEPTED)
    report(job, "on_site", photos=(BEFORE,))
    report(job, "completed", 2, photos=(BEFORE, {"ref": "ref://after.jpg", "stage": "after"}))
    assert [(p["ref"], p["stage"], p["source"]) for p in job.photos] == [
        ("ref://before-1.jpg", "before", "contractor:reference"), ("ref://after.jpg", "after", "contractor:reference")]


@pytest.mark.parametrize("start", [S.CREATED, S.DISPATCHED, S.ACCEPTED, S.NO_ACCESS, S.MADE_SAFE, S.REJECTED])
def test_staff_can_cancel_a_job_not_being_worked_on(start: JobStatus) -> None:
    job = new_job(POLICY, start)
    job.cancel(REPORTED + timedelta(hours=1), "tenant moved out")
    assert job.status is S.CANCELLED and job.closed_at and job.cancel_reason == "tenant moved out"


@pytest.mark.parametrize("start", [S.ON_SITE, S.COMPLETED, S.CANCELLED])
def test_a_job_on_site_or_closed_cannot_be_cancelled_or_reassigned(start: JobStatus) -> None:
    job = new_job(POLICY, start)
    with pytest.raises(IllegalTransition):
        job.cancel(REPORTED, "no longer needed")
    with pytest.raises(IllegalTransition):
        job.assign("other", REPORTED, REPORTED, "staff")


def test_a_dispatched_job_cannot_be_dispatched_again() -> None:
    with pytest.raises(IllegalTransition):
        new_job(POLICY, S.DISPATCHED).dispatch(REPORTED)
