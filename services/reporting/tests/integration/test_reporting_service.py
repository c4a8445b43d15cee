"""Reporting with the real broker: events in, indicators out; duplicates once; bad events parked."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from hcs.errors import Forbidden, ValidationFailed
from hcs.testing.plugin import RpcClient, publish_event, publish_raw, token, wait_for
from reporting.service import ReportingService


def report_received(report_id, stream="general_needs", triage="hate_incident", strands=("race",)):
    return {"report_id": report_id, "received_at": datetime.now(UTC), "channel": "phone", "stream": stream,
            "triage": triage, "strands": list(strands), "flags": []}


@pytest.fixture
def reporting(start_service, amqp_uri, tmp_path):
    return start_service(ReportingService, amqp_uri, f"sqlite:///{tmp_path}/reporting.db")


def indicators(amqp_uri, role="manager", **query):
    with RpcClient(amqp_uri, token(role)) as rpc:
        result = rpc.reporting.get_indicators(**query)
    return {i["name"]: i for i in result["indicators"]}


def total(amqp_uri, name, expected, **query):
    return wait_for(lambda: indicators(amqp_uri, **query)[name]["total"] == expected,
                    message=f"{name} to reach {expected}")


def test_published_events_are_counted_by_stream_with_their_definitions(reporting, amqp_uri):
    publish_event(amqp_uri, "report_received", "r1", report_received("r1"))
    publish_event(amqp_uri, "report_received", "r2", report_received("r2", "care_support", "harassment", ()))
    publish_event(amqp_uri, "referral_refused", "c1", {
        "case_id": "c1", "stream": "care_support", "partner": "police", "purpose": "investigation",
        "reason": "no_consent", "refused_at": datetime.now(UTC)})
    total(amqp_uri, "referrals_refused_no_consent", 1)
    total(amqp_uri, "reports_received", 2)
    figures = indicators(amqp_uri, role="board_member")
    assert figures["reports_received"]["by_stream"] == {"general_needs": 1, "care_support": 1}
    assert figures["racist_incidents"]["by_stream"] == {"general_needs": 1, "care_support": 0}
    assert "Macpherson" in figures["racist_incidents"]["definition"]
    today = datetime.now(UTC).date().isoformat()
    assert indicators(amqp_uri, period_end=today)["reports_received"]["total"] == 0
    assert indicators(amqp_uri, stream="care_support")["reports_received"]["by_stream"] == {"care_support": 1}


def test_the_same_event_delivered_twice_counts_once(reporting, amqp_uri):
    event = publish_event(amqp_uri, "case_opened", "c1", {
        "case_id": "c1", "report_id": "r1", "opened_at": datetime.now(UTC), "stream": "general_needs",
        "hate_incident": True, "strands": ["race"]})
    publish_event(amqp_uri, "case_opened", "c1", {}, event=event)
    publish_event(amqp_uri, "report_linked", "c1", {
        "case_id": "c1", "report_id": "r2", "linked_at": datetime.now(UTC), "stream": "general_needs"})
    total(amqp_uri, "reports_linked", 1)  # published after the duplicate, so the duplicate was handled
    assert indicators(amqp_uri)["cases_opened"]["total"] == 1


def test_an_event_breaking_its_contract_is_parked_and_others_keep_flowing(reporting, amqp_uri):
    bad = {"event_id": "00000000-0000-4000-8000-000000000001", "event_type": "job_created",
           "schema_version": 1, "occurred_at": datetime.now(UTC).isoformat(), "aggregate_id": "c1",
           "data": {"job_id": "j1", "stream": "the_moon"}}
    publish_raw(amqp_uri, "repairs", "job_created", bad)
    publish_event(amqp_uri, "job_created", "c2", {
        "job_id": "j2", "case_id": "c2", "request_id": "q2", "stream": "general_needs",
        "created_at": datetime.now(UTC), "target_at": datetime.now(UTC)})
    total(amqp_uri, "repair_jobs_created", 1)
    with RpcClient(amqp_uri, token("administrator")) as rpc:
        [parked] = rpc.reporting.list_parked()
    assert parked["event_id"] == bad["event_id"] and parked["reason"] == "invalid"
    assert parked["consumer"] == "reporting.on_job_created" and "stream" in parked["error"]
    with RpcClient(amqp_uri, token("manager")) as rpc, pytest.raises(Forbidden):
        rpc.reporting.list_parked()


def test_who_may_read_and_what_a_query_may_ask(reporting, amqp_uri):
    with RpcClient(amqp_uri, token("housing_officer")) as rpc, pytest.raises(Forbidden):
        rpc.reporting.get_indicators()
    with RpcClient(amqp_uri, token("operations_director")) as rpc, pytest.raises(ValidationFailed) as err:
        rpc.reporting.get_indicators(period_start="2026-04-01", period_end="2026-01-01", stream="elsewhere")
    assert set(err.value.fields) == {"period_end", "stream"}


def test_rebuild_keeps_the_figures(reporting, amqp_uri):
    for n in range(3):
        publish_event(amqp_uri, "report_received", f"r{n}", report_received(f"r{n}"))
    total(amqp_uri, "reports_received", 3)
    before = indicators(amqp_uri)
    with RpcClient(amqp_uri, token("administrator")) as rpc:
        rebuilt = {i["name"]: i for i in rpc.reporting.rebuild()["indicators"]}
    assert rebuilt == before == indicators(amqp_uri)
