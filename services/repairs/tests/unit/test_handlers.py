"""Repairs' service layer against a fake unit of work."""

from __future__ import annotations

from datetime import timedelta

import pytest

from hcs.auth import Caller
from hcs.errors import Conflict, Forbidden, NotFound
from repairs.domain.model import JobStatus
from repairs.service_layer import handlers

OFFICER = Caller("u-1", "housing_officer", "north", frozenset({"general_needs"}))
CARE_ONLY = Caller("u-2", "housing_officer", "south", frozenset({"care_support"}))


def created_job(uow, request_factory, **changes):
    with uow:
        job = handlers.create_job(uow, request_factory(**changes), "reference")
        uow.commit()
    return job


def test_a_repair_request_becomes_a_job_due_within_24_hours(uow, request_factory) -> None:
    job = created_job(uow, request_factory)
    [stored] = uow.jobs.all()
    assert stored.job_id == job.job_id and stored.status is JobStatus.CREATED
    assert stored.target_at == request_factory()["reported_at"] + timedelta(hours=24)
    assert stored.contractor == "reference" and stored.next_attempt_at == uow.clock.now()
    assert stored.description == "offensive graffiti" and stored.location == "front door"
    [event] = uow.outbox.events
    assert event.event_type == "job_created" and event.aggregate_id == job.job_id
    assert event.data["request_id"] == "req-1" and "address" not in event.data


def test_the_same_request_twice_creates_one_job(uow, request_factory) -> None:
    created_job(uow, request_factory)
    assert created_job(uow, request_factory, description="something else") is None
    assert len(uow.jobs.all()) == 1 and uow.outbox.types() == ["job_created"]


def dispatched(uow, request_factory):
    job = created_job(uow, request_factory)
    stored = uow.jobs.get(job.job_id)
    stored.dispatch(uow.clock.now())
    uow.jobs.save(stored)
    return stored


def report(job_id, status, at):
    return {"job_id": job_id, "status": status, "at": at, "notes": None}


def test_a_contractor_report_moves_the_job_once(uow, request_factory, clock) -> None:
    job = dispatched(uow, request_factory)
    receipt = handlers.record_contractor_report(uow, "reference", "w-1", report(job.job_id, "accepted",
                                                                               clock.now()))
    again = handlers.record_contractor_report(uow, "reference", "w-1", report(job.job_id, "accepted",
                                                                             clock.now()))
    assert receipt.status == "accepted" and not receipt.duplicate and again.duplicate
    assert uow.jobs.get(job.job_id).status is JobStatus.ACCEPTED
    assert [e.action for e in uow.audit.entries] == ["repairs.report_accepted"]


def test_made_safe_and_completed_are_recorded(uow, request_factory, clock) -> None:
    job = dispatched(uow, request_factory)
    for n, status in enumerate(("accepted", "on_site", "made_safe", "completed")):
        clock.advance(hours=1)
        handlers.record_contractor_report(uow, "reference", f"w-{n}", report(job.job_id, status, clock.now()))
    stored = uow.jobs.get(job.job_id)
    assert stored.status is JobStatus.COMPLETED
    assert stored.made_safe_at < stored.completed_at == clock.now()


def test_an_illegal_report_is_a_conflict_and_not_recorded(uow, request_factory, clock) -> None:
    job = dispatched(uow, request_factory)
    with pytest.raises(Conflict):
        handlers.record_contractor_report(uow, "reference", "w-1", report(job.job_id, "completed",
                                                                         clock.now()))
    assert uow.jobs.get(job.job_id).status is JobStatus.DISPATCHED
    assert not uow.callbacks.seen("reference", "w-1") and not uow.audit.entries


def test_a_contractor_cannot_report_on_another_contractors_job(uow, request_factory, clock) -> None:
    job = dispatched(uow, request_factory)
    with pytest.raises(NotFound):
        handlers.record_contractor_report(uow, "rival", "w-1", report(job.job_id, "accepted", clock.now()))
    with pytest.raises(NotFound):
        handlers.record_contractor_report(uow, "reference", "w-2", report("nope", "accepted", clock.now()))


def test_reading_a_job_is_audited_and_checks_the_stream(uow, request_factory) -> None:
    job = created_job(uow, request_factory)
    view = handlers.get_job(uow, job.job_id, OFFICER)
    assert view.job.job_id == job.job_id and view.target.value == "running"
    with pytest.raises(Forbidden):
        handlers.get_job(uow, job.job_id, CARE_ONLY)
    assert [(e.actor, e.outcome) for e in uow.audit.entries] == [("u-1", "allowed"), ("u-2", "refused")]
    with pytest.raises(NotFound):
        handlers.get_job(uow, "missing", OFFICER)


def test_listing_a_cases_jobs_is_audited_and_checks_the_stream(uow, request_factory) -> None:
    created_job(uow, request_factory)
    created_job(uow, request_factory, request_id="req-2")
    created_job(uow, request_factory, request_id="req-3", case_id="case-2")
    views = handlers.list_jobs(uow, "case-1", OFFICER)
    assert sorted(v.job.request_id for v in views) == ["req-1", "req-2"]
    with pytest.raises(Forbidden):
        handlers.list_jobs(uow, "case-1", CARE_ONLY)
    assert handlers.list_jobs(uow, "no-such-case", CARE_ONLY) == []
    assert [(e.action, e.record_id, e.outcome) for e in uow.audit.entries] == [
        ("repairs.list_jobs", "case-1", "allowed"), ("repairs.list_jobs", "case-1", "refused"),
        ("repairs.list_jobs", "no-such-case", "allowed")]
