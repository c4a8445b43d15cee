"""Cases on the real broker: reports in, cases and repairs out, exactly once, parked when broken."""

from __future__ import annotations

import pytest

from cases.adapters.orm import case_reports, cases
from cases.service_layer import intake_events
from hcs import tables
from hcs.errors import Forbidden
from hcs.testing.plugin import ProbeQueue, RpcClient, publish_event, publish_raw, token, wait_for
from services.cases.tests.integration.conftest import as_role, count, report_data


@pytest.fixture
def cases_db(start_cases):
    return start_cases()[1]


def test_report_opens_case_allocates_it_and_damage_requests_repair(cases_db, amqp_uri):
    opened = ProbeQueue(amqp_uri, "cases", "case_opened")
    allocated = ProbeQueue(amqp_uri, "cases", "case_allocated")
    repairs = ProbeQueue(amqp_uri, "cases", "repair_requested")
    publish_event(amqp_uri, "report_received", "r-1",
                  report_data("r-1", damage={"description": "offensive graffiti", "location": "front door"}))
    wait_for(lambda: count(cases_db, tables.outbox, tables.outbox.c.published_at.is_(None)) == 0
             and count(cases_db, tables.outbox) >= 5, message="the case's events relayed")
    [case_event] = opened.messages()
    [repair_event] = repairs.messages()
    [allocation] = allocated.messages()
    assert repair_event["data"]["case_id"] == case_event["data"]["case_id"]
    assert allocation["data"]["officer_id"] == "o-north"
    with as_role(amqp_uri, "housing_officer", "o-north") as rpc:
        found = rpc.cases.case_for_report("r-1")
        case = rpc.cases.get_case(found["case_id"])
    assert case["hate_incident"] is True and case["report_ids"] == ["r-1"] and case["officer_id"] == "o-north"
    assert [t["kind"] for t in case["timeline"]][-1] == "case_opened"
    with RpcClient(amqp_uri, token("housing_officer", streams=("care_support",))) as rpc, \
            pytest.raises(Forbidden):
        rpc.cases.get_case(found["case_id"])
    assert count(cases_db, tables.audit_log, tables.audit_log.c.outcome == "refused") == 1


def test_same_event_delivered_twice_has_one_effect(cases_db, amqp_uri):
    event = publish_event(amqp_uri, "report_received", "r-2", report_data("r-2"))
    publish_event(amqp_uri, "report_received", "r-2", {}, event=event)
    wait_for(lambda: count(cases_db, tables.inbox) == 1, message="the first delivery applied")
    wait_for(lambda: _duplicates_seen(), message="the second delivery skipped")
    assert count(cases_db, cases) == 1 and count(cases_db, case_reports) == 1


def _duplicates_seen() -> bool:
    from hcs.metrics import INBOX_DUPLICATES

    return INBOX_DUPLICATES.labels("cases", "cases.on_report_received")._value.get() >= 1


def test_reports_about_the_same_party_link_and_a_withdrawal_is_put_to_the_officer(cases_db, amqp_uri):
    publish_event(amqp_uri, "report_received", "r-3", report_data("r-3", household="uprn:7", perpetrator_keys=["p:1"]))
    wait_for(lambda: count(cases_db, case_reports) == 1, message="the first report taken")
    publish_event(amqp_uri, "report_received", "r-4", report_data("r-4", household="uprn:8", triage="harassment",
                                                                  perpetrator_keys=["p:1"]))
    wait_for(lambda: count(cases_db, case_reports) == 2, message="both reports taken")
    assert count(cases_db, cases) == 1
    assert count(cases_db, case_reports, case_reports.c.link_reason == "same_perpetrator") == 1
    publish_event(amqp_uri, "report_withdrawn", "r-4", {"report_id": "r-4", "stream": "general_needs",
                                                        "withdrawn_at": report_data("x")["received_at"],
                                                        "reason": "duplicate"})
    with as_role(amqp_uri, "housing_officer", "o-north") as rpc:
        case_id = rpc.cases.case_for_report("r-3")["case_id"]
        detail = wait_for(lambda: (d := rpc.cases.get_case(case_id)) and
                          any(i["kind"] == "report_withdrawn" for i in d["work_items"]) and d,
                          message="the withdrawal noted")
    assert [r["withdrawn_at"] is not None for r in detail["reports"]] == [False, True]


def test_invalid_and_failing_events_are_parked_and_replayable_while_others_flow(
        cases_db, amqp_uri, monkeypatch):
    publish_raw(amqp_uri, "intake", "report_received", {"event_type": "report_received", "data": "junk"})
    real_take_report = intake_events.take_report

    def flaky(uow, data, settings):
        if data["report_id"] == "r-poison":
            raise RuntimeError("handler bug")
        return real_take_report(uow, data, settings)

    monkeypatch.setattr(intake_events, "take_report", flaky)
    publish_event(amqp_uri, "report_received", "r-poison", report_data("r-poison", household="uprn:8"))
    publish_event(amqp_uri, "report_received", "r-ok", report_data("r-ok", household="uprn:9"))
    wait_for(lambda: count(cases_db, tables.parked) == 2, message="two parked events")
    wait_for(lambda: count(cases_db, case_reports, case_reports.c.report_id == "r-ok") == 1,
             message="the healthy event applied meanwhile")

    with RpcClient(amqp_uri, token("administrator")) as rpc:
        parked = {row["reason"]: row for row in rpc.cases.list_parked()}
        assert set(parked) == {"invalid", "failed"}
        assert "handler bug" in parked["failed"]["error"]
        monkeypatch.setattr(intake_events, "take_report", real_take_report)
        assert rpc.cases.replay_parked(parked["failed"]["id"]) == {
            "parked_id": parked["failed"]["id"], "outcome": "applied"}
        assert [row["reason"] for row in rpc.cases.list_parked()] == ["invalid"]
    with RpcClient(amqp_uri, token("housing_officer")) as rpc, pytest.raises(Forbidden):
        rpc.cases.list_parked()
    assert count(cases_db, case_reports, case_reports.c.report_id == "r-poison") == 1
