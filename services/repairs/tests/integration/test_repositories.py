"""Repairs' repositories against SQLite and PostgreSQL: jobs survive a round trip, the watch's and
the lists' queries agree with the domain rules, messages leave in order, and on PostgreSQL two
replicas never claim the same message or job."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from hcs.auth import Caller
from hcs.clock import FakeClock
from hcs.db import Store
from hcs.migrations import upgrade
from repairs.domain.listing import JobFilter
from repairs.domain.progress import JobUpdate
from repairs.service_layer import jobs, reports
from repairs.service_layer.dispatch import claim_due
from repairs.service_layer.unit_of_work import RepairsUnitOfWork

from ..unit.conftest import REPORTED, contractor, make_rules, repair_request

STREAMS = frozenset({"general_needs", "care_support"})
OFFICER = Caller("u-1", "housing_officer", "north", STREAMS)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path}/repairs.db"
    else:
        url = request.getfixturevalue("pg_database")("repairs")
    upgrade("repairs", url)
    store = Store(url, clock=FakeClock(REPORTED + timedelta(minutes=30)))
    yield store
    store.dispose()


def uow(store) -> RepairsUnitOfWork:
    return store.unit_of_work(RepairsUnitOfWork)  # type: ignore[return-value]


def create(store, rules, **changes):
    with uow(store) as work:
        job = jobs.create_job(work, rules, repair_request(**changes))
        work.commit()
    return job


def test_a_job_survives_the_round_trip(store):
    rules = make_rules()
    job = create(store, rules, access_notes="side gate", job_type="glazing")
    reports.record_contractor_report(uow(store), rules, "reference", "w-1", {
        "job_id": job.job_id, "status": "made_safe", "at": store.clock.now(), "notes": "Boarded.",
        "photos": [{"ref": "ref://b.jpg", "stage": "before", "taken_at": None}]})
    with uow(store) as work:
        loaded = work.jobs.get(job.job_id)
        history = work.updates.for_job(job.job_id)
    assert loaded.status.value == "made_safe" and loaded.made_safe_at == store.clock.now()
    assert loaded.follow_on_due_at is not None and loaded.access_notes == "side gate"
    assert loaded.photos[0]["ref"] == "ref://b.jpg" and loaded.assignments[0]["contractor"] == "reference"
    assert loaded.target_at.tzinfo is not None and loaded.target_at == REPORTED + timedelta(hours=24)
    assert [(u.kind, u.outcome, u.notes) for u in history] == [("made_safe", "applied", "Boarded.")]
    with uow(store) as work, pytest.raises(IntegrityError):  # the same webhook-id twice cannot be stored
        work.updates.add(JobUpdate("contractor:reference", "w-1", job.job_id, "made_safe", "x",
                                   REPORTED, REPORTED, "applied"))
        work.commit()


def test_the_watch_query_finds_what_the_domain_says_is_due_once(store):
    rules = make_rules()
    nothing_done = create(store, rules, request_id="r-1")
    made_safe = create(store, rules, request_id="r-2", job_type="glazing")
    reports.record_contractor_report(uow(store), rules, "reference", "w-1", {
        "job_id": made_safe.job_id, "status": "made_safe", "at": store.clock.now()})
    for hours, expected in ((19, set()), (20, {nothing_done.job_id}), (25, {nothing_done.job_id})):
        now = REPORTED + timedelta(hours=hours)
        with uow(store) as work:
            due = work.jobs.due_for_sla(now, 50)
            assert {j.job_id for j in due} == expected
            assert all(j.due_signals(now) for j in due)
            for job in due:
                for signal in job.due_signals(now):
                    job.mark_raised(signal, now)
                work.jobs.save(job)
            work.commit()
    with uow(store) as work:
        assert work.jobs.due_for_sla(REPORTED + timedelta(hours=26), 50) == []
        follow_on_due = work.jobs.get(made_safe.job_id).follow_on_due_at
        assert [j.job_id for j in work.jobs.due_for_sla(follow_on_due + timedelta(seconds=1), 50)] == [
            made_safe.job_id]


def test_the_lists_agree_with_the_domain(store):
    rules = make_rules(contractor("east", areas=("E",)))
    running = create(store, rules, request_id="r-1")
    nobody = create(store, rules, request_id="r-2", address={"postcode": "N1 9GU"})
    care = create(store, rules, request_id="r-3", stream="care_support", case_id="case-2")

    def listed(state, hours=21, streams=STREAMS, **extra):
        with uow(store) as work:
            found, matching = work.jobs.search(JobFilter(streams, state=state, **extra),
                                               REPORTED + timedelta(hours=hours))
        return sorted(j.request_id for j in found), matching

    assert listed("open") == (["r-1", "r-2", "r-3"], 3)
    assert listed("at_risk")[0] == ["r-1", "r-2", "r-3"] and listed("at_risk", hours=19)[0] == []
    assert listed("breached", hours=25)[0] == ["r-1", "r-2", "r-3"]
    assert listed("unassigned") == (["r-2"], 1)
    assert listed("open", streams=frozenset({"general_needs"})) == (["r-1", "r-2"], 3)
    assert listed("all", contractor="east", case_id="case-1") == (["r-1"], 1)
    with uow(store) as work:
        assert work.jobs.open_loads() == {"east": 2}
        assert [j.job_id for j in work.jobs.awaiting_contractor(10)] == [nobody.job_id]
        late = work.jobs.awaiting_acceptance(REPORTED + timedelta(hours=2), 10)
        assert sorted(j.job_id for j in late) == sorted([running.job_id, care.job_id])


def test_a_withdrawal_waits_behind_the_offer_it_follows(store):
    rules = make_rules()
    job = create(store, rules)
    [offer] = claim_due(uow(store), 10, lease_seconds=60)
    jobs.cancel_job(uow(store), rules, job.job_id, OFFICER, "key-00001", "raised in error")
    with uow(store) as work:
        messages = work.messages.for_job(job.job_id)
        assert [(m.kind, m.status) for m in messages] == [("job.offered", "superseded"),
                                                          ("job.withdrawn", "pending")]
        assert work.messages.attempted(job.job_id, "reference", 1) and work.messages.attempts_for(job.job_id, 1) == 1
    assert [m.webhook_id for m in claim_due(uow(store), 10, 60)] == [f"{job.job_id}.1.withdrawn"]
    assert offer.webhook_id == f"{job.job_id}.1.offered"


@pytest.mark.postgres
def test_two_replicas_never_claim_the_same_message_or_job(pg_database):
    url = pg_database("repairs")
    upgrade("repairs", url)
    store = Store(url, clock=FakeClock(REPORTED + timedelta(minutes=30)))
    rules = make_rules()
    for n in range(4):
        create(store, rules, request_id=f"r-{n}")
    try:
        with uow(store) as first:
            mine = first.messages.due(store.clock.now(), 2)
            with uow(store) as second:
                theirs = second.messages.due(store.clock.now(), 10)
                due_jobs = second.jobs.awaiting_acceptance(REPORTED + timedelta(hours=2), 10)
                with uow(store) as third:
                    others = third.jobs.awaiting_acceptance(REPORTED + timedelta(hours=2), 10)
        assert len(mine) == 2 and len(theirs) == 2
        assert {m.webhook_id for m in mine}.isdisjoint({m.webhook_id for m in theirs})
        assert len(due_jobs) == 4 and others == []
    finally:
        store.dispose()
