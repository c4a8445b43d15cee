"""The consent gate (POL-5 "in all cases"), decided at a moment given by a FakeClock."""

from __future__ import annotations

from datetime import timedelta

import pytest

from hcs.clock import FakeClock
from referrals.domain.consent import Scope, give_consent, notice_expiry, withdraw_consent
from referrals.domain.gate import ReferralRequest, decide
from referrals.domain.partners import Partner, make_agreement

CASE = "case-1"


@pytest.fixture
def clock():
    return FakeClock()


def police(clock, active=True):
    return Partner("police", "Police", "police", "webhook", "https://p.example", active, clock.now())


def agreements(clock, **purposes):
    purposes = purposes or {"investigation": ["victim.name", "victim.contact", "incident.types", "case.strands"]}
    return [make_agreement(partner="police", previous=None, lawful_basis="consent",
                           special_category_condition="explicit_consent", purposes=purposes, retention_days=30,
                           acknowledge_within_hours=24, respond_within_hours=72, effective_from=clock.now(),
                           ends_at=None, document_ref="ISA-1", recorded_by="dpo", now=clock.now())]


def give(history, clock, purposes=("investigation",), categories=("incident", "contact"), withheld=(),
         expires_in=None, case_id=CASE, partner="police"):
    expires_at = clock.now() + timedelta(days=expires_in) if expires_in is not None else None
    record = give_consent(history, consent_id=f"k{len(history)}", case_id=case_id, partner=partner,
                          scope=Scope(frozenset(purposes), frozenset(categories), frozenset(withheld)),
                          how="written", wording_version="v1", given_at=clock.now(), expires_at=expires_at,
                          now=clock.now(), recorded_by="officer-1")
    return [*history, record]


def ask(history, clock, purpose="investigation", categories=("incident",), partner=None, deals=None,
        case_id=CASE):
    request = ReferralRequest(case_id, "police", purpose, frozenset(categories))
    return decide(history, request, partner or police(clock), agreements(clock) if deals is None else deals,
                  clock.now())


def test_no_consent_refuses(clock):
    assert ask([], clock).reason == "no_consent"


def test_consent_for_another_partner_or_case_does_not_cover(clock):
    assert ask(give([], clock, partner="victim-support"), clock).reason == "no_consent"
    assert ask(give([], clock, case_id="case-2"), clock).reason == "no_consent"


def test_purpose_not_consented_refuses(clock):
    assert ask(give([], clock), clock, purpose="case_conference").reason == "purpose_not_covered"


def test_a_data_category_not_consented_refuses(clock):
    assert ask(give([], clock), clock, categories=("incident", "vulnerability")).reason == "data_not_covered"
    assert ask(give([], clock), clock, categories=()).reason == "data_not_covered"


def test_expired_consent_refuses_from_the_moment_it_expires_before_and_after_it_is_noticed(clock):
    history = give([], clock, expires_in=7)
    clock.advance(days=7, microseconds=-1)
    assert ask(history, clock).allowed
    clock.advance(microseconds=1)
    assert ask(history, clock).reason == "consent_expired"
    noticed = notice_expiry(history, consent_id="k9", partner="police", now=clock.now(), recorded_by="system")
    assert noticed is not None and ask([*history, noticed], clock).reason == "consent_expired"


def test_withdrawn_consent_refuses(clock):
    history = give([], clock)
    history.append(withdraw_consent(history, consent_id="w", partner="police", how="verbal",
                                    withdrawn_at=clock.now(), now=clock.now(), recorded_by="officer-1"))
    assert ask(history, clock).reason == "consent_withdrawn"


def test_a_partner_without_an_agreement_in_force_or_inactive_is_refused(clock):
    history = give([], clock)
    assert ask(history, clock, deals=[]).reason == "no_agreement"
    assert ask(history, clock, partner=police(clock, active=False)).reason == "no_agreement"
    assert ask(history, clock, deals=agreements(clock, other=["victim.name"])).reason == "no_agreement"


def test_what_is_left_to_share_after_the_agreement_and_withholdings_decides(clock):
    assert ask(give([], clock), clock, categories=("incident", "contact")).fields == frozenset(
        {"incident.types", "victim.name", "victim.contact"})
    withheld = give([], clock, withheld=("victim.contact", "victim.name"))
    assert ask(withheld, clock, categories=("contact",)).reason == "data_not_covered"
    assert ask(withheld, clock, categories=("contact", "incident")).fields == frozenset({"incident.types"})


def test_valid_consent_covering_partner_purpose_and_every_category_allows(clock):
    history = give([], clock, expires_in=30)
    decision = ask(history, clock, categories=("incident", "contact"))
    assert decision.allowed and decision.consent == history[-1] and decision.agreement.version == 1


def test_the_newest_consent_replaces_the_scope_of_the_last(clock):
    history = give(give([], clock, purposes=("investigation", "support")), clock, purposes=("support",))
    assert [r.version for r in history] == [1, 2]
    assert ask(history, clock).reason == "purpose_not_covered"
