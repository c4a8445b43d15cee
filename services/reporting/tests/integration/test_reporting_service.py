"""Reporting with the real broker: events in, indicators, hot spots, packs and exports out over RPC;
duplicates once; bad events parked; access by role; live figures on /metrics."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta

import pytest
import requests

from hcs.errors import Forbidden, ValidationFailed
from hcs.testing.plugin import RpcClient, publish_event, publish_raw, token, wait_for
from reporting.domain.periods import FinancialCalendar
from reporting.service import ReportingService

EXTRA = {"landlord": "Hexagon Housing Association", "export": {"reference_key": "integration-" + "k" * 32},
         "homes_owned": {"default": {"general_needs": 1000, "care_support": 200}}}
NOW = datetime.now(UTC)
QUARTER = FinancialCalendar().containing("quarter", NOW.date()).label


def received(report_id, stream="general_needs", strands=("race",), postcode="SW1A 1AA"):
    return {"report_id": report_id, "received_at": NOW, "channel": "phone", "stream": stream,
            "triage": "hate_incident" if strands else "harassment", "strands": list(strands), "flags": [],
            "address": {"postcode": postcode, "uprn": f"u-{report_id}"}}


@pytest.fixture
def reporting(start_service, amqp_uri, tmp_path):
    return start_service(ReportingService, amqp_uri, f"sqlite:///{tmp_path}/reporting.db", extra=EXTRA)


def indicators(amqp_uri, role="manager", **query):
    with RpcClient(amqp_uri, token(role)) as rpc:
        result = rpc.reporting.get_indicators(**query)
    return {i["name"]: i for i in result["indicators"]}


def total(amqp_uri, name, expected, **query):
    return wait_for(lambda: indicators(amqp_uri, **query)[name]["total"] == expected,
                    message=f"{name} to reach {expected}")


def test_events_become_figures_by_stream_with_their_definitions(reporting, amqp_uri):
    for n in range(6):
        publish_event(amqp_uri, "report_received", f"r{n}", received(f"r{n}"))
    publish_event(amqp_uri, "report_received", "r9", received("r9", "care_support", ()))
    publish_event(amqp_uri, "job_created", "j1", {"job_id": "j1", "case_id": "c1", "request_id": "q1",
                  "stream": "general_needs", "created_at": NOW, "target_at": NOW + timedelta(hours=24)})
    publish_event(amqp_uri, "job_made_safe", "j1", {"job_id": "j1", "case_id": "c1", "stream": "general_needs",
                  "contractor": "k", "at": NOW, "within_target": True, "target_at": NOW + timedelta(hours=24)})
    total(amqp_uri, "reports_received", 7, period=QUARTER)
    figures = wait_for(lambda: (f := indicators(amqp_uri, period=QUARTER))["repairs_24h"]["total"] == 1.0 and f)
    assert figures["racist_incidents"]["by_stream"] == {"general_needs": 6, "care_support": 0}
    assert "Macpherson" in figures["racist_incidents"]["definition"]
    board = indicators(amqp_uri, "board_member", period=QUARTER)
    assert board["reports_received"]["by_stream"] == {"general_needs": 6, "care_support": None}
    care = board["reports_received"]["rows"][0]["care_support"]
    assert care == {"value": None, "numerator": None, "denominator": None, "shown": "<5"}
    only_care = indicators(amqp_uri, period=QUARTER, stream="care_support")
    assert only_care["reports_received"]["by_stream"] == {"care_support": 1}


def test_the_same_event_delivered_twice_counts_once(reporting, amqp_uri):
    event = publish_event(amqp_uri, "case_opened", "c1", {
        "case_id": "c1", "report_id": "r1", "opened_at": NOW, "stream": "general_needs",
        "hate_incident": True, "strands": ["race"]})
    publish_event(amqp_uri, "case_opened", "c1", {}, event=event)
    publish_event(amqp_uri, "community_trigger_flagged", "c1", {
        "case_id": "c1", "stream": "general_needs", "flagged_at": NOW, "reason": "one hate incident"})
    total(amqp_uri, "community_trigger", 1)
    assert indicators(amqp_uri)["cases_opened"]["total"] == 1


def test_an_event_breaking_its_contract_is_parked_and_others_keep_flowing(reporting, amqp_uri):
    bad = {"event_id": "00000000-0000-4000-8000-000000000001", "event_type": "job_created",
           "schema_version": 1, "occurred_at": NOW.isoformat(), "aggregate_id": "c1",
           "data": {"job_id": "j1", "stream": "the_moon"}}
    publish_raw(amqp_uri, "repairs", "job_created", bad)
    publish_event(amqp_uri, "report_received", "r1", received("r1"))
    total(amqp_uri, "reports_received", 1)
    with RpcClient(amqp_uri, token("administrator")) as rpc:
        [parked] = wait_for(lambda: rpc.reporting.list_parked())
    assert parked["event_id"] == bad["event_id"] and parked["reason"] == "invalid"
    assert parked["consumer"] == "reporting.on_job_created" and "stream" in parked["error"]
    port = reporting.config["HCS"].http.port
    metrics = requests.get(f"http://127.0.0.1:{port}/metrics", timeout=5).text
    assert 'hcs_parked_open{service="reporting"} 1.0' in metrics


def test_who_may_read_and_what_a_query_may_ask(reporting, amqp_uri):
    with RpcClient(amqp_uri, token("housing_officer")) as rpc, pytest.raises(Forbidden):
        rpc.reporting.get_indicators()
    with RpcClient(amqp_uri, token("operations_director")) as rpc:
        with pytest.raises(ValidationFailed) as err:
            rpc.reporting.get_indicators(period_start="2026-04-01", period_end="2026-01-01", stream="elsewhere")
        assert set(err.value.fields) == {"period_end", "stream"}
        with pytest.raises(ValidationFailed) as err:
            rpc.reporting.get_indicators(period="2026-27-Q9")
        assert set(err.value.fields) == {"period"}
        with pytest.raises(ValidationFailed) as err:
            rpc.reporting.generate_pack(kind="monthly", period="2026-27")
        assert set(err.value.fields) == {"kind"}
    with RpcClient(amqp_uri, token("board_member")) as rpc, pytest.raises(Forbidden):
        rpc.reporting.generate_pack(kind="quarterly", period=QUARTER)
    with RpcClient(amqp_uri, token("board_member")) as rpc, pytest.raises(Forbidden):
        rpc.reporting.export_incidents(period=QUARTER)


def test_a_pack_is_rendered_stored_and_fetched_in_pieces(reporting, amqp_uri):
    for n in range(6):
        publish_event(amqp_uri, "report_received", f"r{n}", received(f"r{n}"))
    total(amqp_uri, "reports_received", 6)
    with RpcClient(amqp_uri, token("operations_director"), timeout=60) as rpc:
        manifest = rpc.reporting.generate_pack(kind="quarterly", period=QUARTER)
        pdf = next(f for f in manifest["files"] if f["name"].endswith(".pdf"))
        content, offset = b"", 0
        while offset is not None:
            piece = rpc.reporting.get_artefact(artefact_id=pdf["artefact_id"], offset=offset, length=40_000)
            content += base64.b64decode(piece["content_base64"])
            offset = piece["next_offset"]
        assert [m["pack_id"] for m in rpc.reporting.list_packs()] == [manifest["pack_id"]]
    assert content.startswith(b"%PDF-") and len(content) == pdf["size"]
    assert {f["media_type"] for f in manifest["files"]} >= {"application/pdf", "text/html; charset=utf-8",
                                                           "text/csv; charset=utf-8"}


def test_hot_spots_and_the_anonymised_export(reporting, amqp_uri):
    for n in range(6):
        publish_event(amqp_uri, "report_received", f"r{n}", received(f"r{n}", postcode="E1 6AN"))
    publish_event(amqp_uri, "report_received", "r9", received("r9", postcode="N1 9GU"))
    total(amqp_uri, "reports_received", 7)
    with RpcClient(amqp_uri, token("operations_director")) as rpc:
        spots = rpc.reporting.get_hot_spots(period=QUARTER)
        artefact = rpc.reporting.export_incidents(period=QUARTER, format="csv")
        csv_text = base64.b64decode(rpc.reporting.get_artefact(artefact_id=artefact["artefact_id"])[
            "content_base64"]).decode()
    assert [(a["area"], a["incidents"]["value"]) for a in spots["areas"]] == [("E1 6", 6), ("N1 9", 1)]
    assert csv_text.count("E1 6,sector") == 6 and "N1 9" not in csv_text and "u-r1" not in csv_text
    with RpcClient(amqp_uri, token("board_member")) as rpc:
        board = rpc.reporting.get_hot_spots(period=QUARTER)
        with pytest.raises(Forbidden):
            rpc.reporting.get_hot_spots(period=QUARTER, level="cluster")
    assert [a["area"] for a in board["areas"]] == ["E1 6"]


def test_live_figures_are_prometheus_gauges(reporting, amqp_uri):
    publish_event(amqp_uri, "case_opened", "c1", {"case_id": "c1", "report_id": "r1", "opened_at": NOW,
                  "stream": "care_support", "hate_incident": False, "strands": [], "risk_level": "high"})
    publish_event(amqp_uri, "review_overdue", "c1", {"case_id": "c1", "stream": "care_support",
                  "due_at": NOW - timedelta(days=1), "noticed_at": NOW})
    port = reporting.config["HCS"].http.port

    def scrape():
        text = requests.get(f"http://127.0.0.1:{port}/metrics", timeout=5).text
        return 'hcs_case_reviews_overdue{service="reporting",stream="care_support"} 1.0' in text and text

    text = wait_for(scrape, message="the overdue review gauge")
    assert 'hcs_open_cases{risk="high",service="reporting",stream="care_support"} 1.0' in text
    assert 'hcs_repair_jobs_at_risk{service="reporting",stream="general_needs"} 0.0' in text


def test_rebuild_keeps_the_figures(reporting, amqp_uri):
    for n in range(3):
        publish_event(amqp_uri, "report_received", f"r{n}", received(f"r{n}"))
    total(amqp_uri, "reports_received", 3)
    before = indicators(amqp_uri)
    with RpcClient(amqp_uri, token("administrator")) as rpc:
        assert rpc.reporting.rebuild() == {"facts_replayed": 3}
    with RpcClient(amqp_uri, token("manager")) as rpc, pytest.raises(Forbidden):
        rpc.reporting.rebuild()
    assert indicators(amqp_uri) == before
