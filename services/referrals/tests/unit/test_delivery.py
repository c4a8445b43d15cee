"""Delivery by signed webhook: the gate again in the claim, minimisation, retries with backoff, the
data source unavailable, and a consent withdrawn while an attempt is in flight (POL-5, code 1.3.3)."""

from __future__ import annotations

import random
from datetime import timedelta

from referrals.domain.referral import Status
from referrals.service_layer import delivery, notices

from .builders import CASE, SYSTEM, give, refer, withdraw, world
from .fakes import FakeDataSource, FakeTransport

POLICY = delivery.DeliveryPolicy(batch_size=10, lease_seconds=10, max_backoff_seconds=8,
                                 callback_base_url="https://landlord.example")


def tick(uow, source, transport):
    return delivery.deliver_due(lambda: uow, source, transport, SYSTEM, POLICY, random.Random(1))


def test_a_delivery_sends_only_the_agreed_fields_minus_the_withheld_and_logs_the_disclosure():
    uow = world()
    [consent] = give(uow, ("police",), ("investigation",), ("case", "contact", "incident"),
                     withhold={"police": ["victim.contact"]})
    made = refer(uow, categories=("contact", "incident"))
    source, transport = FakeDataSource({"victim.name": "Ada"}), FakeTransport()
    source.extra = {"victim.bank_account": "12345678", "case.risk_level": "high"}  # says too much
    result = tick(uow, source, transport)
    assert (result.delivered, result.failed) == (1, 0)
    [(endpoint, webhook_id, body)] = transport.sent
    assert (endpoint, webhook_id) == ("https://police.example/referrals", made.referral_id)
    assert set(body["data"]["case"]) == set()
    assert set(body["data"]["reports"][0]) == {"victim.name", "incident.occurred_at", "incident.types"}
    assert body["data"]["reports"][0]["victim.name"] == "Ada"
    assert body["callback_url"] == "https://landlord.example/partners/police/callbacks"
    assert [c[2] for c in source.calls] == [("incident.occurred_at", "incident.types", "victim.name")]
    [disclosure] = uow.disclosures.rows
    assert (disclosure.consent_id, disclosure.consent_version, disclosure.agreement_version) == (
        consent.consent_id, 1, 1)
    assert disclosure.fields == {"victim.name", "incident.occurred_at", "incident.types"}
    assert (disclosure.requested_by, disclosure.channel, disclosure.attempt) == ("officer-1", "webhook", 1)
    sent = uow.referrals.get(made.referral_id)
    assert sent.status is Status.SENT and sent.sent_at == uow.clock.now()
    assert uow.outbox.types()[-1] == "referral_sent"


def test_a_failed_delivery_is_retried_with_backoff_under_the_same_webhook_id():
    uow = world()
    give(uow)
    made = refer(uow)
    source, transport = FakeDataSource(), FakeTransport()
    transport.status = 503
    tick(uow, source, transport)
    first = uow.referrals.get(made.referral_id)
    assert first.status is Status.REQUESTED and first.next_attempt_at > uow.clock.now()
    assert tick(uow, source, transport).delivered == 0 and len(transport.sent) == 1  # not due yet
    transport.status, transport.error = 202, ConnectionError("refused")
    uow.clock.advance(seconds=10)
    tick(uow, source, transport)
    assert uow.attempts.for_referral(made.referral_id)[-1]["error"] == "ConnectionError"
    transport.error = None
    uow.clock.advance(seconds=10)
    tick(uow, source, transport)
    assert [w for _, w, _ in transport.sent] == [made.referral_id] * 2
    assert uow.referrals.get(made.referral_id).status is Status.SENT
    assert [a["attempt"] for a in uow.attempts.for_referral(made.referral_id)] == [1, 2, 3]
    assert len(uow.disclosures.rows) == 3  # each attempt put data on the wire (or may have)


def test_when_the_data_source_is_unavailable_nothing_is_sent_and_the_attempt_waits():
    uow = world()
    give(uow)
    made = refer(uow)
    source, transport = FakeDataSource(), FakeTransport()
    source.up = False
    assert tick(uow, source, transport).postponed == 1
    waiting = uow.referrals.get(made.referral_id)
    assert transport.sent == [] and uow.disclosures.rows == [] and waiting.status is Status.REQUESTED
    assert waiting.last_error.startswith("data source") and waiting.next_attempt_at > uow.clock.now()
    source.up = True
    uow.clock.advance(seconds=10)
    assert tick(uow, source, transport).delivered == 1


