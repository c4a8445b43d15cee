"""Making jobs from repair requests, and staff reassigning and cancelling them (fake unit of work)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from hcs.auth import Caller
from hcs.errors import Conflict, Forbidden, NotFound, ValidationFailed
from repairs.domain.model import JobStatus
from repairs.service_layer import jobs
from repairs.service_layer.context import Rules

from .conftest import REPORTED, contractor, make_rules

OFFICER = Caller("u-1", "housing_officer", "north", frozenset({"general_needs"}))
CARE_ONLY = Caller("u-2", "housing_officer", "south", frozenset({"care_support"}))


def created(uow, rules: Rules, request):
    with uow:
        job = jobs.create_job(uow, rules, request)
        uow.commit()
    return job


def test_a_repair_request_becomes_a_job_due_in_24_hours_offered_to_a_contractor(uow, rules, request_factory):
    job = created(uow, rules, request_factory())
    [stored] = uow.jobs.all()
    assert stored.job_id == job.job_id and stored.status is JobStatus.CREATED
    assert stored.target_at == REPORTED + timedelta(hours=24) and stored.at_risk_at == REPORTED + timedelta(hours=20)
    assert stored.job_type == "graffiti_removal" and stored.description == "Offensive graffiti removal, front door"
    assert stored.contractor == "reference" and stored.accept_by == uow.clock.now() + timedelta(minutes=30)
    [event] = uow.outbox.events
    assert event.event_type == "job_created" and event.data["job_type"] == "graffiti_removal"
    assert event.data["priority"] == "emergency" and "address" not in event.data
    [offer] = uow.messages.rows
    assert offer.kind == "job.offered" and offer.webhook_id == f"{job.job_id}.1.offered"
    assert offer.data["description"] == "Offensive graffiti removal, front door"
    assert offer.data["evidence_photos_before_work"] is True and "case_id" not in offer.data


def test_the_contractor_never_gets_the_narrative_quotes_or_contact_details(uow, rules, request_factory):
    request = request_factory(description="they sprayed 'GO HOME' and racist words on the door",
                              location="front door, where it says \"out\"",
                              access_notes="ring 07700 900123 before; tenant is disabled")
    job = created(uow, rules, request)
    stored = uow.jobs.get(job.job_id)
    assert stored.description == "Offensive graffiti removal" and stored.location is None
    assert stored.access_notes is None
    assert stored.withheld == ["location (quoted_text)", "access_notes (contact_details, sensitive_term)"]
    body = str(uow.messages.rows[0].data)
    assert "GO HOME" not in body and "racist" not in body and "07700" not in body and "disabled" not in body


def test_a_request_for_other_work_carries_a_screened_summary(uow, rules, request_factory):
    job = created(uow, rules, request_factory(description="fence panel pulled down", job_type="other"))
    stored = uow.jobs.get(job.job_id)
    assert stored.attributes == {"summary": "fence panel pulled down"}
    assert stored.description == "Other harassment repair, front door. What needs doing (no details of the " \
                                 "harassment): fence panel pulled down"


def test_the_same_request_twice_creates_one_job(uow, rules, request_factory):
    created(uow, rules, request_factory())
    assert created(uow, rules, request_factory(description="something else")) is None
    assert len(uow.jobs.all()) == 1 and uow.outbox.types() == ["job_created"] and len(uow.messages.rows) == 1


def test_with_nobody_free_the_job_waits_unassigned(uow, request_factory):
    rules = make_rules(contractor("north-only", areas=("N1",)))
    job = created(uow, rules, request_factory())
    stored = uow.jobs.get(job.job_id)
    assert stored.contractor is None and stored.status is JobStatus.CREATED and uow.messages.rows == []


def test_cancelling_tells_the_contractor_who_may_have_the_job(uow, rules, request_factory):
    job = created(uow, rules, request_factory())
    uow.messages.rows[0].attempts = 1  # an attempt was made: they may have it
    jobs.cancel_job(uow, rules, job.job_id, OFFICER, "key-00001", "tenant moved out")
    stored = uow.jobs.get(job.job_id)
    assert stored.status is JobStatus.CANCELLED and stored.cancel_reason == "tenant moved out"
    assert uow.messages.to("reference") == [("job.offered", "superseded"), ("job.withdrawn", "pending")]
    assert uow.outbox.types()[-1] == "job_cancelled" and uow.outbox.events[-1].data["reason"] == "tenant moved out"
    assert [(e.action, e.outcome) for e in uow.audit.entries] == [("repairs.cancel_job", "allowed")]


def test_an_offer_never_sent_is_simply_dropped_on_cancel(uow, rules, request_factory):
    job = created(uow, rules, request_factory())
    jobs.cancel_job(uow, rules, job.job_id, OFFICER, "key-00001", "raised in error")
    assert uow.messages.to("reference") == [("job.offered", "superseded")]


def test_the_same_cancel_twice_changes_nothing_more(uow, rules, request_factory):
    job = created(uow, rules, request_factory())
    jobs.cancel_job(uow, rules, job.job_id, OFFICER, "key-00001", "raised in error")
    again = jobs.cancel_job(uow, rules, job.job_id, OFFICER, "key-00001", "raised in error")
    assert again.status is JobStatus.CANCELLED and uow.outbox.types().count("job_cancelled") == 1
    with pytest.raises(Conflict):
        jobs.cancel_job(uow, rules, job.job_id, OFFICER, "key-00002", "again")  # cancelled already


def test_a_job_on_site_cannot_be_cancelled_and_the_refusal_is_audited(uow, rules, request_factory):
    job = created(uow, rules, request_factory())
    stored = uow.jobs.get(job.job_id)
    stored.status = JobStatus.ON_SITE
    uow.jobs.save(stored)
    with pytest.raises(Conflict, match="on site"):
        jobs.cancel_job(uow, rules, job.job_id, OFFICER, "key-00001", "not needed")
    assert uow.jobs.get(job.job_id).status is JobStatus.ON_SITE
    assert [(e.action, e.outcome) for e in uow.audit.entries] == [("repairs.cancel_job", "refused")]


def test_staff_in_another_stream_cannot_touch_the_job(uow, rules, request_factory):
    job = created(uow, rules, request_factory())
    with pytest.raises(Forbidden):
        jobs.cancel_job(uow, rules, job.job_id, CARE_ONLY, "key-00001", "not needed")
    with pytest.raises(NotFound):
        jobs.cancel_job(uow, rules, "no-such-job", OFFICER, "key-00002", "not needed")
    assert uow.jobs.get(job.job_id).status is JobStatus.CREATED


def test_reassigning_moves_the_job_to_the_next_free_contractor(uow, request_factory):
    rules = make_rules(contractor("first"), contractor("second"))
    job = created(uow, rules, request_factory())
    uow.messages.rows[0].attempts, uow.messages.rows[0].status = 1, "delivered"
    moved = jobs.reassign_job(uow, rules, job.job_id, OFFICER, "key-00001", None, "first cannot attend")
    assert moved.contractor == "second" and moved.assignment == 2 and moved.status is JobStatus.CREATED
    assert uow.messages.to("first") == [("job.offered", "delivered"), ("job.withdrawn", "pending")]
    assert uow.messages.to("second") == [("job.offered", "pending")]
    assert moved.assignments[0]["outcome"] == "withdrawn"


def test_reassigning_to_a_named_contractor_checks_the_trade(uow, request_factory):
    rules = make_rules(contractor("first"), contractor("locksmith", trades=("locksmith",)))
    job = created(uow, rules, request_factory())
    with pytest.raises(ValidationFailed) as err:
        jobs.reassign_job(uow, rules, job.job_id, OFFICER, "key-00001", "locksmith", "closer")
    assert list(err.value.fields) == ["contractor"]
    with pytest.raises(Conflict):
        jobs.reassign_job(uow, rules, job.job_id, OFFICER, "key-00002", "first", "same one")
    with pytest.raises(Conflict, match="no other contractor"):
        jobs.reassign_job(uow, rules, job.job_id, OFFICER, "key-00003", None, "anyone else")
    assert uow.jobs.get(job.job_id).contractor == "first"


def test_staff_amend_the_details_checked_against_the_type_and_the_contractor_is_told(uow, rules, request_factory):
    from repairs.service_layer.amending import amend_job

    job = created(uow, rules, request_factory(description="smashed window", location="it says 'X' there"))
    assert uow.jobs.get(job.job_id).withheld == ["location (quoted_text)"]
    with pytest.raises(ValidationFailed) as err:
        amend_job(uow, rules, job.job_id, OFFICER, "key-00001", {
            "attributes": {"panes": 40, "colour": "red"}, "location": 'where they wrote "out"'})
    assert set(err.value.fields) == {"attributes.panes", "attributes.colour", "location"}
    amended = amend_job(uow, rules, job.job_id, OFFICER, "key-00002", {
        "attributes": {"panes": 2, "glass": "laminated"}, "location": "kitchen window"})
    assert amended.description == "Glazing repair, kitchen window. Panes broken: 2. Glass: Laminated"
    assert amended.withheld == [] and amended.target_at == job.target_at
    assert [m.kind for m in uow.messages.rows] == ["job.offered", "job.amended"]
    assert uow.messages.rows[1].data["attributes"] == {"panes": 2, "glass": "laminated"}
    with pytest.raises(ValidationFailed) as err:
        amend_job(uow, rules, job.job_id, OFFICER, "key-00003", {"job_type": "door_repair"})
    assert list(err.value.fields) == ["attributes.door"]


def test_a_new_type_the_contractor_does_not_do_needs_a_reassignment_first(uow, request_factory):
    from repairs.service_layer.amending import amend_job

    rules = make_rules(contractor("glazier", trades=("glazing",)))
    job = created(uow, rules, request_factory(description="smashed window"))
    with pytest.raises(ValidationFailed) as err:
        amend_job(uow, rules, job.job_id, OFFICER, "key-00001", {"job_type": "lock_change"})
    assert list(err.value.fields) == ["job_type"]
