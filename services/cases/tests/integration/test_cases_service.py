from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import create_engine, func, select

from cases.adapters.orm import case_reports, cases
from cases.service import CasesService
from hcs import tables
from hcs.errors import Forbidden
from hcs.testing.plugin import ProbeQueue, RpcClient, publish_event, publish_raw, token, wait_for


def report_data(report_id: str, household: str = "uprn:100", triage: str = "hate_incident", damage=None):
    return {"report_id": report_id, "received_at": datetime.now(UTC), "channel": "phone",
            "stream": "general_needs", "triage": triage, "strands": ["race"], "flags": [],
            "address": {"uprn": household.split(":")[1], "postcode": "E1 6AN", "line": None},
            "household_key": household, "damage": damage}


@pytest.fixture
def cases_db(start_service, amqp_uri, tmp_path):
    url = f"sqlite:///{tmp_path}/cases.db"
    start_service(CasesService, amqp_uri, url)
    return create_engine(url)


def count(engine, table, *where):
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table).where(*where)).scalar()


def test_report_opens_case_and_damage_requests_repair(cases_db, amqp_uri):
    opened = ProbeQueue(amqp_uri, "cases", "case_opened")
    repairs = ProbeQueue(amqp_uri, "cases", "repair_requested")
    publish_event(amqp_uri, "report_received", "r-1",
                  report_data("r-1", damage={"description": "offensive graffiti", "location": "front door"}))
    wait_for(lambda: count(cases_db, tables.outbox, tables.outbox.c.published_at.is_not(None)) == 2,
             message="case_opened and repair_requested relayed")
    [case_event] = opened.messages()
    [repair_event] = repairs.messages()
    assert repair_event["data"]["case_id"] == case_event["data"]["case_id"]
    with RpcClient(amqp_uri, token("housing_officer")) as rpc:
        found = rpc.cases.case_for_report("r-1")
        case = rpc.cases.get_case(found["case_id"])
    assert case["hate_incident"] is True and case["report_ids"] == ["r-1"]
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


def test_second_report_about_same_household_links_to_the_open_case(cases_db, amqp_uri):
    publish_event(amqp_uri, "report_received", "r-3", report_data("r-3", household="uprn:7"))
    publish_event(amqp_uri, "report_received", "r-4", report_data("r-4", household="uprn:7", triage="harassment"))
    wait_for(lambda: count(cases_db, case_reports) == 2, message="both reports taken")
    assert count(cases_db, cases) == 1
    assert count(cases_db, case_reports, case_reports.c.outcome == "linked") == 1


def test_invalid_and_failing_events_are_parked_and_replayable_while_others_flow(
        cases_db, amqp_uri, monkeypatch):
    from cases.service_layer import handlers

    publish_raw(amqp_uri, "intake", "report_received", {"event_type": "report_received", "data": "junk"})
    real_take_report = handlers.take_report

    def flaky(uow, data):
        if data["report_id"] == "r-poison":
            raise RuntimeError("handler bug")
        return real_take_report(uow, data)

    monkeypatch.setattr(handlers, "take_report", flaky)
    publish_event(amqp_uri, "report_received", "r-poison", report_data("r-poison", household="uprn:8"))
    publish_event(amqp_uri, "report_received", "r-ok", report_data("r-ok", household="uprn:9"))
    wait_for(lambda: count(cases_db, tables.parked) == 2, message="two parked events")
    wait_for(lambda: count(cases_db, case_reports, case_reports.c.report_id == "r-ok") == 1,
             message="the healthy event applied meanwhile")

    with RpcClient(amqp_uri, token("administrator")) as rpc:
        parked = {row["reason"]: row for row in rpc.cases.list_parked()}
        assert set(parked) == {"invalid", "failed"}
        assert "handler bug" in parked["failed"]["error"]
        monkeypatch.setattr(handlers, "take_report", real_take_report)
        assert rpc.cases.replay_parked(parked["failed"]["id"]) == {
            "parked_id": parked["failed"]["id"], "outcome": "applied"}
        assert [row["reason"] for row in rpc.cases.list_parked()] == ["invalid"]
    with RpcClient(amqp_uri, token("housing_officer")) as rpc, pytest.raises(Forbidden):
        rpc.cases.list_parked()
    assert count(cases_db, case_reports, case_reports.c.report_id == "r-poison") == 1
