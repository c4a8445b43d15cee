"""Intake over the real broker and a real database: submit, read, list, amend, withdraw, extract."""

from __future__ import annotations

import json

import pytest
import requests
from sqlalchemy import select

from hcs import tables
from hcs.errors import Conflict, Forbidden, NotFound, Unauthenticated, ValidationFailed
from hcs.testing.plugin import ProbeQueue, RpcClient, token, wait_for
from intake.adapters.orm import report_versions, reports
from intake.domain.referral import REFERRAL_FIELDS
from intake.domain.vocabulary import CHANNELS

from .conftest import PERSONAL, new_key, sample_report

OFFICER = token("housing_officer", user_id="officer-1")


@pytest.fixture
def probes(intake):
    """Queues bound to intake's events, standing in for their consumers (an unrouted event waits)."""
    made = {t: ProbeQueue(intake.amqp_uri, "intake", t) for t in ("report_received", "report_amended",
                                                                  "report_withdrawn")}
    yield made
    for probe in made.values():
        probe.close()


def published(intake, event_type, aggregate_id):
    o = tables.outbox.c
    return intake.count(tables.outbox, o.event_type == event_type, o.aggregate_id == aggregate_id,
                        o.published_at.is_not(None))


@pytest.mark.parametrize("channel", CHANNELS)
def test_a_report_by_each_channel_is_stored_triaged_and_relayed(intake, channel):
    probe = ProbeQueue(intake.amqp_uri, "intake", "report_received")
    reporter = {"role": "staff", "name": "Officer"} if channel == "staff_observed" else {"role": "victim"}
    with RpcClient(intake.amqp_uri, OFFICER) as rpc:
        receipt = rpc.intake.submit_report(sample_report(channel=channel, reporter=reporter))
    assert receipt["triage"]["outcome"] == "hate_incident" and receipt["version"] == 1
    assert receipt["triage"]["flags"] == ["urgent", "vulnerable_victim", "repair_needed", "interpreter_needed"]
    wait_for(lambda: published(intake, "report_received", receipt["report_id"]), message="report_received")
    [envelope] = [m for m in probe.messages() if m["aggregate_id"] == receipt["report_id"]]
    data = envelope["data"]
    assert (data["channel"], data["triage"], data["strands"], data["perceived_by"]) == (
        channel, "hate_incident", ["race"], "victim")
    assert data["perpetrator_identified"] is True and len(data["perpetrator_keys"]) == 1
    assert data["officer_preference"] == "same_ethnic_origin" and data["police_informed"] is True
    assert data["damage"] == {"description": "offensive graffiti", "location": "front door"}
    assert not any(p in json.dumps(envelope) for p in PERSONAL)  # names, contacts, narrative stay in intake
    probe.close()


def test_a_retry_returns_the_same_report_and_a_reused_key_is_a_conflict(intake):
    report = sample_report()
    with RpcClient(intake.amqp_uri, OFFICER) as rpc:
        first = rpc.intake.submit_report(report)
        again = rpc.intake.submit_report(report)
        with pytest.raises(Conflict):
            rpc.intake.submit_report({**report, "contact_consent": False})
    assert again["report_id"] == first["report_id"] and again["duplicate_submission"] is True
    assert intake.count(reports, reports.c.idempotency_key == report["idempotency_key"]) == 1
    assert intake.count(tables.outbox, tables.outbox.c.aggregate_id == first["report_id"]) == 1


def test_amend_keeps_history_re_triages_and_announces(intake, probes):
    with RpcClient(intake.amqp_uri, OFFICER) as rpc:
        receipt = rpc.intake.submit_report(sample_report())
        report_id = receipt["report_id"]
        amended = rpc.intake.amend_report(report_id, {
            "expected_version": 1, "reason": "the victim corrected the account",
            "changes": {"perception": {"strands": ["race", "religion"], "perceived_by": "witness"}, "damage": None}})
        with pytest.raises(Conflict):
            stale = {"damage": None, "stream": "care_support"}
            rpc.intake.amend_report(report_id, {"expected_version": 1, "reason": "stale", "changes": stale})
        with pytest.raises(ValidationFailed) as error:
            rpc.intake.amend_report(report_id, {"expected_version": 2, "reason": "bad",
                                                "changes": {"incident": {"types": ["shouting"]}, "colour": "red"}})
        view = rpc.intake.get_report(report_id)
        first = rpc.intake.get_report(report_id, 1)
    assert amended["version"] == 2 and amended["changed"] == ["damage", "perception"]
    assert "repair_needed" not in amended["triage"]["flags"]
    assert {"changes.incident.types.0", "changes.incident.narrative", "changes.colour"} <= set(error.value.fields)
    assert view["version"] == 2 and view["details"]["perception"]["perceived_by"] == "witness"
    assert [h["version"] for h in view["history"]] == [1, 2]
    assert view["history"][1]["changed"] == ["damage", "perception"]
    assert view["original_perception"]["perceived_by"] == "victim"  # POL-2: kept forever
    assert first["shown_version"] == 1 and first["details"]["damage"]["description"] == "offensive graffiti"
    assert intake.count(report_versions, report_versions.c.report_id == report_id) == 2
    wait_for(lambda: published(intake, "report_amended", report_id), message="report_amended")
    [event] = [m for m in probes["report_amended"].messages() if m["aggregate_id"] == report_id]
    assert event["data"]["version"] == 2 and event["data"]["strands"] == ["race", "religion"]
    assert event["data"]["perceived_by"] == "witness" and event["data"]["damage"] is None


