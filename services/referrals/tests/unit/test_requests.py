"""Asking for a referral: the gate at request time, typed and audited refusals, no override, requests
from case actions, and revoking (POL-5)."""

from __future__ import annotations

import pytest

from hcs.errors import Conflict, ConsentRefused, Forbidden
from referrals.domain.referral import Status
from referrals.service_layer import case_events, delivery, requests

from .builders import CASE, OFFICER, OTHER_TEAM, SENIOR, SYSTEM, give, refer, referral, withdraw, world
from .fakes import FakeDataSource, FakeTransport

POLICY = delivery.DeliveryPolicy(batch_size=10, lease_seconds=10, max_backoff_seconds=5)


def test_a_covered_referral_is_stored_published_and_audited():
    uow = world()
    [given] = give(uow)
    made = refer(uow)
    assert (made.status, made.consent_id, made.partner_kind, made.requested_by) == (
        Status.REQUESTED, given.consent_id, "police", "officer-1")
    [event] = [e for e in uow.outbox.events if e.event_type == "referral_requested"]
    assert event.data["referral_id"] == made.referral_id and event.data["partner_kind"] == "police"
    assert "data_categories" not in event.data  # events say which partner and why, never what
    assert (uow.audit.entries[-1].action, uow.audit.entries[-1].record_id) == (
        "referrals.request_referral", made.referral_id)


@pytest.mark.parametrize(("setup", "ask", "reason"), [
    (None, {}, "no_consent"),
    ("withdrawn", {}, "consent_withdrawn"),
    ("given", {"purpose": "case_conference"}, "purpose_not_covered"),
    ("given", {"categories": ("contact", "vulnerability")}, "data_not_covered"),
    ("given_counselling", {"partner": "counselling", "purpose": "counselling", "categories": ("incident",)},
     "data_not_covered"),
])
def test_a_refusal_is_typed_audited_and_published_before_the_caller_hears_no(setup, ask, reason):
    uow = world()
    if setup in ("given", "withdrawn"):
        give(uow)
    if setup == "withdrawn":
        withdraw(uow)
    if setup == "given_counselling":
        give(uow, ("counselling",), ("counselling",), ("incident", "contact"))
    uow.outbox.events.clear()
    with pytest.raises(ConsentRefused) as err:
        refer(uow, **ask)
    assert err.value.reason == reason and isinstance(err.value, Forbidden)
    [event] = uow.outbox.events
    assert (event.event_type, event.data["reason"]) == ("referral_refused", reason)
    entry = uow.audit.entries[-1]
    assert (entry.outcome, entry.record_id, entry.reason) == ("refused", CASE, reason)
    assert uow.referrals.rows == {}


def test_there_is_no_override_an_override_field_is_refused_at_the_boundary():
    from hcs import schemas
    from hcs.errors import ValidationFailed
    from referrals.schemas import ReferralRequestSchema

    with pytest.raises(ValidationFailed) as err:
        schemas.load(ReferralRequestSchema(), {**referral(), "override": True, "override_reason": "urgent"})
    assert set(err.value.fields) == {"override", "override_reason"}


def test_the_same_idempotency_key_returns_the_same_referral():
    uow = world()
    give(uow)
    details = referral()
    first = requests.request_referral(uow, details, OFFICER)
    again = requests.request_referral(uow, details, OFFICER)
    assert again == first and len(uow.referrals.rows) == 1
    assert uow.outbox.types().count("referral_requested") == 1
    with pytest.raises(Conflict):
        requests.request_referral(uow, {**details, "purpose": "case_conference"}, OFFICER)


def test_a_closed_case_takes_no_new_referral():
    uow = world()
    give(uow)
    case_events.case_closed(uow, {"case_id": CASE, "stream": "general_needs", "closed_at": uow.clock.now()})
    with pytest.raises(Conflict):
        refer(uow)


def case_action(request_id="req-1", kind="police", purpose="investigation"):
    return {"case_id": CASE, "stream": "general_needs", "request_id": request_id, "action_id": "a-1",
            "partner_kind": kind, "purpose": purpose, "requested_at": None, "requested_by": "officer-1"}


def test_a_case_action_goes_through_the_gate_and_is_refused_with_its_request_id():
    uow = world()
    case_events.partner_referral_requested(uow, case_action())
    [event] = uow.outbox.events
    assert (event.event_type, event.data["reason"], event.data["request_id"]) == (
        "referral_refused", "no_consent", "req-1")
    case_events.partner_referral_requested(uow, case_action("req-2", kind="interpreting"))
    assert uow.outbox.events[-1].data["reason"] == "no_agreement"


def test_a_case_action_with_consent_becomes_one_referral_sharing_what_both_consent_and_agreement_cover():
    uow = world()
    give(uow, ("police",), ("investigation",), ("contact", "incident", "vulnerability"))
    case_events.partner_referral_requested(uow, case_action())
    case_events.partner_referral_requested(uow, case_action())  # the same request again
    [made] = uow.referrals.rows.values()
    assert (made.partner, made.request_id, made.requested_by) == ("police", "req-1", "officer-1")
    assert made.data_categories == {"contact", "incident"}  # the agreement allows no vulnerability field
    assert uow.outbox.events[-1].data["request_id"] == "req-1"


def test_revoking_stops_a_referral_sends_a_notice_if_the_partner_holds_data_and_is_idempotent():
    uow = world()
    give(uow)
    waiting, sent = refer(uow), None
    with pytest.raises(Forbidden):
        requests.revoke(uow, {"referral_id": waiting.referral_id, "reason": "sent_in_error"}, OTHER_TEAM)
    requests.revoke(uow, {"referral_id": waiting.referral_id, "reason": "sent_in_error"}, OFFICER)
    assert uow.notices.rows == {}
    sent = refer(uow)
    delivery.deliver_due(lambda: uow, FakeDataSource(), FakeTransport(), SYSTEM, POLICY)
    revoked = requests.revoke(uow, {"referral_id": sent.referral_id, "reason": "no_longer_needed"}, SENIOR)
    again = requests.revoke(uow, {"referral_id": sent.referral_id, "reason": "no_longer_needed"}, SENIOR)
    assert revoked.status is again.status is Status.REVOKED and revoked.reason == "no_longer_needed"
    [notice] = uow.notices.rows.values()
    assert (notice.referral_id, notice.reason) == (sent.referral_id, "revoked")
    assert uow.outbox.types().count("referral_revoked") == 2


def test_a_finished_referral_cannot_be_revoked():
    uow = world()
    give(uow)
    made = refer(uow)
    withdraw(uow)
    with pytest.raises(Conflict):
        requests.revoke(uow, {"referral_id": made.referral_id, "reason": "other"}, OFFICER)
    assert uow.audit.entries[-1].outcome == "refused"
