"""Repairs' data protection in SQLite and PostgreSQL: access notes, the work orders kept for
contractors and the notes of updates are ciphertext at rest; a closed job is erased two years after
it closed (with its messages, deliveries and updates, and ``job_erased``), an open one never; every
job of an erased case goes at once, and the ids are remembered."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, text

from hcs import tables
from hcs.auth import Caller
from hcs.clock import FakeClock
from hcs.db import Store
from hcs.events import new_event
from hcs.migrations import upgrade
from hcs.retention import retention_settings
from repairs.adapters.orm import contractor_messages, job_updates, jobs
from repairs.domain.retention import RULES
from repairs.service_layer import reports, retention
from repairs.service_layer.unit_of_work import RepairsUnitOfWork

from ..unit.conftest import REPORTED, make_rules
from .test_repositories import create

OPERATOR = Caller("operator-1", "administrator", None, frozenset())
TWO_YEARS = retention_settings({}, RULES)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request, tmp_path):
    url = f"sqlite:///{tmp_path}/repairs.db" if request.param == "sqlite" else request.getfixturevalue(
        "pg_database")("repairs_retention")
    upgrade("repairs", url)
    store = Store(url, clock=FakeClock(REPORTED + timedelta(minutes=30)))
    yield store
    store.dispose()


def uow(store):
    return store.unit_of_work(RepairsUnitOfWork)


def completed(store, rules, request_id: str, case_id: str = "case-1") -> str:
    job = create(store, rules, request_id=request_id, case_id=case_id, access_notes="Key with the neighbour at 12")
    reports.record_contractor_report(uow(store), rules, "reference", f"w-{request_id}", {
        "job_id": job.job_id, "status": "completed", "at": store.clock.now(), "notes": "Tenant uses a wheelchair.",
        "photos": [{"ref": "ref://before.jpg", "stage": "before", "taken_at": None}]})
    return job.job_id


def count(store, table, *where) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table).where(*where)).scalar())


def test_free_text_about_the_household_is_ciphertext_at_rest(store):
    completed(store, make_rules(), "req-1")
    with store.engine.connect() as conn:
        raw = [conn.execute(text(sql)).scalars().first() for sql in (
            "SELECT access_notes FROM jobs", "SELECT notes FROM job_updates", "SELECT data FROM contractor_messages")]
    assert all(value.startswith("hcs1:") for value in raw)
    assert not any(word in "".join(raw) for word in ("neighbour", "wheelchair", "High Street"))


def test_a_closed_job_is_erased_two_years_after_it_closed_and_an_open_one_never(store):
    rules = make_rules()
    done = completed(store, rules, "req-1")
    still_open = create(store, rules, request_id="req-2").job_id
    store.clock.advance(days=365 * 2 - 1)
    assert retention.run(lambda: uow(store), TWO_YEARS, OPERATOR)[0].erased == 0
    store.clock.advance(days=2)
    [ran, _] = retention.run(lambda: uow(store), TWO_YEARS, OPERATOR)
    assert ran.ids == [done]
    assert count(store, jobs) == 1 and count(store, jobs, jobs.c.job_id == still_open) == 1
    for table in (job_updates, contractor_messages):
        assert count(store, table, table.c.job_id == done) == 0
    with store.engine.connect() as conn:
        left = conn.execute(select(tables.outbox.c.event_type).where(tables.outbox.c.aggregate_id == done)).all()
    assert [r.event_type for r in left] == ["job_erased"]
    with uow(store) as work:
        assert work.erased.which([done, "req-1", still_open]) == {done, "req-1"}


def test_every_job_of_an_erased_case_goes_at_once(store):
    rules = make_rules()
    first, second = completed(store, rules, "req-1"), create(store, rules, request_id="req-2").job_id
    other_case = completed(store, rules, "req-3", case_id="case-2")
    event = new_event("case_erased", "case-1", {"case_id": "case-1", "stream": "general_needs",
                                                "erased_at": store.clock.now(), "rule": "closed_case"},
                      store.clock.now())
    with uow(store) as work:
        assert retention.case_erased(work, event, OPERATOR) == 2
        work.commit()
    assert [j for j in (first, second, other_case) if count(store, jobs, jobs.c.job_id == j)] == [other_case]
    with uow(store) as work:
        assert work.erased.covers(["case-1"]) and not work.erased.covers(["case-2"])
