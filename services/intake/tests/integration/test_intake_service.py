from __future__ import annotations

import json

import pytest
from sqlalchemy import create_engine, func, select

from hcs import tables
from hcs.errors import Forbidden, Unauthenticated, ValidationFailed
from hcs.testing.plugin import ProbeQueue, RpcClient, token, wait_for
from intake.adapters.orm import reports
from intake.service import IntakeService


def sample_report(key: str = "key-00000001", **changes):
    report = {
        "idempotency_key": key, "channel": "phone", "stream": "general_needs",
        "reporter": {"role": "victim"},
        "victims": [{"name": "A Tenant", "address": {"uprn": "100023336956", "postcode": "E1 6AN"}}],
        "incident": {"occurred_at": "2026-11-20T21:30:00+00:00", "narrative": "Words shouted at my door.",
                     "types": ["verbal_abuse", "graffiti"]},
        "perception": {"strands": ["race"], "perceived_by": "victim"},
        "damage": {"description": "offensive graffiti", "location": "front door"},
    }
    report.update(changes)
    return report


@pytest.fixture
def intake(start_service, amqp_uri, tmp_path):
    url = f"sqlite:///{tmp_path}/intake.db"
    container = start_service(IntakeService, amqp_uri, url)
    return container, create_engine(url)


def count(engine, table, *where):
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table).where(*where)).scalar()


def test_submit_report_stores_it_and_relays_report_received(intake, amqp_uri):
    _container, engine = intake
    probe = ProbeQueue(amqp_uri, "intake", "report_received")
    with RpcClient(amqp_uri, token("housing_officer")) as rpc:
        receipt = rpc.intake.submit_report(sample_report())
        again = rpc.intake.submit_report(sample_report())
        view = rpc.intake.get_report(receipt["report_id"])
    assert receipt["triage"]["outcome"] == "hate_incident"
    assert again["report_id"] == receipt["report_id"] and again["duplicate_submission"] is True
    assert view["details"]["incident"]["types"] == ["verbal_abuse", "graffiti"]
    assert count(engine, reports) == 1
    wait_for(lambda: count(engine, tables.outbox, tables.outbox.c.published_at.is_not(None)) == 1,
             message="report_received to be confirmed by the broker")
    [envelope] = probe.messages()
    assert envelope["event_type"] == "report_received" and envelope["aggregate_id"] == receipt["report_id"]
    assert envelope["data"]["strands"] == ["race"] and envelope["data"]["flags"] == ["repair_needed"]
    assert "A Tenant" not in json.dumps(envelope)  # names and narrative stay in intake
    probe.close()


def test_event_with_no_bound_queue_stays_pending_until_one_exists(intake, amqp_uri):
    _container, engine = intake
    with RpcClient(amqp_uri, token("housing_officer")) as rpc:
        rpc.intake.submit_report(sample_report())
    unpublished = tables.outbox.c.published_at.is_(None)
    wait_for(lambda: count(engine, tables.outbox, unpublished, tables.outbox.c.attempts >= 2) == 1,
             message="the relay to retry an unroutable event")
    probe = ProbeQueue(amqp_uri, "intake", "report_received")
    wait_for(lambda: count(engine, tables.outbox, unpublished) == 0, message="delivery once bound")
    assert len(probe.messages()) == 1
    probe.close()


def test_malformed_payload_names_fields_and_stores_nothing(intake, amqp_uri):
    _container, engine = intake
    bad = sample_report(channel="pigeon", incident={"narrative": "x" * 10_001, "types": []})
    with RpcClient(amqp_uri, token("housing_officer")) as rpc, pytest.raises(ValidationFailed) as err:
        rpc.intake.submit_report(bad)
    assert set(err.value.fields) >= {"channel", "incident.occurred_at", "incident.narrative", "incident.types"}
    assert "x" * 20 not in json.dumps(err.value.fields)
    assert count(engine, reports) == 0 and count(engine, tables.outbox) == 0


def test_health_and_metrics_are_served(intake, amqp_uri):
    import requests

    container, _engine = intake
    address = container.config["HCS"].http.address
    health = requests.get(f"http://{address}/health", timeout=5)
    assert health.status_code == 200
    assert health.json() == {"service": "intake", "status": "ok", "database": "ok", "broker": "ok"}
    with RpcClient(amqp_uri, token("housing_officer")) as rpc:
        rpc.intake.submit_report(sample_report("key-metrics-1"))
    body = requests.get(f"http://{address}/metrics", timeout=5).text
    assert 'hcs_entrypoint_latency_seconds_count{entrypoint="submit_report",outcome="ok",service="intake"}' in body
    assert 'hcs_outbox_pending{service="intake"}' in body and 'hcs_parked_open{service="intake"} 0.0' in body


def test_expired_token_is_refused_and_audited(intake, amqp_uri):
    from datetime import UTC, datetime, timedelta

    _container, engine = intake
    stale = token("housing_officer", user_id="late", now=datetime.now(UTC) - timedelta(hours=1), minutes=5)
    with RpcClient(amqp_uri, stale) as rpc, pytest.raises(Unauthenticated, match="expired"):
        rpc.intake.get_report("anything")
    refused = tables.audit_log.c.outcome == "refused"
    assert count(engine, tables.audit_log, refused, tables.audit_log.c.actor == "claimed:late") == 1


def test_forged_token_is_refused_and_audited(intake, amqp_uri):
    _container, engine = intake
    forged = token("housing_officer", user_id="mallory")[:-4] + "AAAA"
    with RpcClient(amqp_uri, forged) as rpc, pytest.raises(Unauthenticated):
        rpc.intake.submit_report(sample_report())
    with RpcClient(amqp_uri, token("board_member")) as rpc, pytest.raises(Forbidden):
        rpc.intake.submit_report(sample_report())
    refused = tables.audit_log.c.outcome == "refused"
    assert count(engine, tables.audit_log, refused, tables.audit_log.c.actor == "claimed:mallory") == 1
    assert count(engine, reports) == 0