def test_a_case_whose_reports_are_not_known_yet_waits_rather_than_sending_less():
    """cases' events come on separate queues: a handover can arrive before case_opened names the
    report. The referral waits for the report's fields instead of going without them."""
    from dataclasses import replace

    uow = world()
    give(uow)
    made = refer(uow)
    uow.cases.save(replace(uow.cases.get(CASE), report_ids=()))
    source, transport = FakeDataSource({"victim.name": "Ada"}), FakeTransport()
    assert tick(uow, source, transport).postponed == 1 and transport.sent == []
    uow.cases.save(replace(uow.cases.get(CASE), report_ids=("r-1",)))
    uow.clock.advance(seconds=10)
    assert tick(uow, source, transport).delivered == 1
    [(_, webhook_id, body)] = transport.sent
    assert webhook_id == made.referral_id and body["data"]["reports"][0]["victim.name"] == "Ada"


def test_consent_withdrawn_between_the_fetch_and_the_claim_stops_the_delivery():
    """Proof 8 of issue 8 in miniature: queued, consent withdrawn, never sent."""
    uow = world()
    give(uow)
    made = refer(uow)
    source, transport = FakeDataSource(), FakeTransport()
    source.during_fetch = lambda: withdraw(uow)
    tick(uow, source, transport)
    assert transport.sent == [] and uow.disclosures.rows == []
    assert uow.referrals.get(made.referral_id).status is Status.WITHDRAWN
    assert uow.notices.rows == {}


def test_consent_expired_but_not_yet_noticed_is_refused_at_the_claim():
    uow = world()
    give(uow, expires_at=uow.clock.now() + timedelta(minutes=5))
    made = refer(uow)
    uow.clock.advance(minutes=5)
    transport = FakeTransport()
    tick(uow, FakeDataSource(), transport)
    refused = uow.referrals.get(made.referral_id)
    assert transport.sent == [] and (refused.status, refused.reason) == (Status.REFUSED, "consent_expired")
    event = uow.outbox.events[-1]
    assert (event.event_type, event.data["referral_id"], event.data["reason"]) == (
        "referral_refused", made.referral_id, "consent_expired")


def test_consent_withdrawn_while_the_post_is_in_flight_owes_the_partner_a_stop_notice():
    uow = world()
    give(uow)
    made = refer(uow)
    transport = FakeTransport()
    transport.on_send = lambda *_: withdraw(uow)
    tick(uow, FakeDataSource(), transport)
    stopped = uow.referrals.get(made.referral_id)
    assert stopped.status is Status.WITHDRAWN and stopped.holds_data
    [notice] = uow.notices.rows.values()
    assert notice.referral_id == made.referral_id and notice.awaiting_delivery
    transport.on_send = None
    sent, failed = notices.deliver_due_notices(lambda: uow, transport, SYSTEM, POLICY, random.Random(1))
    assert (sent, failed) == (1, 0)
    _, webhook_id, body = transport.sent[-1]
    assert webhook_id == notice.notice_id and body == {
        "type": "referral.stop", "notice_id": notice.notice_id, "referral_id": made.referral_id,
        "reason": "consent_withdrawn", "issued_at": notice.created_at.isoformat()}
    assert uow.outbox.types()[-1] == "stop_notice_sent"
    assert notices.deliver_due_notices(lambda: uow, transport, SYSTEM, POLICY) == (0, 0)


def test_a_stop_notice_is_retried_until_the_partner_takes_it():
    uow = world()
    give(uow)
    refer(uow)
    transport = FakeTransport()
    tick(uow, FakeDataSource(), transport)
    withdraw(uow)
    transport.status = 500
    assert notices.deliver_due_notices(lambda: uow, transport, SYSTEM, POLICY, random.Random(1)) == (0, 1)
    assert notices.deliver_due_notices(lambda: uow, transport, SYSTEM, POLICY) == (0, 0)  # backing off
    transport.status = 200
    uow.clock.advance(seconds=10)
    assert notices.deliver_due_notices(lambda: uow, transport, SYSTEM, POLICY) == (1, 0)
    [notice] = uow.notices.rows.values()
    assert notice.attempts == 2 and notice.sent_at == uow.clock.now()


def test_a_partner_without_credentials_gets_nothing_until_it_has_them():
    uow = world()
    give(uow)
    made = refer(uow)
    uow.partners.secrets.pop("police")
    transport = FakeTransport()
    tick(uow, FakeDataSource(), transport)
    assert transport.sent == [] and uow.disclosures.rows == []
    assert uow.referrals.get(made.referral_id).last_error == "partner has no endpoint or credentials"


def test_pull_partners_are_not_pushed_to():
    uow = world()
    give(uow, ("victim-support",), ("support",), ("contact",))
    refer(uow, "victim-support", "support", ("contact",))
    transport = FakeTransport()
    tick(uow, FakeDataSource(), transport)
    assert transport.sent == [] and uow.referrals.for_case(CASE)[0].status is Status.REQUESTED
