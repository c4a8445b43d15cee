"""A partner without an endpoint pulls its referrals (signed), and a change of owner re-checks consent."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest
import requests

from hcs import tables
from hcs.errors import Forbidden
from hcs.testing.plugin import RpcClient, publish_event, token, wait_for
from referrals.adapters.orm import partner_callbacks
from referrals.adapters.webhooks import signed_headers

from .conftest import PULL_SECRET, SECRET, case_known, count, open_case

MANAGER = token("manager", "manager-1", streams=("general_needs",))


def key() -> str:
    return f"key-{uuid.uuid4()}"


def test_a_pull_partner_takes_its_referral_through_the_pull_api_and_confirms_deletion(
        start_referrals, partner_factory, data_services, amqp_uri):
    pusher = partner_factory(code="support")
    _container, engine, base = start_referrals(pusher.url + "/referrals", pull=True)
    data_services()
    puller = partner_factory(PULL_SECRET, code="counselling", landlord_url=base, pull=True, pull_interval=0.2,
                             progress=("acknowledged",))
    open_case(amqp_uri, "case-p")
    case_known(engine, "case-p")
    with RpcClient(amqp_uri, MANAGER) as rpc:
        rpc.referrals.record_consent({
            "case_id": "case-p", "partners": ["counselling"], "purposes": ["counselling"],
            "data_categories": ["case", "contact"], "how": "digital", "wording_version": "isa-consent-v2",
            "idempotency_key": key()})
        referral_id = rpc.referrals.request_referral({
            "case_id": "case-p", "partner": "counselling", "purpose": "counselling",
            "data_categories": ["case", "contact"], "idempotency_key": key()})["referral_id"]
        wait_for(lambda: rpc.referrals.get_referral(referral_id)["status"] == "acknowledged", timeout=30,
                 message="pulled and acknowledged")
        held = puller.referrals[referral_id]["data"]
        assert set(held["case"]) | {k for r in held["reports"] for k in r} == {"case.reference", "victim.name"}
        rpc.referrals.withdraw_consent({"case_id": "case-p", "how": "verbal", "idempotency_key": key()})
        wait_for(lambda: referral_id in puller.stopped, message="the stop notice pulled")
        notice = wait_for(lambda: (n := rpc.referrals.get_referral(referral_id)["stop_notice"])
                          and n["deletion_confirmed_at"] and n, message="deletion confirmed")
    assert notice["sent_at"] and referral_id not in puller.referrals and pusher.deliveries == 0

    url = f"{base}/partners/counselling/pull"
    body = '{"limit": 5}'
    replayed = signed_headers(PULL_SECRET, "pull-replayed", body)
    assert requests.post(url, data=body, headers=replayed, timeout=5).status_code == 200
    assert requests.post(url, data=body, headers=replayed, timeout=5).status_code == 409  # a replay
    wrong = signed_headers(SECRET, "pull-wrong-key", body)  # another partner's secret
    assert requests.post(url, data=body, headers=wrong, timeout=5).status_code == 401


def test_a_handover_rechecks_every_open_referral_and_moves_the_case_to_the_new_team(
        start_referrals, partner_factory, amqp_uri):
    partner = partner_factory(code="support")
    _container, engine, _ = start_referrals(partner.url + "/referrals")
    open_case(amqp_uri, "case-h")
    case_known(engine, "case-h")
    north = token("housing_officer", "officer-1", team="north", streams=("general_needs",))
    south = token("housing_officer", "officer-7", team="south", streams=("general_needs",))
    with RpcClient(amqp_uri, north) as rpc:  # no data service runs, so the referral waits undelivered
        rpc.referrals.record_consent({
            "case_id": "case-h", "partners": ["support"], "purposes": ["support"], "data_categories": ["contact"],
            "how": "written", "wording_version": "isa-consent-v2", "idempotency_key": key(),
            "given_at": (datetime.now(UTC) - timedelta(days=1)).isoformat()})
        referral_id = rpc.referrals.request_referral({
            "case_id": "case-h", "partner": "support", "purpose": "support", "data_categories": ["contact"],
            "idempotency_key": key()})["referral_id"]
    publish_event(amqp_uri, "case_allocated", "case-h", {
        "case_id": "case-h", "stream": "general_needs", "allocated_at": datetime.now(UTC), "officer_id": "officer-7",
        "team": "south", "previous_officer_id": "officer-1"})
    audit = tables.audit_log.c
    wait_for(lambda: count(engine, tables.audit_log, audit.action == "referrals.recheck_on_handover",
                           audit.record_id == referral_id, audit.outcome == "allowed") == 1,
             message="the handover's consent re-check")
    with RpcClient(amqp_uri, south) as rpc:
        assert [r["status"] for r in rpc.referrals.list_referrals("case-h")] == ["requested"]
        board = rpc.referrals.referral_board({})
    assert [r["referral_id"] for r in board["referrals"]] == [referral_id]
    assert board["by_partner"] == {"support": {"green": 1, "amber": 0, "red": 0, "no_target": 0}}
    with RpcClient(amqp_uri, north) as rpc, pytest.raises(Forbidden):
        rpc.referrals.list_referrals("case-h")


def test_hostile_partner_requests_are_refused_as_json_and_change_nothing(start_referrals):
    """Signed right but hostile: JSON nested past Python's recursion limit, a body above the limit,
    a pull body that is JSON but no object, a callback for an id that is not the partner's (the
    answer does not repeat it); each a JSON 4xx, and no request id is used up."""
    _container, engine, base = start_referrals("http://127.0.0.1:9/referrals", pull=True)
    pull = f"{base}/partners/counselling/pull"

    def signed_post(url: str, text: str) -> requests.Response:
        return requests.post(url, data=text.encode(), headers=signed_headers(PULL_SECRET, key(), text), timeout=10)

    nested = signed_post(pull, "[" * 5000 + "]" * 5000)
    assert (nested.status_code, nested.json()["error"]) == (400, "validation_failed")
    large = signed_post(pull, json.dumps({"limit": 5, "x": "x" * 20_000}))
    assert (large.status_code, large.json()["error"]) == (413, "payload_too_large")
    for not_an_object in ("null", "0", "false", "[]", '""'):
        assert signed_post(pull, not_an_object).status_code == 400, not_an_object
    stranger = signed_post(f"{base}/partners/counselling/callbacks", json.dumps({
        "referral_id": "Jane Doe 07700 900123", "status": "acknowledged", "at": datetime.now(UTC).isoformat()}))
    assert stranger.status_code == 404 and "Jane" not in stranger.text
    assert count(engine, partner_callbacks) == 0
