"""Intake's data protection work in the real databases, SQLite and PostgreSQL: the register keeps a
request's deadline and searches; the person index finds a name a later version corrected; a report
that opened no case is erased after its period (with ``report_erased``), one in a case only with its
case; erased reports are remembered; the subject's identity is encrypted at rest."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select, text

from hcs import tables
from hcs.auth import Caller
from hcs.clock import FakeClock
from hcs.db import Store
from hcs.events import new_event
from hcs.migrations import upgrade
from hcs.retention import retention_settings
from intake.adapters.orm import report_people, reports, subject_access_requests
from intake.domain.retention import RULES
from intake.domain.working_days import working_days
from intake.schemas import ReportSchema, load
from intake.service_layer import commands, retention, subject_access
from intake.service_layer.unit_of_work import IntakeUnitOfWork
from intake.settings import intake_settings

from .conftest import sample_report

T0 = datetime(2026, 6, 10, 9, 0, tzinfo=UTC)
STREAMS = frozenset({"general_needs", "care_support"})
OFFICER = Caller("officer-1", "housing_officer", "north", STREAMS)
DPO = Caller("dpo-1", "data_protection_officer", None, STREAMS)
SETTINGS = intake_settings({}, "s" * 40)
ENGLAND = working_days()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request, tmp_path):
    url = f"sqlite:///{tmp_path}/intake.db" if request.param == "sqlite" else request.getfixturevalue(
        "pg_database")("intake_privacy")
    upgrade("intake", url)
    store = Store(url, clock=FakeClock(T0))
    yield store
    store.dispose()


def uow(store):
    return store.unit_of_work(IntakeUnitOfWork)


def submit(store, **changes):
    payload = sample_report(**changes)
    payload["incident"] = {**payload["incident"], "occurred_at": (T0 - timedelta(hours=3)).isoformat()}
    details = load(ReportSchema(now=T0), payload, "report")
    return commands.submit_report(uow(store), details, OFFICER, SETTINGS).report_id


def open_request(store, subject, key="sar-key-0001"):
    return subject_access.open_request(uow(store), {
        "subject": subject, "received_on": date(2026, 6, 10), "channel": "email", "requester": "subject",
        "idempotency_key": key}, DPO, ENGLAND)


def test_the_register_keeps_the_deadline_searches_and_closure_with_the_subject_encrypted(store):
    subject = {"names": ["Amina Begum"], "addresses": [{"uprn": "100023336956"}], "contacts": []}
    request = open_request(store, subject)
    assert open_request(store, subject).request_id == request.request_id  # a retry is the same request
    assert request.due_on == date(2026, 7, 10)
    with store.engine.connect() as conn:
        raw = conn.execute(select(text("subject")).select_from(subject_access_requests)).scalar()
    assert raw.startswith("hcs1:") and "Amina" not in raw
    subject_access.record_search(uow(store), request.request_id, {"complete": False, "summary": {
        "cases": {"missing": "did not answer (RpcTimeout)"}}}, DPO)
    store.clock.advance(days=40)
    [overdue] = subject_access.list_requests(uow(store), "overdue", 10, DPO)
    assert overdue.request_id == request.request_id
    closed = subject_access.close_request(uow(store), request.request_id, {
        "outcome": "completed", "responded_on": date(2026, 7, 14), "note": None}, DPO)
    assert closed.answered_on_time() is False
    found = subject_access.get_request(uow(store), request.request_id, DPO)
    assert found.subject == subject and found.searches[0]["complete"] is False
    assert subject_access.list_requests(uow(store), "overdue", 10, DPO) == []

    settings = retention_settings({"retention": {"schedule": {"subject_access_request": {"years": 2}}}}, RULES)
    store.clock.advance(days=365 * 2)
    assert retention.run(lambda: uow(store), settings, DPO)[1].erased == 0
    store.clock.advance(days=30)
    assert retention.run(lambda: uow(store), settings, DPO)[1].erased == 1
    with store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(subject_access_requests)).scalar() == 0


def test_the_person_index_keeps_every_version_so_a_corrected_name_is_still_found(store):
    report_id = submit(store, victims=[{"name": "Amina Begun", "contact": "07700 900123",
                                        "address": {"uprn": "100023336956"}}])
    details = {**sample_report(), "victims": [{"name": "Amina Begum", "contact": "07700 900123",
                                               "address": {"uprn": "100023336956"}}]}
    details.pop("idempotency_key")
    commands.amend_report(uow(store), report_id, {"expected_version": 1, "reason": "name spelt wrongly",
                                                  "changes": {"victims": details["victims"]}}, OFFICER, SETTINGS,
                          lambda d: d)
    with store.engine.connect() as conn:
        names = conn.execute(select(report_people.c.name_key).where(report_people.c.role == "victim")).scalars().all()
    assert len(names) == 2
    for name in ("Amina Begun", "Amina Begum"):
        request = open_request(store, {"names": [name], "contacts": ["07700900123"]}, key=f"sar-{name[-3:]}-key")
        part = subject_access.subject_access_part(uow(store), request.request_id, DPO, SETTINGS.place_key_secret)
        assert list(part["links"]["reports"]) == [report_id], name


def test_a_report_without_a_case_expires_and_one_in_a_case_goes_with_its_case(store):
    settings = retention_settings({"retention": {"schedule": {"report_without_case": {"years": 2}}}}, RULES)
    alone, in_case = submit(store), submit(store)
    with uow(store) as work:
        retention.report_in_case(work, {"report_id": in_case, "case_id": "case-1"})
        work.commit()
    store.clock.advance(days=365 * 2 - 1)
    assert retention.run(lambda: uow(store), settings, DPO, dry_run=True)[0].due == 0
    store.clock.advance(days=2)
    [dry, _, _] = retention.run(lambda: uow(store), settings, DPO, dry_run=True)
    assert dry.ids == [alone]
    [done, _, _] = retention.run(lambda: uow(store), settings, DPO)
    assert done.erased == 1 and done.ids == [alone]
    with store.engine.connect() as conn:
        left = conn.execute(select(reports.c.report_id)).scalars().all()
        erased = conn.execute(select(tables.outbox.c.event_type).where(
            tables.outbox.c.aggregate_id == alone)).scalars().all()
    assert left == [in_case] and erased == ["report_erased"]  # its report_received copy went too

    event = new_event("case_erased", "case-1", {"case_id": "case-1", "stream": "general_needs", "erased_at": T0,
                                                "rule": "closed_case", "report_ids": []}, T0)
    with uow(store) as work:
        assert retention.case_erased(work, event, DPO) == 1
        work.commit()
    with uow(store) as work:
        assert work.erased.which([alone, in_case, "case-1"]) == {alone, in_case, "case-1"}
    with store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(reports)).scalar() == 0
        assert conn.execute(select(func.count()).select_from(report_people)).scalar() == 0
