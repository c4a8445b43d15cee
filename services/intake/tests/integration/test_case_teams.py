"""The team of a report's case in the real databases, SQLite and PostgreSQL: learnt from cases'
events (the latest word wins, whatever order they come in), applied to reads and to listings page by
page in SQL, and forgotten with an erased case."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from hcs.auth import Caller
from hcs.clock import FakeClock
from hcs.db import Store
from hcs.errors import Forbidden
from hcs.events import new_event
from hcs.migrations import upgrade
from intake.adapters.orm import case_teams
from intake.schemas import ReportSchema, load
from intake.service_layer import case_teams as teams
from intake.service_layer import commands, queries, retention
from intake.service_layer.unit_of_work import IntakeUnitOfWork
from intake.settings import intake_settings

from .conftest import sample_report

T0 = datetime(2026, 6, 10, 9, 0, tzinfo=UTC)
STREAMS = frozenset({"general_needs", "care_support"})
SETTINGS = intake_settings({}, "s" * 40)


def caller(role: str, team: str | None) -> Caller:
    return Caller(f"{role}-{team}", role, team, STREAMS)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request, tmp_path):
    url = f"sqlite:///{tmp_path}/intake.db" if request.param == "sqlite" else request.getfixturevalue(
        "pg_database")("intake_teams")
    upgrade("intake", url)
    store = Store(url, clock=FakeClock(T0))
    yield store
    store.dispose()


def apply(store, event_type: str, data: dict) -> None:
    event = new_event(event_type, data["case_id"], {"stream": "general_needs", **data}, T0)
    with store.unit_of_work(IntakeUnitOfWork) as work:
        if event_type in ("case_opened", "report_linked"):
            retention.report_in_case(work, event.data)
        if event_type == "case_erased":
            retention.case_erased(work, event, caller("data_protection_officer", None))
        else:
            teams.case_team(work, event)
        work.commit()


def submit(store) -> str:
    payload = sample_report()
    payload["incident"] = {**payload["incident"], "occurred_at": (T0 - timedelta(hours=3)).isoformat()}
    details = load(ReportSchema(now=T0), payload, "report")
    officer = caller("housing_officer", "north")
    report_id = commands.submit_report(store.unit_of_work(IntakeUnitOfWork), details, officer, SETTINGS).report_id
    store.clock.advance(minutes=1)
    return report_id


def listed(store, who: Caller) -> set[str]:
    seen, cursor = set(), None
    while True:
        page = queries.list_reports(store.unit_of_work(IntakeUnitOfWork),
                                    {"page_size": 2, **({"cursor": cursor} if cursor else {})}, who)
        seen |= {r.report_id for r in page.reports}
        if not (cursor := page.next_cursor):
            return seen


def test_reports_follow_their_cases_team_through_a_handover_in_any_order(store):
    first, linked, other, loose = (submit(store) for _ in range(4))
    handover = {"case_id": "case-a", "team": "south", "officer_id": "o-9", "previous_officer_id": "o-1",
                "allocated_at": T0 + timedelta(days=5)}
    apply(store, "case_allocated", handover)  # came before the case_opened it follows
    apply(store, "case_opened", {"case_id": "case-a", "team": "north", "report_id": first, "opened_at": T0,
                                 "hate_incident": True, "strands": ["race"]})
    apply(store, "report_linked", {"case_id": "case-a", "team": "north", "report_id": linked,
                                   "linked_at": T0 + timedelta(days=1)})
    apply(store, "case_opened", {"case_id": "case-b", "team": "north", "report_id": other, "opened_at": T0,
                                 "hate_incident": True, "strands": ["race"]})

    north, south = caller("housing_officer", "north"), caller("senior", "south")
    assert listed(store, north) == {other, loose}
    assert listed(store, south) == {first, linked, loose}
    assert listed(store, caller("housing_officer", None)) == {loose}
    assert listed(store, caller("manager", "east")) == {first, linked, other, loose}
    assert queries.get_report(store.unit_of_work(IntakeUnitOfWork), first, south).report_id == first
    with pytest.raises(Forbidden):
        queries.get_report(store.unit_of_work(IntakeUnitOfWork), linked, north)
    assert queries.get_report(store.unit_of_work(IntakeUnitOfWork), loose, south).report_id == loose

    apply(store, "case_erased", {"case_id": "case-a", "erased_at": T0 + timedelta(days=9), "rule": "closed_case",
                                 "report_ids": [first, linked]})
    with store.engine.connect() as conn:
        assert set(conn.execute(select(case_teams.c.case_id)).scalars()) == {"case-b"}
