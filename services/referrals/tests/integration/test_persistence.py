"""Referrals' repositories on SQLite and PostgreSQL: round trips, append-only records, the queries
the delivery relies on, and the case lock that orders a delivery claim and a consent withdrawal."""

from __future__ import annotations

from datetime import timedelta

import eventlet
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from hcs.clock import FakeClock
from hcs.db import Store
from hcs.migrations import upgrade
from referrals.domain.model import CaseEntry
from referrals.domain.referral import Status
from referrals.service_layer import consents, delivery, notices, queries, registry, requests
from referrals.service_layer.release import gate_and_disclose
from referrals.service_layer.unit_of_work import ReferralsUnitOfWork

from ..unit.builders import CASE, DPO, OFFICER, SEEDS, SYSTEM, consent, referral
from ..unit.fakes import FakeDataSource, FakeTransport

POLICY = delivery.DeliveryPolicy(batch_size=10, lease_seconds=10, max_backoff_seconds=5)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path}/referrals.db"
    else:
        url = request.getfixturevalue("pg_database")("referrals")
    upgrade("referrals", url)
    made = Store(url, clock=FakeClock())
    registry.seed_partners(made.unit_of_work(ReferralsUnitOfWork), SEEDS, SYSTEM)
    with made.unit_of_work(ReferralsUnitOfWork) as uow:
        uow.cases.save(CaseEntry(CASE, "general_needs", team="north", report_ids=("r-1",)))
        uow.commit()
    yield made
    made.dispose()


def new(store):
    return store.unit_of_work(ReferralsUnitOfWork)


def test_a_referral_round_trips_with_its_history_disclosures_and_notice(store):
    consents.record_consent(new(store), consent(expires_at=store.clock.now() + timedelta(days=30)), OFFICER)
    made = requests.request_referral(new(store), referral(), OFFICER)
    transport = FakeTransport()
    delivery.deliver_due(lambda: new(store), FakeDataSource(), transport, SYSTEM, POLICY)
    consents.withdraw(new(store), {"case_id": CASE, "partners": ["police"], "how": "verbal",
                                   "idempotency_key": "withdraw-0001"}, OFFICER)
    assert notices.deliver_due_notices(lambda: new(store), transport, SYSTEM, POLICY) == (1, 0)
    detail = queries.referral_detail(new(store), made.referral_id, DPO, queries.Targets())
    r = detail.referral
    assert (r.status, r.reason, r.holds_data) == (Status.WITHDRAWN, "consent_withdrawn", True)
    assert [t.status for t in r.history] == [Status.REQUESTED, Status.SENT, Status.WITHDRAWN]
    assert r.disclosed_fields == {"victim.name", "victim.contact", "incident.occurred_at", "incident.types"}
    [disclosure] = detail.disclosures
    assert disclosure.fields == r.disclosed_fields and disclosure.seq >= 1
    assert detail.notice.sent_at == store.clock.now() and detail.attempts[0]["status_code"] == 202
    history = queries.consent_record(new(store), CASE, OFFICER)
    assert [(c.version, c.status) for c in history] == [(1, "given"), (2, "withdrawn")]
    assert history[0].expires_at == store.clock.now() + timedelta(days=30)


@pytest.mark.parametrize("table", ["consents", "agreements", "disclosures", "referral_history"])
def test_records_that_are_history_cannot_be_edited_or_deleted(store, table):
    consents.record_consent(new(store), consent(), OFFICER)
    requests.request_referral(new(store), referral(), OFFICER)
    delivery.deliver_due(lambda: new(store), FakeDataSource(), FakeTransport(), SYSTEM, POLICY)
    for statement in (f"UPDATE {table} SET partner = partner" if table != "referral_history"
                      else f"UPDATE {table} SET status = status", f"DELETE FROM {table}"):
        with pytest.raises(DBAPIError), store.engine.begin() as conn:
            conn.execute(text(statement))


def test_expired_consents_are_found_only_while_they_are_the_newest_record(store):
    consents.record_consent(new(store), consent(expires_at=store.clock.now() + timedelta(hours=1)), OFFICER)
    with new(store) as uow:
        assert uow.consents.expired_heads(store.clock.now(), 10) == []
        assert uow.consents.expired_heads(store.clock.now() + timedelta(hours=1), 10) == [(CASE, "police")]
    store.clock.advance(hours=2)
    assert consents.expire_due(lambda: new(store), SYSTEM) == 1
    with new(store) as uow:
        assert uow.consents.expired_heads(store.clock.now(), 10) == []


