"""Recording, narrowing, withdrawing and expiring consent, and what each does to referrals (POL-5)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from hcs.errors import Conflict, Forbidden, NotFound, ValidationFailed
from referrals.domain.referral import Status
from referrals.service_layer import consents, delivery

from .builders import (
    CASE,
    OFFICER,
    OTHER_STREAM,
    OTHER_TEAM,
    OTHER_TEAM_SENIOR,
    SENIOR,
    SYSTEM,
    consent,
    give,
    refer,
    withdraw,
    world,
)
from .fakes import FakeDataSource, FakeTransport

POLICY = delivery.DeliveryPolicy(batch_size=10, lease_seconds=10, max_backoff_seconds=5)


def deliver(uow, source=None, transport=None):
    transport = transport or FakeTransport()
    delivery.deliver_due(lambda: uow, source or FakeDataSource(), transport, SYSTEM, POLICY)
    return transport


def test_one_conversation_records_a_versioned_record_per_partner_with_everything_the_victim_was_told():
    uow = world()
    expires = uow.clock.now() + timedelta(days=90)
    records = give(uow, ("police", "counselling"), ("investigation", "counselling"), ("contact",),
                   withhold={"counselling": ["victim.contact"]}, expires_at=expires,
                   given_at=uow.clock.now() - timedelta(hours=3))
    by_partner = {r.partner: r for r in records}
    assert set(by_partner) == {"police", "counselling"} and {r.version for r in records} == {1}
    police = by_partner["police"]
    assert (police.how, police.wording_version, police.recorded_by, police.expires_at) == (
        "written", "consent-v3", "officer-1", expires)
    assert police.given_at == uow.clock.now() - timedelta(hours=3) and police.withheld_fields == frozenset()
    assert by_partner["counselling"].withheld_fields == {"victim.contact"}
    assert uow.outbox.types() == ["consent_recorded", "consent_recorded"]
    assert [e.action for e in uow.audit.entries] == ["referrals.record_consent"] * 2


def test_the_same_idempotency_key_returns_the_same_records_and_writes_nothing_more():
    uow = world()
    details = consent()
    first = consents.record_consent(uow, details, OFFICER)
    again = consents.record_consent(uow, details, OFFICER)
    assert again == first and len(uow.consents.records) == 1 and uow.outbox.types() == ["consent_recorded"]
    with pytest.raises(Conflict):
        consents.record_consent(uow, {**details, "case_id": "case-2"}, OFFICER)


@pytest.mark.parametrize(("changes", "field"), [
    ({"partners": ["nobody"]}, "partners.0"),
    ({"purposes": ["gossip"]}, "partners.0"),
    ({"partners": ["police", "counselling"], "purposes": ["investigation", "counselling", "gossip"]},
     "purposes"),
    ({"withhold": {"counselling": ["victim.contact"]}}, "withhold.counselling"),
])
def test_consent_names_registered_partners_purposes_they_know_and_withholdings_for_them(changes, field):
    uow = world()
    with pytest.raises(ValidationFailed) as err:
        consents.record_consent(uow, consent(**changes), OFFICER)
    assert field in err.value.fields and uow.consents.records == [] and uow.outbox.events == []


def test_a_second_partner_that_breaks_a_rule_leaves_nothing_half_written():
    uow = world()
    with pytest.raises(ValidationFailed):
        consents.record_consent(uow, consent(partners=("police", "victim-support")), OFFICER)
    assert uow.consents.records == [] and uow.outbox.events == []


def test_only_staff_who_may_see_the_case_record_consent_and_a_refusal_is_audited():
    uow = world()
    for caller in (OTHER_STREAM, OTHER_TEAM, OTHER_TEAM_SENIOR):
        with pytest.raises(Forbidden):
            give(uow, caller=caller)
    with pytest.raises(NotFound):
        consents.record_consent(uow, consent(case_id="case-unknown"), OFFICER)
    assert [(e.actor, e.outcome, e.reason) for e in uow.audit.entries] == [
        ("officer-2", "refused", "stream not allowed"), ("officer-9", "refused", "another team's case"),
        ("senior-9", "refused", "another team's case"), ("officer-1", "refused", "unknown case")]
    give(uow, caller=SENIOR)  # a senior of the case's team may; of another team, not (as in cases)
    assert len(uow.consents.records) == 1


def test_withdrawal_stops_every_undelivered_referral_and_owes_a_notice_to_partners_holding_data():
    uow = world()
    give(uow, ("police",), ("investigation", "case_conference"), ("case", "contact", "incident", "risk"))
    delivered = refer(uow)
    deliver(uow)
    waiting = refer(uow, purpose="case_conference", categories=("risk",))
    uow.outbox.events.clear()
    [record] = withdraw(uow, ("police",))
    assert (record.status, record.version) == ("withdrawn", 2)
    stopped = {r.referral_id: r for r in uow.referrals.for_case(CASE)}
    assert {r.status for r in stopped.values()} == {Status.WITHDRAWN}
    assert stopped[waiting.referral_id].reason == "consent_withdrawn"
    [notice] = uow.notices.rows.values()
    assert (notice.referral_id, notice.reason) == (delivered.referral_id, "consent_withdrawn")
    assert uow.outbox.types() == ["consent_withdrawn", "referral_withdrawn", "referral_withdrawn"]
    deliver(uow)  # nothing more goes
    assert len(uow.disclosures.rows) == 1


def test_withdrawing_from_every_partner_at_once_and_withdrawal_on_a_closed_case():
    uow = world()
    give(uow, ("police", "counselling"), ("investigation", "counselling"), ("contact",))
    uow.cases.save(uow.cases.get(CASE).__class__(CASE, "general_needs", "north", closed_at=uow.clock.now()))
    records = withdraw(uow, None)
    assert sorted(r.partner for r in records) == ["counselling", "police"]
    with pytest.raises(Conflict):
        withdraw(uow, None)  # nothing left in force
    assert uow.audit.entries[-1].outcome == "refused"
    with pytest.raises(Conflict):
        give(uow)  # a closed case takes no new consent


def test_narrowing_consent_stops_what_it_no_longer_covers_and_keeps_the_rest():
    uow = world()
    give(uow, ("police",), ("investigation", "case_conference"), ("case", "contact", "incident", "risk"))
    kept = refer(uow, categories=("contact",))
    dropped = refer(uow, purpose="case_conference", categories=("risk",))
    give(uow, ("police",), ("investigation",), ("contact", "incident"))
    assert uow.referrals.get(kept.referral_id).status is Status.REQUESTED
    assert (uow.referrals.get(dropped.referral_id).status, uow.referrals.get(dropped.referral_id).reason) == (
        Status.WITHDRAWN, "consent_narrowed")
    assert uow.notices.rows == {}


def test_withholding_a_field_a_partner_already_holds_stops_it_with_a_notice():
    uow = world()
    give(uow, ("police",), ("investigation",), ("contact", "incident"))
    sent = refer(uow, categories=("contact", "incident"))
    deliver(uow)
    assert "victim.contact" in uow.referrals.get(sent.referral_id).disclosed_fields
    give(uow, ("police",), ("investigation",), ("contact", "incident"), withhold={"police": ["victim.contact"]})
    assert uow.referrals.get(sent.referral_id).status is Status.WITHDRAWN
    [notice] = uow.notices.rows.values()
    assert notice.reason == "consent_narrowed"


def test_expiry_is_noticed_as_a_record_and_stops_what_it_stood_behind():
    uow = world()
    give(uow, expires_at=uow.clock.now() + timedelta(days=1))
    waiting = refer(uow)
    uow.clock.advance(days=1)
    assert consents.expire_due(lambda: uow, SYSTEM) == 1
    assert consents.expire_due(lambda: uow, SYSTEM) == 0
    latest = uow.consents.for_case(CASE)[-1]
    assert (latest.status, latest.recorded_by, latest.version) == ("expired", "system:referrals", 2)
    assert uow.referrals.get(waiting.referral_id).reason == "consent_expired"
    expired = [e for e in uow.outbox.events if e.event_type == "consent_withdrawn"]
    assert [e.data["cause"] for e in expired] == ["expired"]
