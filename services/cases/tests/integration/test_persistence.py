"""Cases' repositories and queries against SQLite and PostgreSQL alike: every record round-trips,
concurrent changes are caught, the contact log is append-only, and the reminder timer raises each
reminder once even when replicas race (issue 4; ARCHITECTURE "@timer fires in every replica")."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import eventlet
import pytest
from sqlalchemy import func, select, text

from cases.adapters.orm import contacts as contacts_table
from cases.adapters.orm import work_items
from cases.domain.errors import CaseRuleBroken
from cases.service_layer import (
    actions,
    approvals,
    contacts,
    intake_events,
    queries,
    remedies,
    reminders,
    reviews,
    staff,
)
from cases.service_layer.unit_of_work import CasesUnitOfWork
from cases.settings import cases_settings
from hcs import tables
from hcs.auth import Caller
from hcs.clock import FakeClock
from hcs.db import Store
from hcs.migrations import upgrade

T0 = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)
SETTINGS = cases_settings({"allocation": {"default_team": "north"}})
MANAGER = Caller("m-1", "manager", "head-office", frozenset({"general_needs", "care_support"}))
SENIOR = Caller("s-1", "senior", "north", frozenset({"general_needs"}))
OFFICER = Caller("o-1", "housing_officer", "north", frozenset({"general_needs"}))
FACTORS = {"victim_vulnerability": 2, "harm": 2, "repeat": 1, "threats": 0, "household_impact": 1}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path}/cases.db"
    else:
        url = request.getfixturevalue("pg_database")("cases")
    upgrade("cases", url)
    return url


@pytest.fixture
def store(database_url):
    store = Store(database_url, clock=FakeClock(T0))
    yield store
    store.dispose()


def uow_of(store):
    return lambda: store.unit_of_work(CasesUnitOfWork)


def report(report_id, **changes):
    data = {"report_id": report_id, "received_at": T0, "stream": "general_needs", "triage": "hate_incident",
            "strands": ["race"], "perceived_by": "witness", "incident_types": ["graffiti", "threats_of_violence"],
            "flags": ["urgent"],
            "address": {"uprn": "100", "postcode": "E1 6AN", "line": "1 High St"}, "household_key": "uprn:100",
            "perpetrator_keys": ["p:1"], "perpetrator_identified": True, "damage": None,
            "officer_preference": "no_preference", "anonymous": False}
    data.update(changes)
    return data


def opened(store, report_id="r1", **changes):
    new = uow_of(store)
    for member in ({"staff_id": "s-1", "name": "S", "role": "senior", "team": "north"},
                   {"staff_id": "o-1", "name": "O", "role": "housing_officer", "team": "north", "reports_to": "s-1",
                    "trained_on": T0.date()}):
        defaults = {"patches": [], "streams": ["general_needs"], "trained_on": None, "reports_to": None,
                    "sex": None, "ethnic_origin": None, "active": True}
        staff.save_staff(new(), MANAGER, {**defaults, **member}, SETTINGS)
    with new() as uow:
        intake_events.take_report(uow, report(report_id, **changes), SETTINGS)
        uow.commit()
    with new() as uow:
        return uow.cases.report(report_id).case_id


def test_a_case_and_everything_on_it_round_trips(store):
    new = uow_of(store)
    case_id = opened(store)
    contacts.record_contact(new(), OFFICER, case_id, {"kind": "visit", "party": "victim", "direction": "outbound",
                                                      "successful": True, "summary": "Visited.", "contacted_at": None,
                                                      "corrects": None, "idempotency_key": None}, SETTINGS)
    action = actions.add_action(new(), OFFICER, case_id, {
        "action_type": "damage_repair", "description": "Remove graffiti", "owner_id": None,
        "due_at": T0 + timedelta(days=2), "agreement": "agreed", "agreement_note": "happy", "location": "door",
        "job_type": "graffiti_removal", "access_notes": None, "idempotency_key": None}, SETTINGS)
    remedy = remedies.propose_action(new(), OFFICER, case_id, {
        "remedy": "civil_injunction_without_notice", "victim_view": "agreed", "perpetrator_key": "p:1",
        "reason": None, "historic_status": None, "expires_on": None, "idempotency_key": None})
    store.clock.advance(days=1)
    reviews.record_review(new(), SENIOR, case_id, {"kind": "officer_senior", "factors": FACTORS, "notes": "ok",
                                                   "next_steps": None, "idempotency_key": None}, SETTINGS)
    detail = queries.case_detail(new(), SENIOR, case_id)
    case, records = detail.case, detail.records
    assert case.original_perception["perceived_by"] == "witness" and case.strands == ["race"]
    assert case.first_contact_at == T0 and case.officer_id == "o-1" and case.risk_level == "medium"
    assert case.address == {"uprn": "100", "postcode": "E1 6AN", "line": "1 High St"}
    [stored_action] = records["actions"]
    assert stored_action.due_at == T0 + timedelta(days=2) and stored_action.history[-1]["at"] == T0
    assert stored_action.request_id == action.request_id and stored_action.details["job_type"] == "graffiti_removal"
    [stored_remedy] = records["perpetrator_actions"]
    assert stored_remedy.remedy == remedy.remedy and stored_remedy.history[0]["status"] == "proposed"
    assert [r.report_id for r in records["reports"]] == ["r1"]
    assert [c.kind for c in records["classification_history"]] == ["perceived"]
    assert [a.occasion for a in records["risk_assessments"]] == ["report", "review"]
    assert len(records["contacts"]) == 1 and len(records["reviews"]) == 1
    assert records["repairs"][0]["action_id"] == action.action_id
    assert {e.kind for e in records["timeline"]} >= {"case_opened", "contact", "action_agreement", "review"}
    assert "Threats of violence" not in " ".join(detail.prompts)  # the injunction is on the plan
    with store.engine.connect() as conn:
        audited = conn.execute(select(func.count()).select_from(tables.audit_log).where(
            tables.audit_log.c.record_id == case_id)).scalar()
    assert audited >= 6


def test_a_concurrent_change_to_the_same_case_is_caught(store):
    case_id = opened(store)
    first, second = store.unit_of_work(CasesUnitOfWork), store.unit_of_work(CasesUnitOfWork)
    with first:
        a = first.cases.get(case_id)
    with second:
        b = second.cases.get(case_id)
        b.note(T0, "test", "second writer", "x")
        second.cases.save(b)
        second.commit()
    with first:
        a.note(T0, "test", "first writer", "x")
        with pytest.raises(CaseRuleBroken):
            first.cases.save(a)


def test_the_stream_and_the_original_perception_are_written_once(store):
    case_id = opened(store)
    with store.unit_of_work(CasesUnitOfWork) as uow:
        case = uow.cases.get(case_id)
        case.stream, case.original_perception = "care_support", {"tampered": True}
        uow.cases.save(case)
        uow.commit()
    with store.unit_of_work(CasesUnitOfWork) as uow:
        kept = uow.cases.get(case_id)
    assert kept.stream == "general_needs" and kept.original_perception["perceived_by"] == "witness"


def test_the_contact_log_is_append_only_in_the_database(store):
    case_id = opened(store)
    contacts.record_contact(uow_of(store)(), OFFICER, case_id, {
        "kind": "phone", "party": "victim", "direction": "outbound", "successful": True, "summary": "Called.",
        "contacted_at": None, "corrects": None, "idempotency_key": None}, SETTINGS)
    with pytest.raises(Exception, match="append-only"), store.engine.begin() as conn:
        conn.execute(text("UPDATE contacts SET summary = 'changed'"))
    with pytest.raises(Exception, match="append-only"), store.engine.begin() as conn:
        conn.execute(text("DELETE FROM contacts"))
    with store.engine.connect() as conn:
        assert conn.execute(select(contacts_table.c.summary)).scalar() == "Called."


def test_a_closed_case_lets_a_new_report_open_a_new_case(store):
    new = uow_of(store)
    case_id = opened(store)
    request = approvals.request_closure(new(), OFFICER, case_id, {
        "outcome": "resolved", "note": "Done.", "idempotency_key": None,
        "checklist": {"victim_told": True, "actions_ended": True, "referrals_closed": True}}, SETTINGS)
    approvals.decide(new(), SENIOR, request.approval_id, {"decision": "approve", "note": None}, SETTINGS)
    second = opened(store, "r2")
    assert second != case_id


def test_reminders_are_raised_once_when_replicas_race(database_url):
    stores = [Store(database_url, clock=FakeClock(T0)) for _ in range(2)]
    try:
        case_id = opened(stores[0])
        for s in stores:
            s.clock.current = T0 + timedelta(days=60)  # every review is overdue by now
        ticks = [eventlet.spawn(reminders.send_reminders, uow_of(s), 50) for s in stores]
        results = [t.wait() for t in ticks]
        assert sum(r.reviews for r in results) == 2  # officer-senior and senior-manager, once each
        again = reminders.send_reminders(uow_of(stores[0]), 50)
        assert (again.reviews, again.first_contacts, again.updates) == (0, 0, 0)
        with stores[0].engine.connect() as conn:
            kinds = conn.execute(select(work_items.c.kind, work_items.c.assignee_id, work_items.c.assignee_role)
                                 .where(work_items.c.case_id == case_id).order_by(work_items.c.kind)).all()
            overdue_events = conn.execute(select(func.count()).select_from(tables.outbox).where(
                tables.outbox.c.event_type == "review_overdue")).scalar()
        assert overdue_events == 2
        with stores[0].engine.connect() as conn:
            audited = conn.execute(select(func.count()).select_from(tables.audit_log).where(
                tables.audit_log.c.action == "cases.send_reminders", tables.audit_log.c.record_id == case_id)).scalar()
        assert audited == 1  # the timer's writes are audited too, once
        assert ("first_contact_overdue", "s-1", None) in kinds  # escalated to the officer's senior
        assert kinds.count(("review_overdue", "s-1", None)) == 1 and ("review_overdue", None, "manager") in kinds
        overdue = queries.overdue_work(uow_of(stores[0])(), SENIOR, None, 50)
        assert {o.what for o in overdue} == {"first_contact", "officer_senior_review", "senior_manager_review"}
        queue = queries.team_queue(uow_of(stores[0])(), SENIOR, None, 50)
        assert {i.kind for i in queue.work_items} >= {"review_overdue", "first_contact_overdue"}
        everywhere = queries.team_queue(uow_of(stores[0])(), MANAGER, None, 50)  # a manager sees every team
        assert [(i.kind, i.ref_id) for i in everywhere.work_items] == [("review_overdue", "senior_manager")]
    finally:
        for s in stores:
            s.dispose()


def test_special_category_columns_are_ciphertext_at_rest(store):
    """Issue 8: staff's sex and ethnic origin and a case's original perception are encrypted at rest,
    and read back whole."""
    from sqlalchemy import text

    defaults = {"patches": [], "streams": ["general_needs"], "trained_on": None, "reports_to": None, "active": True}
    staff.save_staff(uow_of(store)(), MANAGER, {**defaults, "staff_id": "o-2", "name": "P", "role": "housing_officer",
                                                "team": "north", "sex": "female", "ethnic_origin": "Black British"},
                     SETTINGS)
    case_id = opened(store)
    with store.engine.connect() as conn:
        sex, origin = conn.execute(text("SELECT sex, ethnic_origin FROM staff WHERE staff_id = 'o-2'")).one()
        perception = conn.execute(text("SELECT original_perception FROM cases WHERE case_id = :c"),
                                  {"c": case_id}).scalar()
    assert all(v.startswith("hcs1:") for v in (sex, origin, perception))
    assert "Black" not in origin and "race" not in perception and "witness" not in perception
    with uow_of(store)() as uow:
        assert uow.cases.get(case_id).original_perception["perceived_by"] == "witness"


@pytest.mark.postgres
@pytest.mark.parametrize("held", ["amended", "withdrawn"])
def test_on_postgresql_an_amendment_and_a_withdrawal_of_one_report_handled_at_once_both_count(pg_database, held):
    """intake's report_amended and report_withdrawn reach cases on separate queues and may be handled at
    the same moment. The later must wait for the earlier and work from what it wrote, not save the
    report record it read before: that undid the withdrawal (the report counted towards the Community
    Trigger again) or put the report back at its old version."""
    url = pg_database("cases_report_events")
    upgrade("cases", url)
    store = Store(url, clock=FakeClock(T0))
    opened(store)
    new = uow_of(store)
    amendment = report("r1", received_at=None, amended_at=T0 + timedelta(hours=1), version=2,
                       incident_types=["graffiti"])
    withdrawal = {"report_id": "r1", "withdrawn_at": T0 + timedelta(hours=2), "reason": "victim_request"}
    first, second = (("amended", "withdrawn") if held == "amended" else ("withdrawn", "amended"))
    apply = {"amended": lambda uow: intake_events.amend_report(uow, amendment, SETTINGS),
             "withdrawn": lambda uow: intake_events.withdraw_report(uow, withdrawal)}
    finished: list[str] = []

    def racer() -> None:
        with new() as uow:
            finished.append(apply[second](uow))
            uow.commit()

    with new() as uow:
        assert apply[first](uow) == first
        racing = eventlet.spawn(racer)
        eventlet.sleep(0.5)
        assert finished == []  # waits on the report's record
        uow.commit()
    racing.wait()
    with new() as check:
        record = check.cases.report("r1")
    assert record.withdrawn_at == T0 + timedelta(hours=2)  # the withdrawal is never undone
    # an amendment that came first is kept; one that comes after the withdrawal is ignored
    assert (record.version, finished) == ((2, ["withdrawn"]) if held == "amended" else (1, ["ignored"]))
    store.dispose()


@pytest.mark.postgres
def test_on_postgresql_two_reports_about_one_party_handled_at_once_make_one_case(pg_database):
    """Two reports about the same household may be taken at the same moment (ten workers on the
    report_received queue, and report_amended on its own). The later must wait for the earlier and
    join the case it opened, not miss that uncommitted case and open a second one for the same party."""
    url = pg_database("cases_same_party")
    upgrade("cases", url)
    store = Store(url, clock=FakeClock(T0))
    opened(store, "r0", household_key="uprn:900", perpetrator_keys=["p:9"],
           address={"uprn": "900", "postcode": "E1 6AN", "line": "9 Low St"})  # the staff, and another party
    new = uow_of(store)
    finished: list[str] = []

    def racer() -> None:
        with new() as uow:
            finished.append(intake_events.take_report(uow, report("r2", received_at=T0 + timedelta(minutes=5)),
                                                      SETTINGS))
            uow.commit()

    with new() as uow:
        assert intake_events.take_report(uow, report("r1"), SETTINGS) == "opened"
        racing = eventlet.spawn(racer)
        eventlet.sleep(0.5)
        assert finished == []  # waits on the party
        uow.commit()
    racing.wait()
    with new() as check:
        first, second = check.cases.report("r1"), check.cases.report("r2")
    assert finished == ["linked"] and second.case_id == first.case_id
    store.dispose()


@pytest.mark.postgres
def test_on_postgresql_a_withdrawal_handled_while_its_report_is_being_taken_is_not_lost(pg_database):
    """report_withdrawn has its own queue: it may be handled while its report_received is still being
    taken (not committed yet). It must not be dropped as a withdrawal of an unknown report; the inbox
    tries again, and the report, taken meanwhile, is then withdrawn."""
    from hcs.config import ConsumerSettings
    from hcs.events import new_event
    from hcs.messaging import Outcome, receive

    url = pg_database("cases_early_withdrawal")
    upgrade("cases", url)
    store = Store(url, clock=FakeClock(T0))
    opened(store, "r0", household_key="uprn:900", perpetrator_keys=["p:9"],
           address={"uprn": "900", "postcode": "E1 6AN", "line": "9 Low St"})  # the staff
    new = uow_of(store)
    withdrawal = new_event("report_withdrawn", "r1", {"report_id": "r1", "stream": "general_needs",
                                                      "withdrawn_at": T0 + timedelta(hours=1),
                                                      "reason": "made_in_error"}, T0 + timedelta(hours=1))
    outcomes: list[Outcome] = []

    def consume() -> None:
        outcomes.append(receive(store, CasesUnitOfWork, "cases.on_report_withdrawn", withdrawal.to_envelope(),
                                lambda event, uow: intake_events.withdraw_report(uow, event.data),
                                ConsumerSettings(attempts=3, retry_delay_seconds=0.3), "cases",
                                sleep=eventlet.sleep))

    with new() as uow:
        assert intake_events.take_report(uow, report("r1"), SETTINGS) == "opened"
        racing = eventlet.spawn(consume)
        eventlet.sleep(0.2)
        uow.commit()
    racing.wait()
    with new() as check:
        record = check.cases.report("r1")
    assert outcomes == [Outcome.APPLIED] and record.withdrawn_at == T0 + timedelta(hours=1)
    store.dispose()