def test_withdraw_keeps_the_report_and_announces(intake, probes):
    noise = sample_report(perception=None, damage=None, incident={**sample_report()["incident"],
                                                                  "types": ["excessive_noise"]})
    with RpcClient(intake.amqp_uri, OFFICER) as rpc:
        report_id = rpc.intake.submit_report(noise)["report_id"]
        done = rpc.intake.withdraw_report(report_id, {"reason": "reporter_request"})
        with pytest.raises(Conflict):
            rpc.intake.amend_report(report_id, {"expected_version": 1, "reason": "x",
                                                "changes": {"stream": "care_support"}})
        with pytest.raises(ValidationFailed):
            rpc.intake.withdraw_report(report_id, {"reason": "other"})  # needs a note
        view = rpc.intake.get_report(report_id)
    assert done["status"] == "withdrawn" and view["status"] == "withdrawn"
    assert view["withdrawal"]["reason"] == "reporter_request" and view["withdrawal"]["by"] == "officer-1"
    wait_for(lambda: published(intake, "report_withdrawn", report_id), message="report_withdrawn")
    [event] = [m for m in probes["report_withdrawn"].messages() if m["aggregate_id"] == report_id]
    assert event["data"]["reason"] == "reporter_request" and event["data"]["stream"] == "general_needs"


def test_list_reports_filters_pages_and_audits_each_report_shown(intake):
    from datetime import UTC, datetime

    since = datetime.now(UTC).isoformat()  # the module's other tests wrote reports before this one
    wanted = {"channel": "letter", "flag": "urgent", "received_from": since, "page_size": 2}
    with RpcClient(intake.amqp_uri, OFFICER) as rpc:
        mine = [rpc.intake.submit_report(sample_report(channel="letter"))["report_id"] for _ in range(3)]
        rpc.intake.submit_report(sample_report(channel="email"))
        first = rpc.intake.list_reports(wanted)
        second = rpc.intake.list_reports({**wanted, "cursor": first["next_cursor"]})
        none = rpc.intake.list_reports({**wanted, "triage": "neighbour_dispute"})
        with pytest.raises(ValidationFailed) as error:
            rpc.intake.list_reports({"channel": "pigeon", "page_size": 1000})
    shown = [r["report_id"] for r in first["reports"] + second["reports"]]
    assert shown == list(reversed(mine)) and second["next_cursor"] is None and none["reports"] == []
    line = first["reports"][0]
    assert line["triage"] == "hate_incident" and "urgent" in line["flags"] and "details" not in line
    assert set(error.value.fields) == {"channel", "page_size"}
    a = tables.audit_log.c
    assert all(intake.count(tables.audit_log, a.action == "intake.list_reports", a.record_id == i) == 1 for i in mine)


def test_access_by_role_and_stream_with_every_read_and_refusal_audited(intake):
    with RpcClient(intake.amqp_uri, OFFICER) as rpc:
        report_id = rpc.intake.submit_report(sample_report(stream="care_support"))["report_id"]
    general_only = token("housing_officer", user_id="officer-gn", streams=("general_needs",))
    with RpcClient(intake.amqp_uri, general_only) as rpc:
        with pytest.raises(Forbidden):
            rpc.intake.get_report(report_id)
        assert all(r["report_id"] != report_id for r in rpc.intake.list_reports()["reports"])
    with RpcClient(intake.amqp_uri, token("board_member", user_id="board-1")) as rpc, pytest.raises(Forbidden):
        rpc.intake.list_reports()
    with RpcClient(intake.amqp_uri, token("data_protection_officer", user_id="dpo-1", streams=())) as rpc:
        assert rpc.intake.get_report(report_id)["report_id"] == report_id
        with pytest.raises(Forbidden):
            rpc.intake.withdraw_report(report_id, {"reason": "made_in_error"})
    a = tables.audit_log.c
    audited = intake.rows(select(a.actor, a.action, a.outcome).where(a.record_id == report_id).order_by(a.id))
    assert [tuple(r) for r in audited] == [("officer-1", "intake.submit_report", "allowed"),
                                           ("officer-gn", "intake.get_report", "refused"),
                                           ("dpo-1", "intake.get_report", "allowed")]
    assert intake.count(tables.audit_log, a.actor == "board-1", a.outcome == "refused") == 1
    assert intake.count(tables.audit_log, a.actor == "dpo-1", a.action == "intake.withdraw_report") == 1


