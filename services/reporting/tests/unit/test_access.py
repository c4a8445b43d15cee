"""Who may read what (deny by default), and every read audited without the figures themselves."""

from __future__ import annotations

import pytest

from hcs.auth import Caller
from hcs.errors import Forbidden
from reporting.service_layer.handlers import get_indicators, live_figures, rebuild
from reporting.service_layer.queries import IndicatorQuery

Q1 = IndicatorQuery(period="2026-27-Q1")


@pytest.mark.parametrize("role", ["housing_officer", "administrator", "contractor", "partner", "system"])
def test_other_roles_may_not_read_indicators_and_the_refusal_is_audited(loaded_uow, data, role):
    with pytest.raises(Forbidden):
        get_indicators(loaded_uow, Q1, Caller("x-1", role, streams=frozenset({"general_needs"})), data.settings)
    [entry] = loaded_uow.audit.entries
    assert (entry.actor, entry.outcome, entry.action) == ("x-1", "refused", "reporting.get_indicators")


def test_a_manager_reads_the_streams_the_token_names_only(loaded_uow, data):
    manager = Caller("m-1", "manager", "north", frozenset({"care_support"}))
    report = get_indicators(loaded_uow, Q1, manager, data.settings)
    assert report.streams == ("care_support",)
    with pytest.raises(Forbidden):
        get_indicators(loaded_uow, IndicatorQuery(period="2026-27-Q1", stream="general_needs"), manager,
                       data.settings)


def test_board_members_get_every_figure_but_small_numbers_hidden(loaded_uow, data):
    report = get_indicators(loaded_uow, Q1, Caller("b-1", "board_member"), data.settings)
    received = report.figures[0].headline.cells
    assert report.suppressed and [received[c].text for c in ("general_needs", "care_support", "total")] == [
        "<5", "<5", "7"]
    lines = {(t.key, t.column): t for t in report.targets}
    assert lines[("reports_received", "general_needs")].met_text == "*"  # "<5" against 0 would tell
    assert lines[("reports_received", "total")].met is True
    entry = loaded_uow.audit.entries[-1]
    assert (entry.actor, entry.outcome, entry.reason) == ("b-1", "allowed", "2026-27-Q1")


def test_only_an_administrator_rebuilds_and_the_rebuild_gives_the_same_figures(loaded_uow, data):
    director = Caller("od", "operations_director")
    before = get_indicators(loaded_uow, Q1, director, data.settings).figures
    with pytest.raises(Forbidden):
        rebuild(loaded_uow, director)
    loaded_uow.read_model.tables["incidents"][("r2",)]["stream"] = "care_support"  # a row drifts
    assert get_indicators(loaded_uow, Q1, director, data.settings).figures != before
    assert rebuild(loaded_uow, Caller("admin", "administrator")) == {"facts_replayed": len(data.events())}
    assert get_indicators(loaded_uow, Q1, director, data.settings).figures == before


def test_live_figures_count_what_stands_open_now(loaded_uow):
    live = live_figures(loaded_uow)
    assert live["open_cases"] == {("general_needs", "medium"): 1, ("general_needs", None): 1,
                                  ("care_support", "high"): 1, ("care_support", None): 1}
    assert live["jobs_at_risk"] == {"care_support": 1}  # j4, within its 24 hours but flagged
    assert live["jobs_breached_open"] == {"care_support": 1}  # j3
    assert live["reviews_overdue"] == {"general_needs": 1}  # c3; c6's overdue review was then held
