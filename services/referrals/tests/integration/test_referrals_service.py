"""Referrals end to end over the real broker: consent, the gate, a signed delivery of only the agreed
fields to the reference partner, its signed callbacks, withdrawal with a stop-and-delete notice,
the disclosure log, and access by role (POL-5, code 1.3.3)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
import requests
from sqlalchemy import select

from hcs import tables
from hcs.errors import ConsentRefused, Forbidden, ValidationFailed
from hcs.testing.plugin import ProbeQueue, RpcClient, publish_event, token, wait_for
from referrals.adapters.orm import referrals as referrals_table
from referrals.adapters.webhooks import signed_headers

from .conftest import SECRET, SUPPORT_FIELDS, DataCalls, case_known, count, open_case, rows

OFFICER = token("housing_officer", "officer-1", streams=("general_needs",))


def key() -> str:
    return f"key-{uuid.uuid4()}"


def consent(case_id: str, partner: str = "support", **changes):
    return {"case_id": case_id, "partners": [partner], "purposes": ["support"],
            "data_categories": ["case", "contact", "incident", "hate_perception"], "how": "written",
            "wording_version": "isa-consent-v2", "idempotency_key": key(), **changes}


def referral(case_id: str, partner: str = "support", purpose: str = "support", **changes):
    return {"case_id": case_id, "partner": partner, "purpose": purpose,
            "data_categories": ["case", "contact", "incident", "hate_perception"], "idempotency_key": key(),
            **changes}


def status_of(engine, referral_id):
    [row] = rows(engine, select(referrals_table.c.status).where(referrals_table.c.referral_id == referral_id))
    return row.status


def test_a_consented_referral_reaches_the_partner_with_only_the_agreed_fields_and_comes_back_done(
        start_referrals, partner_factory, data_services, amqp_uri):
    partner = partner_factory(code="support")
    _container, engine, _ = start_referrals(partner.url + "/referrals")
    data_services()
    probes = {t: ProbeQueue(amqp_uri, "referrals", t) for t in (
        "consent_recorded", "referral_requested", "referral_sent", "referral_acknowledged", "referral_accepted",
        "referral_done")}
    open_case(amqp_uri, "case-a")
    case_known(engine, "case-a")
    with RpcClient(amqp_uri, OFFICER) as rpc:
        [given] = rpc.referrals.record_consent(consent("case-a", withhold={"support": ["victim.contact"]}))
        made = rpc.referrals.request_referral(referral("case-a"))
    assert given["withheld_fields"] == ["victim.contact"] and made["status"] == "requested"
    referral_id = made["referral_id"]

    wait_for(lambda: status_of(engine, referral_id) == "done", timeout=30, message="the partner's outcome")
    held = partner.referrals[referral_id]
    sent_fields = set(held["data"]["case"]) | {k for r in held["data"]["reports"] for k in r}
    assert sent_fields == set(SUPPORT_FIELDS) - {"victim.contact"}
    assert held["data"]["case"]["case.reference"] == "case-a"
    assert held["data"]["case"]["case.strands"] == ["race"] and "case.team" not in held["data"]["case"]
    assert held["data"]["reports"][0]["victim.name"] == "Ada Example"
    assert "date_of_birth" not in held["data"]["reports"][0] and "victim.date_of_birth" not in sent_fields
    assert partner.webhook_ids == [referral_id] and partner.refused == 0
    assert {("cases", "case-a")} == {(s, c) for s, c, _ in DataCalls.made if s == "cases"}

    with RpcClient(amqp_uri, OFFICER) as rpc:
        detail = rpc.referrals.get_referral(referral_id)
    assert [h["status"] for h in detail["history"]] == ["requested", "sent", "acknowledged", "accepted", "done"]
    assert detail["outcome_note"] and detail["partner_reference"] == f"REF-{referral_id[:8]}"
    assert detail["fields_disclosed"] == sorted(sent_fields) and detail["response"]["rag"] is None
    [disclosure] = detail["disclosures"]
    assert (disclosure["consent_id"], disclosure["consent_version"], disclosure["requested_by"]) == (
        given["consent_id"], 1, "officer-1")

    wait_for(lambda: count(engine, tables.outbox, tables.outbox.c.published_at.is_(None)) == 0,
             message="events relayed")
    for event_type, probe in probes.items():
        [event] = probe.messages()
        assert "data_categories" not in event["data"] and "fields" not in event["data"], event_type
        probe.close()


def test_withdrawal_sends_the_partner_holding_data_a_signed_stop_notice_and_it_deletes(
        start_referrals, partner_factory, data_services, amqp_uri):
    partner = partner_factory(code="support", progress=("acknowledged",))
    _container, engine, _ = start_referrals(partner.url + "/referrals")
    data_services()
    every = ProbeQueue(amqp_uri, "referrals", "#")  # all bound: an unroutable event holds back its case's next
    open_case(amqp_uri, "case-b")
    case_known(engine, "case-b")
    with RpcClient(amqp_uri, OFFICER) as rpc:
        rpc.referrals.record_consent(consent("case-b"))
        referral_id = rpc.referrals.request_referral(referral("case-b"))["referral_id"]
        wait_for(lambda: status_of(engine, referral_id) == "acknowledged", message="acknowledged")
        withdrawn = rpc.referrals.withdraw_consent({"case_id": "case-b", "how": "verbal", "idempotency_key": key()})
    assert [w["status"] for w in withdrawn] == ["withdrawn"]
    assert status_of(engine, referral_id) == "withdrawn"
    wait_for(lambda: referral_id in partner.stopped, message="the stop notice at the partner")
    assert referral_id not in partner.referrals  # deleted
    with RpcClient(amqp_uri, OFFICER) as rpc:
        notice = wait_for(lambda: (n := rpc.referrals.get_referral(referral_id)["stop_notice"])
                          and n["deletion_confirmed_at"] and n, message="deletion confirmed")
    assert notice["reason"] == "consent_withdrawn" and notice["sent_at"]
    published: list[str] = []
    wait_for(lambda: published.extend(m["event_type"] for m in every.messages()) or "stop_notice_sent" in published,
             message="stop_notice_sent published")
    assert published == ["consent_recorded", "referral_requested", "referral_sent", "referral_acknowledged",
                         "consent_withdrawn", "referral_withdrawn", "stop_notice_sent"]
    every.close()


def test_a_referral_without_consent_is_refused_typed_and_audited_and_nothing_is_sent(
        start_referrals, partner_factory, amqp_uri):
    partner = partner_factory(code="support")
    _container, engine, _ = start_referrals(partner.url + "/referrals")
    open_case(amqp_uri, "case-c")
    case_known(engine, "case-c")
    with RpcClient(amqp_uri, OFFICER) as rpc:
        with pytest.raises(ConsentRefused) as err:
            rpc.referrals.request_referral(referral("case-c"))
        assert err.value.reason == "no_consent"
        with pytest.raises(ValidationFailed) as bad:
            rpc.referrals.request_referral({**referral("case-c"), "override": True, "override_reason": "urgent"})
        assert set(bad.value.fields) == {"override", "override_reason"}
    audit = tables.audit_log.c
    assert count(engine, tables.audit_log, audit.action == "referrals.request_referral",
                 audit.outcome == "refused", audit.reason == "no_consent") == 1
    assert count(engine, referrals_table) == 0 and partner.deliveries == 0


def test_a_case_action_without_consent_is_refused_with_its_request_id(start_referrals, partner_factory, amqp_uri):
    partner = partner_factory(code="support")
    start_referrals(partner.url + "/referrals")
    refused = ProbeQueue(amqp_uri, "referrals", "#")
    publish_event(amqp_uri, "partner_referral_requested", "case-d", {
        "case_id": "case-d", "stream": "general_needs", "request_id": "req-d", "partner_kind": "police",
        "purpose": "investigation", "requested_at": datetime.now(UTC), "requested_by": "officer-1"})
    [event] = wait_for(lambda: refused.messages(), message="referral_refused")
    assert (event["data"]["request_id"], event["data"]["reason"], event["data"]["partner"]) == (
        "req-d", "no_consent", "police")
    refused.close()


def test_partner_callbacks_are_verified_and_duplicates_change_nothing(
        start_referrals, partner_factory, data_services, amqp_uri):
    partner = partner_factory(code="support", progress=())
    _container, engine, base = start_referrals(partner.url + "/referrals")
    data_services()
    open_case(amqp_uri, "case-e")
    case_known(engine, "case-e")
    with RpcClient(amqp_uri, OFFICER) as rpc:
        rpc.referrals.record_consent(consent("case-e"))
        referral_id = rpc.referrals.request_referral(referral("case-e"))["referral_id"]
    wait_for(lambda: status_of(engine, referral_id) == "sent", message="sent")
    url = f"{base}/partners/support/callbacks"
    body = f'{{"referral_id": "{referral_id}", "status": "accepted", "at": "2026-01-05T10:00:00+00:00"}}'

    forged = signed_headers("whsec_" + "QUJD" * 8, "cb-1", body)
    assert requests.post(url, data=body, headers=forged, timeout=5).status_code == 401
    other = f"{base}/partners/police/callbacks"  # signed right, but police is not this referral's partner
    assert requests.post(other, data=body, headers=signed_headers(SECRET, "cb-0", body), timeout=5).status_code == 404
    good = signed_headers(SECRET, "cb-1", body)
    first = requests.post(url, data=body, headers=good, timeout=5)
    again = requests.post(url, data=body, headers=good, timeout=5)
    assert (first.status_code, first.json()["duplicate"]) == (200, False)
    assert (again.status_code, again.json()["duplicate"]) == (200, True)
    late = f'{{"referral_id": "{referral_id}", "status": "rejected", "at": "2026-01-05T10:00:00+00:00", ' \
           f'"reason": "no_capacity"}}'
    assert requests.post(url, data=late, headers=signed_headers(SECRET, "cb-2", late), timeout=5).status_code == 409
    for n, (bad, named) in enumerate((('{"referral_id": "x", "status": "rejected", "at": "yesterday"}', {"at"}),
                                      ('{"referral_id": "x", "status": "rejected", "at": "2026-01-05T10:00:00Z"}',
                                       {"reason"}),
                                      ('{"referral_id": "x", "status": "archived", "at": 5, "extra": 1}',
                                       {"status", "at", "extra"}))):
        answer = requests.post(url, data=bad, headers=signed_headers(SECRET, f"cb-bad-{n}", bad), timeout=5)
        assert answer.status_code == 400 and set(answer.json()["fields"]) == named
    assert status_of(engine, referral_id) == "accepted"
    audit = tables.audit_log.c
    assert count(engine, tables.audit_log, audit.actor == "claimed:partner:support", audit.outcome == "refused") == 1


def test_the_delivery_waits_while_cases_and_intake_cannot_answer_and_goes_when_they_can(
        start_referrals, partner_factory, data_services, amqp_uri):
    partner = partner_factory(code="support")
    _container, engine, _ = start_referrals(partner.url + "/referrals")
    open_case(amqp_uri, "case-f")
    case_known(engine, "case-f")
    with RpcClient(amqp_uri, OFFICER) as rpc:
        rpc.referrals.record_consent(consent("case-f"))
        referral_id = rpc.referrals.request_referral(referral("case-f"))["referral_id"]
        waiting = wait_for(lambda: (r := rpc.referrals.get_referral(referral_id))["last_error"] and r,
                           message="a postponed attempt")
    assert waiting["status"] == "requested" and waiting["last_error"].startswith("data source")
    assert partner.deliveries == 0 and waiting["disclosures"] == []
    data_services()
    wait_for(lambda: referral_id in partner.referrals, timeout=30, message="delivery once the data is there")


def test_access_by_role_every_read_audited_and_no_secret_ever_returned(start_referrals, partner_factory, amqp_uri):
    partner = partner_factory(code="support")
    _container, engine, _ = start_referrals(partner.url + "/referrals")
    open_case(amqp_uri, "case-g", stream="care_support")
    case_known(engine, "case-g")
    with RpcClient(amqp_uri, token("board_member")) as rpc, pytest.raises(Forbidden):
        rpc.referrals.list_referrals("case-g")
    with RpcClient(amqp_uri, OFFICER) as rpc:
        with pytest.raises(Forbidden):
            rpc.referrals.get_consent_record("case-g")  # another stream
        with pytest.raises(Forbidden):
            rpc.referrals.list_disclosures({})
        directory = rpc.referrals.list_partners()
        catalogue = rpc.referrals.get_sharing_catalogue()
    assert {c["code"] for c in catalogue["categories"] if c["sensitive"]} == {
        "hate_perception", "vulnerability", "incident_account", "perpetrator", "police"}
    assert {p["code"] for p in directory} == {"support", "police"} and SECRET not in repr(directory)
    assert all(p["credentials_set"] and "secret" not in p for p in directory)
    with RpcClient(amqp_uri, token("data_protection_officer", "dpo-1")) as rpc:
        assert rpc.referrals.list_disclosures({"case_id": "case-g"}) == []
        assert rpc.referrals.get_consent_record("case-g") == []
        with pytest.raises(Forbidden):
            rpc.referrals.request_referral(referral("case-g"))
    new_secret = "whsec_" + "bmV3LXNlY3JldC1uZXctc2VjcmV0LTAw"
    with RpcClient(amqp_uri, token("administrator", "admin-1")) as rpc:
        registered = rpc.referrals.register_partner({
            "code": "interp", "name": "Interpreting (test)", "kind": "interpreting", "delivery": "pull",
            "secret": new_secret})
    assert registered["credentials_set"] and new_secret not in repr(registered)
    audit = tables.audit_log.c
    refused = {r.action for r in rows(engine, select(audit.action).where(audit.outcome == "refused"))}
    assert refused >= {"referrals.list_referrals", "referrals.consent_record", "referrals.disclosure_log",
                       "referrals.request_referral"}
    assert count(engine, tables.audit_log, audit.action == "referrals.partner_directory") == 1
    assert count(engine, tables.audit_log, audit.action == "referrals.disclosure_log", audit.outcome == "allowed") == 1
