"""Contractors' callbacks and staff's phone updates through the handlers: duplicates, out-of-order
callbacks, rejections that find the next contractor, and reports from a contractor who lost the job."""

from __future__ import annotations

from datetime import timedelta

import pytest

from hcs.auth import Caller
from hcs.errors import Conflict, NotFound, ValidationFailed
from repairs.domain.model import JobStatus
from repairs.service_layer import jobs, reports

from .conftest import contractor, make_rules

OFFICER = Caller("u-1", "housing_officer", "north", frozenset({"general_needs"}))
BEFORE = {"ref": "ref://before-1.jpg", "stage": "before", "taken_at": None}


def job_for(uow, rules, request_factory, **changes):
    with uow:
        job = jobs.create_job(uow, rules, request_factory(**changes))
        uow.commit()
    return job


def said(uow, status, minutes=0, **extra):
    return {"job_id": extra.pop("job_id"), "status": status, "at": uow.clock.now() + timedelta(minutes=minutes),
            "notes": None, "reason": None, "photos": [], **extra}


def test_a_callback_moves_the_job_once_and_a_repeat_is_a_duplicate(uow, rules, request_factory):
    job = job_for(uow, rules, request_factory, job_type="glazing")
    receipt = reports.record_contractor_report(uow, rules, "reference", "w-1", said(uow, "accepted", job_id=job.job_id))
    again = reports.record_contractor_report(uow, rules, "reference", "w-1", said(uow, "accepted", job_id=job.job_id))
    assert (receipt.outcome, again.outcome) == ("applied", "duplicate")
    assert uow.jobs.get(job.job_id).status is JobStatus.ACCEPTED
    # the callback came before our record of the delivery: the dispatch is implied, once
    assert uow.outbox.types() == ["job_created", "job_dispatched", "job_accepted"]
    assert [e.action for e in uow.audit.entries] == ["repairs.contractor_report"]


def test_out_of_order_callbacks_are_acknowledged_and_never_move_the_job_back(uow, rules, request_factory):
    job = job_for(uow, rules, request_factory, job_type="glazing")
    uow.clock.advance(minutes=90)
    for key, status, minutes in (("w-3", "completed", 0), ("w-1", "accepted", -80), ("w-2", "made_safe", -50)):
        reports.record_contractor_report(uow, rules, "reference", key,
                                         said(uow, status, minutes, job_id=job.job_id))
    stored = uow.jobs.get(job.job_id)
    assert stored.status is JobStatus.COMPLETED and stored.made_safe_at == uow.clock.now() - timedelta(minutes=50)
    assert [u.outcome for u in uow.updates.rows.values()] == ["applied", "stale", "late"]
    assert uow.outbox.types()[1:] == ["job_dispatched", "job_completed", "job_made_safe"]


def test_a_rejection_goes_straight_to_the_next_contractor(uow, request_factory):
    rules = make_rules(contractor("first"), contractor("second"))
    job = job_for(uow, rules, request_factory)
    reports.record_contractor_report(uow, rules, "first", "w-1",
                                     said(uow, "rejected", job_id=job.job_id, reason="no_capacity"))
    stored = uow.jobs.get(job.job_id)
    assert stored.contractor == "second" and stored.status is JobStatus.CREATED and stored.assignment == 2
    assert uow.messages.to("second") == [("job.offered", "pending")]
    rejected = next(e for e in uow.outbox.events if e.event_type == "job_rejected")
    assert rejected.data["contractor"] == "first" and rejected.data["reason"] == "no_capacity"
    with pytest.raises(Conflict, match="no longer with you"):
        reports.record_contractor_report(uow, rules, "first", "w-2", said(uow, "accepted", job_id=job.job_id))


def test_a_rejection_with_nobody_else_leaves_the_job_waiting_for_staff(uow, rules, request_factory):
    job = job_for(uow, rules, request_factory)
    reports.record_contractor_report(uow, rules, "reference", "w-1",
                                     said(uow, "rejected", job_id=job.job_id, reason="trade_not_covered"))
    stored = uow.jobs.get(job.job_id)
    assert stored.status is JobStatus.REJECTED and stored.contractor is None


def test_a_contractor_cannot_report_on_a_job_it_never_had(uow, rules, request_factory):
    job = job_for(uow, rules, request_factory)
    with pytest.raises(NotFound):
        reports.record_contractor_report(uow, rules, "rival", "w-1", said(uow, "accepted", job_id=job.job_id))
    with pytest.raises(NotFound):
        reports.record_contractor_report(uow, rules, "reference", "w-2", said(uow, "accepted", job_id="nope"))
    assert [(e.actor, e.outcome) for e in uow.audit.entries] == [("contractor:rival", "refused"),
                                                                 ("contractor:reference", "refused")]


def test_an_illegal_callback_is_a_conflict_and_is_not_recorded(uow, rules, request_factory):
    job = job_for(uow, rules, request_factory, job_type="glazing")
    reports.record_contractor_report(uow, rules, "reference", "w-1", said(uow, "on_site", job_id=job.job_id))
    with pytest.raises(Conflict, match="already attended"):
        reports.record_contractor_report(uow, rules, "reference", "w-2",
                                         said(uow, "rejected", 5, job_id=job.job_id, reason="no_capacity"))
    assert uow.jobs.get(job.job_id).status is JobStatus.ON_SITE
    assert uow.updates.get("contractor:reference", "w-2") is None


def test_graffiti_completed_without_a_before_photo_is_refused(uow, rules, request_factory):
    job = job_for(uow, rules, request_factory)
    with pytest.raises(ValidationFailed) as err:
        reports.record_contractor_report(uow, rules, "reference", "w-1", said(uow, "completed", job_id=job.job_id))
    assert list(err.value.fields) == ["photos"]
    reports.record_contractor_report(uow, rules, "reference", "w-2",
                                     said(uow, "completed", job_id=job.job_id, photos=[BEFORE]))
    assert uow.jobs.get(job.job_id).status is JobStatus.COMPLETED


def test_times_in_the_future_or_before_the_report_are_refused(uow, rules, request_factory):
    job = job_for(uow, rules, request_factory, job_type="glazing")
    with pytest.raises(ValidationFailed) as err:
        reports.record_contractor_report(uow, rules, "reference", "w-1", said(uow, "accepted", 60, job_id=job.job_id))
    assert list(err.value.fields) == ["at"]
    with pytest.raises(ValidationFailed):
        reports.record_contractor_report(uow, rules, "reference", "w-2",
                                         said(uow, "accepted", -24 * 60, job_id=job.job_id))


def test_staff_record_what_the_contractor_said_on_the_phone_once(uow, rules, request_factory):
    job = job_for(uow, rules, request_factory, job_type="glazing")
    update = {k: v for k, v in said(uow, "made_safe", job_id=job.job_id).items() if k != "job_id"}
    receipt = reports.record_staff_update(uow, rules, job.job_id, OFFICER, "phone-0001", update)
    again = reports.record_staff_update(uow, rules, job.job_id, OFFICER, "phone-0001", update)
    assert (receipt.outcome, again.outcome) == ("applied", "duplicate")
    stored = uow.jobs.get(job.job_id)
    assert stored.status is JobStatus.MADE_SAFE and stored.follow_on_due_at is not None
    entry = uow.updates.get("staff", "phone-0001")
    assert entry.actor == "u-1" and entry.kind == "made_safe"
    made_safe = uow.outbox.events[-1]
    assert made_safe.event_type == "job_made_safe" and made_safe.data["within_target"] is True
    assert made_safe.data["contractor"] == "reference"