@pytest.mark.postgres
def test_on_postgresql_a_withdrawal_waits_for_a_claim_of_the_same_case_then_owes_the_notice(pg_database):
    """The case row lock: the claim is either before the withdrawal (and the partner is then told to
    delete) or after it (and refused). Here the claim holds the lock; the withdrawal must wait."""
    url = pg_database("referrals_lock")
    upgrade("referrals", url)
    store = Store(url, clock=FakeClock())
    registry.seed_partners(new(store), SEEDS, SYSTEM)
    with new(store) as uow:
        uow.cases.save(CaseEntry(CASE, "general_needs", team="north", report_ids=("r-1",)))
        uow.commit()
    consents.record_consent(new(store), consent(), OFFICER)
    made = requests.request_referral(new(store), referral(), OFFICER)
    [candidate] = delivery.due_candidates(new(store), 10)
    finished: list[str] = []

    def withdraw() -> None:
        consents.withdraw(new(store), {"case_id": CASE, "how": "verbal", "idempotency_key": "withdraw-0002"}, OFFICER)
        finished.append("withdrawn")

    data = FakeDataSource().fetch(CASE, ("r-1",), [], sorted(candidate.fields))
    with new(store) as uow:  # the claim, by hand, holding the case row while the withdrawal starts
        uow.cases.lock(CASE)
        racer = eventlet.spawn(withdraw)
        eventlet.sleep(0.5)
        assert finished == []  # blocked on the case row
        claimed = uow.referrals.get(made.referral_id, for_update=True)
        assert gate_and_disclose(uow, claimed, data, candidate.fields, SYSTEM, store.clock.now(), "webhook", 10)
        uow.commit()
    racer.wait()
    assert finished == ["withdrawn"]
    with new(store) as check:
        assert check.referrals.get(made.referral_id).status is Status.WITHDRAWN
        assert check.notices.for_referral(made.referral_id) is not None
    store.dispose()


@pytest.mark.postgres
def test_on_postgresql_two_events_of_one_case_handled_at_once_both_count(pg_database):
    """cases' events reach referrals on separate queues: a case_allocated and a report_linked of one
    case may be handled at the same moment. The later must wait for the earlier and merge into
    what it wrote, not save the entry it read before (which dropped the report id, and left a
    referral waiting for the case's reports for ever)."""
    from referrals.service_layer import case_events

    url = pg_database("referrals_case_events")
    upgrade("referrals", url)
    store = Store(url, clock=FakeClock())
    with new(store) as uow:
        uow.cases.save(CaseEntry(CASE, "general_needs", report_ids=("r-1",)))
        uow.commit()
    finished: list[str] = []

    def link() -> None:
        with new(store) as uow:
            case_events.report_linked(uow, {"case_id": CASE, "stream": "general_needs", "report_id": "r-2"})
            uow.commit()
        finished.append("linked")

    with new(store) as uow:
        case_events.case_allocated(uow, {"case_id": CASE, "stream": "general_needs", "officer_id": "o-1",
                                         "team": "north"})
        racer = eventlet.spawn(link)
        eventlet.sleep(0.5)
        assert finished == []  # waits on the case row
        uow.commit()
    racer.wait()
    with new(store) as check:
        case = check.cases.get(CASE)
    assert (case.officer_id, case.team, case.report_ids) == ("o-1", "north", ("r-1", "r-2"))
    store.dispose()


@pytest.mark.postgres
def test_on_postgresql_the_first_two_events_of_a_new_case_handled_at_once_both_count(pg_database):
    """Neither handler finds the entry; the one that inserts second must fail and be retried (the
    inbox does), never update the first one's entry with an empty one of its own."""
    from sqlalchemy.exc import IntegrityError

    from referrals.service_layer import case_events

    url = pg_database("referrals_new_case")
    upgrade("referrals", url)
    store = Store(url, clock=FakeClock())
    allocated = {"case_id": CASE, "stream": "general_needs", "officer_id": "o-1", "team": "north"}
    outcome: list[str] = []

    def allocate(slow: bool = False) -> None:
        try:
            with new(store) as uow:
                if slow:  # it reads before case_opened commits, and writes after
                    get = uow.cases.get
                    uow.cases.get = lambda *a, **k: (get(*a, **k), eventlet.sleep(0.5))[0]
                case_events.case_allocated(uow, allocated)
                uow.commit()
            outcome.append("applied")
        except IntegrityError:
            outcome.append("retry")

    with new(store) as uow:  # case_opened has not found the entry, and inserts it
        case_events.case_opened(uow, {"case_id": CASE, "stream": "general_needs", "report_id": "r-1"})
        racer = eventlet.spawn(allocate, slow=True)  # case_allocated finds no entry either
        eventlet.sleep(0.1)
        uow.commit()
    racer.wait()
    assert outcome == ["retry"]
    allocate()  # the inbox's next attempt
    with new(store) as check:
        case = check.cases.get(CASE)
    assert (case.officer_id, case.team, case.report_ids) == ("o-1", "north", ("r-1",))
    store.dispose()
