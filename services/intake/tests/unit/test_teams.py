"""A report in a case is kept to the case's team for officers and seniors, as cases keeps the case;
managers see every team's, the DPO reads all; a report in no case (or no known team) stays open to
its stream. Every refusal is audited and changes nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from hcs.auth import Caller
from hcs.errors import Forbidden
from hcs.events import Event
from intake.domain.teams import team_refusal
from intake.service_layer import case_teams, commands, queries

from .conftest import NOW, report

BOTH = frozenset({"general_needs", "care_support"})


def who(role: str, team: str | None = "north", user_id: str = "someone") -> Caller:
    return Caller(user_id, role, team, BOTH)


# (role, caller's team, case's team) -> allowed
RULE = [
    ("housing_officer", "north", None, True),
    ("housing_officer", "north", "north", True),
    ("housing_officer", "north", "south", False),
    ("housing_officer", None, "north", False),
    ("housing_officer", None, None, True),
    ("senior", "north", "north", True),
    ("senior", "north", "south", False),
    ("senior", None, "south", False),
    ("senior", "south", None, True),
    ("manager", "north", "south", True),
    ("manager", None, "south", True),
    ("data_protection_officer", None, "south", True),
    ("data_protection_officer", "north", "south", True),
    ("service", None, "south", True),
]


@pytest.mark.parametrize(("role", "team", "case_team", "allowed"), RULE)
def test_the_rule(role, team, case_team, allowed):
    assert (team_refusal(who(role, team), case_team) is None) is allowed


def submit(uow, settings, key="key-00000001", **changes: Any) -> str:
    return commands.submit_report(uow, report(key, **changes), who("housing_officer", "north", "taker"),
                                  settings).report_id


def amend(uow, settings, report_id, caller):
    changes = {"police": {"informed": False}}
    return commands.amend_report(uow, report_id, {"expected_version": 1, "reason": "correction", "changes": changes},
                                 caller, settings, lambda document: document)


def withdraw(uow, report_id, caller):
    return commands.withdraw_report(uow, report_id, {"reason": "reporter_request", "note": None}, caller)


def test_the_officer_who_took_a_report_reads_it_back_before_a_case_exists(uow, settings):
    report_id = submit(uow, settings)
    assert queries.get_report(uow, report_id, who("housing_officer", "south")).report_id == report_id


@pytest.mark.parametrize("role", ["housing_officer", "senior"])
def test_another_teams_officer_or_senior_is_refused_everything_and_nothing_changes(uow, settings, role):
    report_id = submit(uow, settings, incident=dict(report()["incident"], types=["excessive_noise"]),
                       perception={"strands": [], "perceived_by": None})
    uow.teams.put(report_id, "case-1", "north")
    outsider = who(role, "south", "outsider")
    events, versions = len(uow.outbox.events), len(uow.reports.versions(report_id))
    for attempt in (lambda: queries.get_report(uow, report_id, outsider),
                    lambda: amend(uow, settings, report_id, outsider),
                    lambda: withdraw(uow, report_id, outsider)):
        with pytest.raises(Forbidden):
            attempt()
        entry = uow.audit.entries[-1]
        assert (entry.actor, entry.record_id, entry.outcome) == ("outsider", report_id, "refused")
        assert "another team" in entry.reason
    assert [e.action for e in uow.audit.entries[-3:]] == ["intake.get_report", "intake.amend_report",
                                                          "intake.withdraw_report"]
    assert len(uow.outbox.events) == events and len(uow.reports.versions(report_id)) == versions
    assert uow.reports.get(report_id).status != "withdrawn"


@pytest.mark.parametrize("caller", [who("housing_officer", "north"), who("senior", "north"), who("manager", "south")])
def test_the_cases_team_and_managers_read_amend_and_withdraw(uow, settings, caller):
    report_id = submit(uow, settings, incident=dict(report()["incident"], types=["excessive_noise"]),
                       perception={"strands": [], "perceived_by": None})
    uow.teams.put(report_id, "case-1", "north")
    assert queries.get_report(uow, report_id, caller).report_id == report_id
    assert amend(uow, settings, report_id, caller).version == 2
    assert withdraw(uow, report_id, caller).status == "withdrawn"


def test_the_data_protection_officer_reads_any_teams_report(uow, settings):
    report_id = submit(uow, settings)
    uow.teams.put(report_id, "case-1", "north")
    assert queries.get_report(uow, report_id, who("data_protection_officer", None)).report_id == report_id


def test_a_listing_leaves_out_other_teams_cases_reports_page_by_page(uow, settings, clock):
    ids = []
    for n in range(6):
        ids.append(submit(uow, settings, f"key-{n:08d}"))
        clock.advance(minutes=1)
    uow.teams.put(ids[0], "case-n", "north")
    uow.teams.put(ids[1], "case-s", "south")
    uow.teams.put(ids[2], "case-s", "south")
    uow.teams.put(ids[3], "case-n", "north")

    def everything(caller: Caller) -> list[str]:
        seen, cursor = [], None
        while True:
            page = queries.list_reports(uow, {"page_size": 2, **({"cursor": cursor} if cursor else {})}, caller)
            seen += [r.report_id for r in page.reports]
            if not (cursor := page.next_cursor):
                return seen

    assert set(everything(who("housing_officer", "north"))) == set(ids) - {ids[1], ids[2]}
    assert set(everything(who("senior", "south"))) == set(ids) - {ids[0], ids[3]}
    assert set(everything(who("housing_officer", None))) == {ids[4], ids[5]}
    assert set(everything(who("manager", "south"))) == set(ids)
    assert set(everything(who("data_protection_officer", None))) == set(ids)
    listed = {e.record_id for e in uow.audit.entries if e.action == "intake.list_reports" and e.actor == "someone"}
    assert listed == set(ids)


def event(event_type: str, data: dict[str, Any], at=NOW) -> Event:
    return Event("00000000-0000-0000-0000-000000000001", event_type, 1, at, data["case_id"], data)


def test_the_latest_word_on_a_cases_team_wins_whatever_order_events_arrive_in(uow):
    opened = event("case_opened", {"case_id": "c1", "stream": "general_needs", "team": "north", "report_id": "r1",
                                   "opened_at": NOW})
    handover = event("case_allocated", {"case_id": "c1", "stream": "general_needs", "team": "south",
                                        "officer_id": "o2", "allocated_at": NOW + timedelta(days=3)})
    linked = event("report_linked", {"case_id": "c1", "stream": "general_needs", "team": "north", "report_id": "r2",
                                     "linked_at": NOW + timedelta(days=1)})
    untold = event("case_allocated", {"case_id": "c1", "stream": "general_needs", "team": None, "officer_id": "o3",
                                      "allocated_at": NOW + timedelta(days=9)})
    for order in ([opened, linked, handover, untold], [handover, untold, linked, opened]):
        uow.teams.teams.clear()
        for e in order:
            case_teams.case_team(uow, e)
        assert uow.teams.teams["c1"][0] == "south"
