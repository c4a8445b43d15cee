"""Reporting's service layer over fakes: reading indicators, who may, and rebuilding."""

from __future__ import annotations

from datetime import date

import pytest

from hcs.auth import Caller
from hcs.errors import Forbidden
from hcs.events import new_event
from reporting.service_layer import handlers
from reporting.service_layer.handlers import IndicatorQuery

MANAGER = Caller("m-1", "manager", "north", frozenset({"general_needs"}))
BOARD = Caller("b-1", "board_member")


def totals(report):
    return {f.indicator.name: f.total for f in report.figures}


def test_indicators_for_a_quarter_and_a_stream(fake_uow, quarter):
    fake_uow.facts.stored.extend(quarter)
    query = IndicatorQuery(date(2026, 1, 1), date(2026, 4, 1), "general_needs")
    result = handlers.get_indicators(fake_uow, query, MANAGER)
    assert totals(result)["reports_received"] == 3
    assert totals(result)["hate_incidents"] == 2
    assert {f.indicator.name: f.by_stream for f in result.figures}["cases_opened"] == {"general_needs": 1}


def test_every_read_is_audited_and_a_board_member_may_read_aggregates(fake_uow, quarter):
    fake_uow.facts.stored.extend(quarter)
    handlers.get_indicators(fake_uow, IndicatorQuery(), BOARD)
    [entry] = fake_uow.audit.entries
    assert (entry.actor, entry.action, entry.outcome) == ("b-1", "reporting.get_indicators", "allowed")


@pytest.mark.parametrize("role", ["housing_officer", "administrator", "contractor", "partner", "system"])
def test_other_roles_are_refused_and_the_refusal_is_audited(fake_uow, quarter, role):
    fake_uow.facts.stored.extend(quarter)
    with pytest.raises(Forbidden):
        handlers.get_indicators(fake_uow, IndicatorQuery(), Caller("x-1", role))
    assert [e.outcome for e in fake_uow.audit.entries] == ["refused"]


def test_a_consumed_event_becomes_one_fact_even_when_delivered_twice(fake_uow):
    event = new_event("case_opened", "c9", {"case_id": "c9", "report_id": "r9", "stream": "care_support",
                                            "opened_at": fake_uow.clock.now(), "hate_incident": True,
                                            "strands": ["race"]}, fake_uow.clock.now())
    handlers.record_fact(fake_uow, event)
    handlers.record_fact(fake_uow, event)
    [stored] = fake_uow.facts.stored
    assert stored.stream == "care_support" and stored.data["strands"] == ["race"]


def test_rebuild_replays_every_fact_and_gives_the_same_figures(fake_uow, quarter):
    fake_uow.facts.stored.extend(quarter)
    before = handlers.get_indicators(fake_uow, IndicatorQuery(), MANAGER)
    rebuilt = handlers.rebuild(fake_uow, Caller("admin", "administrator"))
    after = handlers.get_indicators(fake_uow, IndicatorQuery(), MANAGER)
    assert before.figures == rebuilt.figures == after.figures
    assert len(fake_uow.facts.stored) == len(quarter) and fake_uow.commits == 3
