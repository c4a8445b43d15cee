"""The watch timer: POL-6 warnings raised once each, offers not accepted in time passed on, and jobs
nobody could take offered again when someone is free."""

from __future__ import annotations

from datetime import timedelta

from repairs.domain.model import JobStatus
from repairs.service_layer import jobs, reports
from repairs.service_layer.supervision import watch

from .conftest import REPORTED, contractor, make_rules


def new_job(uow, rules, request_factory, **changes):
    with uow:
        job = jobs.create_job(uow, rules, request_factory(job_type="glazing", **changes))
        uow.commit()
    return job


def test_at_risk_and_breached_are_raised_once_each_even_when_the_watch_runs_often(uow, rules, request_factory,
                                                                                  clock):
    job = new_job(uow, rules, request_factory)
    clock.current = REPORTED + timedelta(hours=20)
    ticks = [watch(lambda: uow, rules) for _ in range(3)]
    assert [len(t.signals) for t in ticks] == [1, 0, 0]
    clock.current = REPORTED + timedelta(hours=24, seconds=1)
    assert [s.kind for _, s in watch(lambda: uow, rules).signals] == ["breached"]
    assert watch(lambda: uow, rules).signals == []
    sla = [e for e in uow.outbox.events if e.event_type.startswith("job_sla")]
    assert [(e.event_type, e.data["milestone"]) for e in sla] == [
        ("job_sla_at_risk", "make_safe_or_complete"), ("job_sla_breached", "make_safe_or_complete")]
    assert sla[0].data["job_id"] == job.job_id and sla[0].data["target_at"] == job.target_at
    assert uow.jobs.get(job.job_id).sla_raised.keys() == {"at_risk:make_safe_or_complete",
                                                          "breached:make_safe_or_complete"}


def test_a_job_made_safe_in_time_raises_nothing_until_its_follow_on_is_missed(uow, rules, request_factory, clock):
    job = new_job(uow, rules, request_factory)
    clock.advance(hours=2)
    reports.record_contractor_report(uow, rules, "reference", "w-1", {
        "job_id": job.job_id, "status": "made_safe", "at": clock.now(), "photos": []})
    clock.current = REPORTED + timedelta(days=2)
    assert watch(lambda: uow, rules).signals == []
    clock.current = uow.jobs.get(job.job_id).follow_on_due_at + timedelta(minutes=1)
    assert [(s.kind, s.milestone) for _, s in watch(lambda: uow, rules).signals] == [
        ("breached", "follow_on_completion")]


def test_an_offer_not_accepted_in_time_goes_to_the_next_contractor(uow, request_factory, clock):
    rules = make_rules(contractor("slow"), contractor("quick"))
    job = new_job(uow, rules, request_factory)
    uow.messages.rows[0].status, uow.messages.rows[0].attempts = "delivered", 1
    clock.advance(minutes=29)
    assert watch(lambda: uow, rules).reassigned == 0
    clock.advance(minutes=2)
    assert watch(lambda: uow, rules).reassigned == 1
    stored = uow.jobs.get(job.job_id)
    assert stored.contractor == "quick" and stored.excluded_contractors == {"slow"}
    assert stored.assignments[0]["outcome"] == "timed_out"
    assert uow.messages.to("slow") == [("job.offered", "delivered"), ("job.withdrawn", "pending")]
    assert uow.audit.entries[-1].action == "repairs.reassign_job" and uow.audit.entries[-1].actor == "system:repairs"


def test_with_nobody_else_the_late_contractor_keeps_the_job_a_while_longer(uow, rules, request_factory, clock):
    job = new_job(uow, rules, request_factory)
    clock.advance(minutes=31)
    tick = watch(lambda: uow, rules)
    stored = uow.jobs.get(job.job_id)
    assert tick.kept_waiting == 1 and stored.contractor == "reference"
    assert stored.accept_by == clock.now() + timedelta(minutes=30)


def test_a_job_nobody_could_take_is_offered_when_a_contractor_is_free(uow, request_factory):
    rules = make_rules(contractor("small", capacity=1))
    first = new_job(uow, rules, request_factory)
    second = new_job(uow, rules, request_factory, request_id="req-2")
    assert uow.jobs.get(second.job_id).contractor is None
    jobs.cancel_job(uow, rules, first.job_id, _officer(), "key-00001", "raised in error")
    tick = watch(lambda: uow, rules)
    assert tick.assigned == 1 and tick.messages_pending == 1 and tick.oldest_message_age == 0
    assert uow.jobs.get(second.job_id).contractor == "small"
    assert uow.jobs.get(second.job_id).status is JobStatus.CREATED


def _officer():
    from hcs.auth import Caller

    return Caller("u-1", "housing_officer", "north", frozenset({"general_needs"}))
