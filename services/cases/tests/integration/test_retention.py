"""Erasing a closed case, and rotating keys, in SQLite and PostgreSQL (``cases.domain.retention``): six years after
closure, never before, never an open case; every record that hangs from it goes, the append-only
contact log included (its trigger lets a row go only once the case's tombstone is written), with its
outbox copies; ``case_erased`` names its reports; a recorded report goes when intake erases it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, insert, select, text

from cases.adapters import orm
from cases.domain.retention import RULES
from cases.service_layer import approvals, contacts, intake_events, retention
from cases.service_layer.unit_of_work import CasesUnitOfWork
from hcs import tables
from hcs.auth import Caller
from hcs.clock import FakeClock
from hcs.db import Store
from hcs.events import new_event
from hcs.migrations import upgrade
from hcs.retention import retention_settings

from .test_persistence import OFFICER, SENIOR, SETTINGS, T0, opened, report, uow_of

OPERATOR = Caller("operator-1", "administrator", None, frozenset())
SIX_YEARS = retention_settings({}, RULES)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request, tmp_path):
    url = f"sqlite:///{tmp_path}/cases.db" if request.param == "sqlite" else request.getfixturevalue(
        "pg_database")("cases_retention")
    upgrade("cases", url)
    store = Store(url, clock=FakeClock(T0))
    yield store
    store.dispose()


def close(store, case_id):
    request = approvals.request_closure(uow_of(store)(), OFFICER, case_id, {
        "outcome": "resolved", "note": "Done.", "idempotency_key": None,
        "checklist": {"victim_told": True, "actions_ended": True, "referrals_closed": True}}, SETTINGS)
    approvals.decide(uow_of(store)(), SENIOR, request.approval_id, {"decision": "approve", "note": None}, SETTINGS)


def count(store, table, *where) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table).where(*where)).scalar())


def test_a_closed_case_is_erased_six_years_after_closure_with_everything_on_it(store):
    case_id = opened(store)
    contacts.record_contact(uow_of(store)(), OFFICER, case_id, {
        "kind": "phone", "party": "victim", "direction": "outbound", "successful": True, "summary": "Called.",
        "contacted_at": None, "corrects": None, "idempotency_key": None}, SETTINGS)
    still_open = opened(store, "r-open", household_key="uprn:200", perpetrator_keys=["p:2"],
                        address={"uprn": "200", "postcode": "E1 6AN", "line": "2 High St"})
    close(store, case_id)
    with pytest.raises(Exception, match="append-only"), store.engine.begin() as conn:
        conn.execute(text("DELETE FROM contacts"))  # not on the erasure path: refused

    store.clock.current = T0 + timedelta(days=365 * 6)  # two leap days short of six years
    assert retention.run(uow_of(store), SIX_YEARS, OPERATOR)[0].erased == 0
    store.clock.current = T0 + timedelta(days=365 * 6 + 2)
    [dry, _] = retention.run(uow_of(store), SIX_YEARS, OPERATOR, dry_run=True)
    assert dry.ids == [case_id] and count(store, orm.cases) == 2
    [done, _] = retention.run(uow_of(store), SIX_YEARS, OPERATOR)
    assert done.erased == 1 and done.ids == [case_id]

    for table in (orm.cases, orm.contacts, orm.case_reports, orm.case_parties, orm.timeline, orm.risk_assessments,
                  orm.approvals, orm.surveys, orm.work_items):
        assert count(store, table, table.c.case_id == case_id) == 0, table.name
    assert count(store, orm.cases, orm.cases.c.case_id == still_open) == 1  # an open case is never erased
    with store.engine.connect() as conn:
        left = conn.execute(select(tables.outbox.c.event_type, tables.outbox.c.envelope).where(
            tables.outbox.c.aggregate_id == case_id)).all()
        a = tables.audit_log.c
        audit = conn.execute(select(a.action).where(a.record_id == case_id, a.action == "cases.erase_case")).all()
    assert [row.event_type for row in left] == ["case_erased"] and '"report_ids": ["r1"]' in left[0].envelope
    assert len(audit) == 1
    with store.unit_of_work(CasesUnitOfWork) as uow:
        assert uow.erased.which([case_id, "r1", still_open]) == {case_id, "r1"}
    with pytest.raises(Exception, match="append-only"), store.engine.begin() as conn:  # still no edits
        conn.execute(insert(orm.contacts).values(
            contact_id="x", case_id=still_open, contacted_at=T0, recorded_at=T0, recorded_by="o-1", kind="phone",
            party="victim", direction="outbound", successful=True, summary="x", first_contact=False))
        conn.execute(text("UPDATE contacts SET summary = 'changed'"))


def test_a_report_recorded_without_a_case_goes_when_intake_erases_it(store):
    with uow_of(store)() as uow:
        intake_events.take_report(uow, report("r-noise", triage="neighbour_dispute", strands=[]), SETTINGS)
        uow.commit()
    event = new_event("report_erased", "r-noise", {"report_id": "r-noise", "stream": "general_needs",
                                                   "erased_at": T0, "rule": "report_without_case"}, T0)
    with uow_of(store)() as uow:
        assert retention.report_erased(uow, event, OPERATOR) == "erased"
        uow.commit()
    assert count(store, orm.case_reports) == 0
    with store.unit_of_work(CasesUnitOfWork) as uow:
        assert uow.erased.covers(["r-noise"])


def test_a_key_rotation_re_encrypts_the_contact_log_and_nothing_else_gets_through(store):
    import base64

    from cases.adapters.orm import metadata
    from hcs.crypto import Keyring, keyring, new_key, reencrypt, use_keyring

    case_id = opened(store)
    contacts.record_contact(uow_of(store)(), OFFICER, case_id, {
        "kind": "phone", "party": "victim", "direction": "outbound", "successful": True,
        "summary": "She said the men shout at her children.", "contacted_at": None, "corrects": None,
        "idempotency_key": None}, SETTINGS)
    before = keyring()
    use_keyring(Keyring({**before.keys, "k2": base64.b64decode(new_key())}, "k2"))
    try:
        counts = reencrypt(store.engine, metadata)
        assert counts["contacts.summary"] == 1
        with store.engine.connect() as conn:
            raw = conn.execute(text("SELECT summary FROM contacts")).scalar()
            assert raw.startswith("hcs1:k2:") and "children" not in raw
        with uow_of(store)() as uow:
            assert uow.contacts.for_case(case_id)[0].summary == "She said the men shout at her children."
        for statement in ("UPDATE contacts SET summary = 'plain words'", "UPDATE contacts SET kind = 'visit'",
                          "UPDATE contacts SET summary = summary"):
            with pytest.raises(Exception, match="append-only"), store.engine.begin() as conn:
                conn.execute(text(statement))
    finally:
        use_keyring(before)
