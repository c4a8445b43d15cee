"""What partners do: call back (acknowledge, accept, reject, outcome, deleted) with duplicates and
late arrivals handled, and pull when they have no endpoint of their own."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

from hcs.errors import Conflict, NotFound
from referrals.domain.referral import Status
from referrals.service_layer import delivery, pull
from referrals.service_layer.callbacks import partner_caller, record_partner_report

from .builders import SYSTEM, give, refer, withdraw, world
from .fakes import FakeDataSource, FakeTransport

POLICY = delivery.DeliveryPolicy(batch_size=10, lease_seconds=10, max_backoff_seconds=8)


def sent_referral(uow):
    give(uow)
    made = refer(uow)
    delivery.deliver_due(lambda: uow, FakeDataSource(), FakeTransport(), SYSTEM, POLICY, random.Random(1))
    return made


def report(uow, referral, status, webhook_id=None, partner="police", **extra):
    body = {"referral_id": referral.referral_id, "status": status, "at": uow.clock.now(), "reason": None,
            "outcome": None, "note": None, "partner_reference": None, **extra}
    return record_partner_report(uow, partner, webhook_id or f"{referral.referral_id}:{status}", body)


def test_the_partner_walks_a_referral_to_done_and_each_step_is_published_and_audited():
    uow = world()
    made = sent_referral(uow)
    uow.clock.advance(hours=1)
    assert report(uow, made, "acknowledged", partner_reference="MPS-123").status == "acknowledged"
    report(uow, made, "accepted")
    receipt = report(uow, made, "done", outcome="Statement taken; crime recorded.")
    done = uow.referrals.get(made.referral_id)
    assert (receipt.status, receipt.duplicate) == ("done", False)
    assert (done.status, done.partner_reference, done.outcome_note) == (
        Status.DONE, "MPS-123", "Statement taken; crime recorded.")
    assert done.acknowledged_at == done.sent_at + timedelta(hours=1)
    assert uow.outbox.types()[-3:] == ["referral_acknowledged", "referral_accepted", "referral_done"]
    assert [e.actor for e in uow.audit.entries[-3:]] == ["partner:police"] * 3


def test_a_rejection_carries_its_reason_into_the_event():
    uow = world()
    made = sent_referral(uow)
    report(uow, made, "rejected", reason="out_of_area", note="Not our borough")
    event = uow.outbox.events[-1]
    assert (event.event_type, event.data["reason"]) == ("referral_rejected", "out_of_area")
    assert uow.referrals.get(made.referral_id).outcome_note == "Not our borough"


def test_a_duplicate_callback_is_acknowledged_and_changes_nothing():
    uow = world()
    made = sent_referral(uow)
    first = report(uow, made, "acknowledged", webhook_id="cb-1")
    events = len(uow.outbox.events)
    again = report(uow, made, "acknowledged", webhook_id="cb-1")
    other_id = report(uow, made, "acknowledged", webhook_id="cb-2")  # same step, new id
    assert (first.duplicate, again.duplicate, other_id.duplicate) == (False, True, True)
    assert len(uow.outbox.events) == events


def test_a_late_acknowledgement_after_acceptance_changes_nothing_and_an_illegal_step_is_a_conflict():
    uow = world()
    made = sent_referral(uow)
    report(uow, made, "accepted")
    assert report(uow, made, "acknowledged").duplicate is True
    with pytest.raises(Conflict):
        report(uow, made, "rejected", reason="other")
    assert uow.audit.entries[-1].outcome == "refused"
    assert uow.referrals.get(made.referral_id).status is Status.ACCEPTED


def test_a_partner_cannot_report_on_another_partners_referral_nor_on_one_never_sent():
    uow = world()
    made = sent_referral(uow)
    with pytest.raises(NotFound):
        report(uow, made, "acknowledged", partner="counselling")
    waiting = refer(uow)
    with pytest.raises(Conflict):
        report(uow, waiting, "accepted")


def test_a_callback_that_overtakes_our_record_of_the_delivery_counts_the_referral_as_sent():
    uow = world()
    give(uow)
    made = refer(uow)
    transport = FakeTransport()
    transport.on_send = lambda webhook_id, _: report(uow, uow.referrals.get(webhook_id), "acknowledged")
    delivery.deliver_due(lambda: uow, FakeDataSource(), transport, SYSTEM, POLICY)
    assert uow.referrals.get(made.referral_id).status is Status.ACKNOWLEDGED
    assert uow.outbox.types().count("referral_sent") == 1


def test_a_partner_confirms_deletion_after_a_stop_notice():
    uow = world()
    made = sent_referral(uow)
    withdraw(uow)
    assert report(uow, made, "deleted").duplicate is False
    [notice] = uow.notices.rows.values()
    assert notice.deletion_confirmed_at == uow.clock.now()
    assert uow.referrals.get(made.referral_id).partner_deleted_at == uow.clock.now()


def test_a_pull_partner_gets_its_referral_through_the_gate_again_until_it_acknowledges():
    uow = world()
    give(uow, ("victim-support",), ("support",), ("contact", "incident"),
         withhold={"victim-support": ["victim.contact"]})
    made = refer(uow, "victim-support", "support", ("contact",))
    actor = partner_caller("victim-support")
    first = pull.pull(lambda: uow, FakeDataSource(), "victim-support", 10, actor, POLICY)
    [body] = first.referrals
    assert body["referral_id"] == made.referral_id
    assert set(body["data"]["reports"][0]) == {"victim.name", "victim.safe_contact"}  # phone withheld
    assert uow.referrals.get(made.referral_id).status is Status.SENT
    again = pull.pull(lambda: uow, FakeDataSource(), "victim-support", 10, actor, POLICY)
    assert [b["referral_id"] for b in again.referrals] == [made.referral_id]
    assert [d.channel for d in uow.disclosures.rows] == ["pull", "pull"]
    assert uow.outbox.types().count("referral_sent") == 1
    report(uow, made, "acknowledged", partner="victim-support")
    assert pull.pull(lambda: uow, FakeDataSource(), "victim-support", 10, actor, POLICY).referrals == []


def test_a_pull_after_withdrawal_hands_over_the_stop_notice_until_deletion_is_confirmed():
    uow = world()
    give(uow, ("victim-support",), ("support",), ("contact",))
    made = refer(uow, "victim-support", "support", ("contact",))
    actor = partner_caller("victim-support")
    pull.pull(lambda: uow, FakeDataSource(), "victim-support", 10, actor, POLICY)
    withdraw(uow, ("victim-support",))
    batch = pull.pull(lambda: uow, FakeDataSource(), "victim-support", 10, actor, POLICY)
    assert batch.referrals == [] and [n["referral_id"] for n in batch.notices] == [made.referral_id]
    assert uow.outbox.types().count("stop_notice_sent") == 1
    assert len(pull.pull(lambda: uow, FakeDataSource(), "victim-support", 10, actor, POLICY).notices) == 1
    report(uow, made, "deleted", partner="victim-support")
    assert pull.pull(lambda: uow, FakeDataSource(), "victim-support", 10, actor, POLICY).notices == []
    assert uow.outbox.types().count("stop_notice_sent") == 1


def test_a_pull_when_the_data_source_is_down_hands_over_nothing_and_loses_nothing():
    uow = world()
    give(uow, ("victim-support",), ("support",), ("contact",))
    refer(uow, "victim-support", "support", ("contact",))
    source = FakeDataSource()
    source.up = False
    batch = pull.pull(lambda: uow, source, "victim-support", 10, partner_caller("victim-support"), POLICY)
    assert (batch.referrals, batch.postponed, uow.disclosures.rows) == ([], 1, [])
