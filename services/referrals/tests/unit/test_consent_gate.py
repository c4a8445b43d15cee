"""The consent gate (POL-5), decided at a moment given by a FakeClock."""

from __future__ import annotations

from datetime import timedelta

import pytest

from hcs.clock import FakeClock
from referrals.domain.consent import ConsentRuleBroken, give_consent, withdraw_consent
from referrals.domain.gate import ReferralRequest, decide

CASE = "case-1"


@pytest.fixture
def clock():
    return FakeClock()


def give(history, clock, partner="police", purposes=("investigation",), categories=("incident", "contact"),
         expires_in=None, case_id=CASE):
    expires_at = clock.now() + timedelta(days=expires_in) if expires_in is not None else None
    record = give_consent(history, consent_id=f"k{len(history)}", case_id=case_id, partner=partner,
                          purposes=purposes, data_categories=categories, given_by="written",
                          expires_at=expires_at, now=clock.now(), recorded_by="officer-1")
    return [*history, record]


def withdraw(history, clock, partner="police"):
    return [*history, withdraw_consent(history, consent_id=f"k{len(history)}", partner=partner,
                                       now=clock.now(), recorded_by="officer-1")]


def ask(history, clock, partner="police", purpose="investigation", categories=("incident",), case_id=CASE):
    return decide(history, ReferralRequest(case_id, partner, purpose, frozenset(categories)), clock.now())


def test_no_consent_refuses(clock):
    assert ask([], clock).reason == "no_consent_for_partner"


def test_consent_for_another_partner_does_not_cover(clock):
    history = give([], clock, partner="victim_support")
    assert ask(history, clock, partner="police").reason == "no_consent_for_partner"


def test_consent_in_another_case_does_not_cover(clock):
    history = give([], clock, case_id="case-2")
    assert not ask(history, clock).allowed


def test_purpose_not_consented_refuses(clock):
    assert ask(give([], clock), clock, purpose="case_conference").reason == "purpose_not_covered"


def test_a_data_category_not_consented_refuses(clock):
    decision = ask(give([], clock), clock, categories=("incident", "health"))
    assert decision.reason == "data_not_covered"


def test_expired_consent_refuses_from_the_moment_it_expires(clock):
    history = give([], clock, expires_in=7)
    clock.advance(days=7, microseconds=-1)
    assert ask(history, clock).allowed
    clock.advance(microseconds=1)
    assert ask(history, clock).reason == "consent_expired"


def test_withdrawn_consent_refuses(clock):
    history = withdraw(give([], clock), clock)
    assert ask(history, clock).reason == "consent_withdrawn"


def test_valid_consent_covering_partner_purpose_and_every_category_allows(clock):
    history = give([], clock, expires_in=30)
    decision = ask(history, clock, categories=("incident", "contact"))
    assert decision.allowed and decision.consent == history[-1]


def test_consent_given_again_after_withdrawal_allows_and_is_a_new_version(clock):
    history = give(withdraw(give([], clock), clock), clock)
    assert [r.version for r in history] == [1, 2, 3] and [r.status for r in history] == [
        "given", "withdrawn", "given"]
    assert ask(history, clock).allowed


def test_the_newest_consent_replaces_the_scope_of_the_last(clock):
    history = give(give([], clock, purposes=("investigation", "support")), clock, purposes=("support",))
    assert ask(history, clock, purpose="investigation").reason == "purpose_not_covered"
    assert ask(history, clock, purpose="support").allowed


def test_consent_cannot_be_recorded_already_expired_nor_withdrawn_twice(clock):
    with pytest.raises(ConsentRuleBroken) as err:
        give([], clock, expires_in=0)
    assert err.value.field == "expires_at"
    with pytest.raises(ConsentRuleBroken):
        withdraw(withdraw(give([], clock), clock), clock)
    with pytest.raises(ConsentRuleBroken):
        withdraw([], clock)
