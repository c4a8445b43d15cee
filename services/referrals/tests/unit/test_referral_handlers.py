"""Referrals' service layer over fakes: consent records, the gate's outcomes, and what is committed."""

from __future__ import annotations

from datetime import timedelta

import pytest

from hcs.auth import Caller
from hcs.errors import Conflict, Forbidden, NotFound, ValidationFailed
from hcs.events import new_event
from referrals.service_layer import handlers

CASE = "case-1"
OFFICER = Caller("officer-1", "housing_officer", "north", frozenset({"general_needs"}))
CARE_ONLY = Caller("officer-2", "housing_officer", "south", frozenset({"care_support"}))


def consent(**changes):
    return {"case_id": CASE, "partner": "police", "purposes": ["investigation"],
            "data_categories": ["incident", "contact"], "given_by": "verbal", **changes}


def referral(key="ref-key-0001", **changes):
    return {"case_id": CASE, "partner": "police", "purpose": "investigation",
            "data_categories": ["incident"], "idempotency_key": key, **changes}


def test_a_covered_referral_is_stored_published_and_audited(uow):
    given = handlers.record_consent(uow, consent(), OFFICER)
    made = handlers.request_referral(uow, referral(), OFFICER)
    assert made.status == "requested" and made.consent_id == given.consent_id
    assert uow.referrals.for_case(CASE) == [made]
    [event] = [e for e in uow.outbox.events if e.event_type == "referral_requested"]
    assert event.data["referral_id"] == made.referral_id and event.data["stream"] == "general_needs"
    assert uow.audit.entries[-1].action == "referrals.request_referral"


def test_a_refusal_commits_its_audit_row_and_event_before_raising(uow):
    commits = uow.commits
    with pytest.raises(Forbidden, match="no valid consent covers this referral"):
        handlers.request_referral(uow, referral(), OFFICER)
    assert uow.commits == commits + 1  # the fake drops anything not committed
    [event] = uow.outbox.events
    assert event.event_type == "referral_refused" and event.data["reason"] == "no_consent"
    [entry] = uow.audit.entries
    assert (entry.outcome, entry.record_id, entry.reason) == ("refused", CASE, "no_consent_for_partner")
    assert uow.referrals.referrals == []


def test_a_withdrawal_is_a_new_record_and_closes_the_gate(uow):
    first = handlers.record_consent(uow, consent(), OFFICER)
    handlers.withdraw(uow, {"case_id": CASE, "partner": "police"}, OFFICER)
    assert [r.status for r in uow.consents.for_case(CASE)] == ["given", "withdrawn"]
    assert uow.consents.for_case(CASE)[0] == first
    with pytest.raises(Forbidden):
        handlers.request_referral(uow, referral(), OFFICER)
    assert uow.audit.entries[-1].reason == "consent_withdrawn"


def test_consent_expiring_lets_a_later_request_through_no_more(uow):
    handlers.record_consent(uow, consent(expires_at=uow.clock.now() + timedelta(hours=2)), OFFICER)
    handlers.request_referral(uow, referral("ref-key-0001"), OFFICER)
    uow.clock.advance(hours=2)
    with pytest.raises(Forbidden):
        handlers.request_referral(uow, referral("ref-key-0002"), OFFICER)
    assert uow.audit.entries[-1].reason == "consent_expired"


def test_the_same_idempotency_key_returns_the_same_referral(uow):
    handlers.record_consent(uow, consent(), OFFICER)
    first = handlers.request_referral(uow, referral(), OFFICER)
    again = handlers.request_referral(uow, referral(), OFFICER)
    assert again == first and len(uow.referrals.referrals) == 1
    assert uow.outbox.types().count("referral_requested") == 1
    with pytest.raises(Conflict):
        handlers.request_referral(uow, referral(purpose="support"), OFFICER)


def test_unknown_case_is_not_found_and_another_stream_is_refused_and_audited(uow):
    with pytest.raises(NotFound):
        handlers.request_referral(uow, referral(case_id="case-unknown"), OFFICER)
    with pytest.raises(Forbidden):
        handlers.record_consent(uow, consent(), CARE_ONLY)
    assert [(e.actor, e.outcome) for e in uow.audit.entries] == [("officer-2", "refused")]
    assert uow.consents.records == []


def test_consent_cannot_be_recorded_already_expired_nor_withdrawn_when_none_is_in_force(uow):
    with pytest.raises(ValidationFailed) as err:
        handlers.record_consent(uow, consent(expires_at=uow.clock.now()), OFFICER)
    assert set(err.value.fields) == {"expires_at"}
    with pytest.raises(Conflict):
        handlers.withdraw(uow, {"case_id": CASE, "partner": "police"}, OFFICER)


def test_case_opened_adds_the_case_to_the_index_once(uow):
    event = new_event("case_opened", "case-9", {
        "case_id": "case-9", "report_id": "r-9", "opened_at": uow.clock.now(), "stream": "care_support",
        "hate_incident": False}, uow.clock.now())
    handlers.index_case(uow, event)
    handlers.index_case(uow, event)
    assert uow.cases.get("case-9").stream == "care_support"