def test_referral_extract_is_for_the_service_role_only(intake):
    from hcs.auth import issue_service_token

    with RpcClient(intake.amqp_uri, OFFICER) as rpc:
        report_id = rpc.intake.submit_report(sample_report())["report_id"]
        with pytest.raises(Forbidden):
            rpc.intake.referral_extract([report_id], ["victim_name"])
    service = issue_service_token(intake.container.config["HCS"].auth, "referrals")
    with RpcClient(intake.amqp_uri, service) as rpc:
        out = rpc.intake.referral_extract([report_id], ["victim_name", "interpreter_needed", "crime_reference"])
        everything = rpc.intake.referral_extract([report_id], sorted(REFERRAL_FIELDS))
        with pytest.raises(ValidationFailed) as error:
            rpc.intake.referral_extract([report_id], ["victim_name", "religion_of_perpetrator"])
        with pytest.raises(NotFound):
            rpc.intake.referral_extract(["no-such-report"], ["victim_name"])
    assert out == {report_id: {"victim_name": "A Tenant", "interpreter_needed": True,
                               "crime_reference": "CAD 1234/20NOV"}}
    assert set(everything[report_id]) == set(REFERRAL_FIELDS)
    assert set(error.value.fields) == {"fields.1"}


def test_malformed_payload_names_fields_and_stores_nothing(intake):
    before = (intake.count(reports), intake.count(tables.outbox))
    bad = sample_report(channel="pigeon", incident={"narrative": "x" * 10_001, "types": []})
    with RpcClient(intake.amqp_uri, OFFICER) as rpc, pytest.raises(ValidationFailed) as err:
        rpc.intake.submit_report(bad)
    assert set(err.value.fields) >= {"channel", "incident.occurred_at", "incident.narrative", "incident.types"}
    assert "x" * 20 not in json.dumps(err.value.fields)
    assert (intake.count(reports), intake.count(tables.outbox)) == before


def test_health_and_metrics_are_served(intake):
    health = requests.get(f"{intake.base_url}/health", timeout=5)
    assert health.status_code == 200
    assert health.json() == {"service": "intake", "status": "ok", "database": "ok", "broker": "ok"}
    with RpcClient(intake.amqp_uri, OFFICER) as rpc:
        rpc.intake.submit_report(sample_report(channel="visit"))
    body = requests.get(f"{intake.base_url}/metrics", timeout=5).text
    assert 'hcs_entrypoint_latency_seconds_count{entrypoint="submit_report",outcome="ok",service="intake"}' in body
    assert 'hcs_reports_received_total{channel="visit",service="intake",triage="hate_incident"}' in body
    assert 'hcs_outbox_pending{service="intake"}' in body


def test_expired_token_is_refused_and_audited(intake):
    from datetime import UTC, datetime, timedelta

    stale = token("housing_officer", user_id="late", now=datetime.now(UTC) - timedelta(hours=1), minutes=5)
    with RpcClient(intake.amqp_uri, stale) as rpc, pytest.raises(Unauthenticated, match="expired"):
        rpc.intake.get_report("anything")
    a = tables.audit_log.c
    assert intake.count(tables.audit_log, a.outcome == "refused", a.actor == "claimed:late") == 1


def test_forged_token_is_refused_and_audited(intake):
    forged = token("housing_officer", user_id="mallory")[:-4] + "AAAA"
    key = new_key()
    with RpcClient(intake.amqp_uri, forged) as rpc, pytest.raises(Unauthenticated):
        rpc.intake.submit_report(sample_report(key))
    a = tables.audit_log.c
    assert intake.count(tables.audit_log, a.outcome == "refused", a.actor == "claimed:mallory") == 1
    assert intake.count(reports, reports.c.idempotency_key == key) == 0
