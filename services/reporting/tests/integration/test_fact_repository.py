"""The fact repository against every storage backend: the same period and stream rules as the domain."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import update

from hcs.auth import Caller
from hcs.db import Store
from hcs.migrations import upgrade
from reporting.adapters.orm import facts
from reporting.domain.facts import Period
from reporting.domain.indicators import COUNTED_EVENT_TYPES
from reporting.service_layer import handlers
from reporting.service_layer.handlers import IndicatorQuery
from reporting.service_layer.unit_of_work import ReportingUnitOfWork

MANAGER = Caller("m-1", "manager")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path}/reporting.db"
    else:
        url = request.getfixturevalue("pg_database")("reporting")
    upgrade("reporting", url)
    store = Store(url)
    yield store
    store.dispose()


def uow(store):
    return store.unit_of_work(ReportingUnitOfWork)


def test_period_and_stream_are_applied_by_the_query(store, quarter):
    with uow(store) as work:
        for fact in quarter:
            work.facts.add(fact)
        work.commit()
    quarter_period = Period.of_days(date(2026, 1, 1), date(2026, 4, 1))
    with uow(store) as work:
        found = work.facts.in_period(COUNTED_EVENT_TYPES, quarter_period)
        general = work.facts.in_period({"report_received"}, quarter_period, "general_needs")
        assert work.facts.has(quarter[0].event_id) and not work.facts.has("nope")
    expected = sorted(f.event_id for f in quarter if quarter_period.contains(f.occurred_at))
    assert sorted(f.event_id for f in found) == expected
    assert sorted(f.data["report_id"] for f in general) == ["r1", "r2", "r3"]


def test_rebuild_gives_the_same_figures_and_repairs_derived_columns(store, quarter):
    with uow(store) as work:
        for fact in quarter:
            work.facts.add(fact)
        work.commit()
    query = IndicatorQuery(date(2026, 1, 1), date(2026, 4, 1), "general_needs")
    before = handlers.get_indicators(uow(store), query, MANAGER).figures
    with store.connection() as conn:  # a stored column drifts from the event it came from
        drifted = facts.c.event_id == quarter[1].event_id
        conn.execute(update(facts).where(drifted).values(stream="care_support"))
    assert handlers.get_indicators(uow(store), query, MANAGER).figures != before
    handlers.rebuild(uow(store), Caller("admin", "administrator"))
    assert handlers.get_indicators(uow(store), query, MANAGER).figures == before
