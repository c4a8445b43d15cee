"""Consent records, agreements, minimisation and response targets: the plain rules."""

from __future__ import annotations

from datetime import timedelta

import pytest

from hcs.clock import FakeClock
from referrals.domain.consent import (
    ConsentRuleBroken,
    Scope,
    give_consent,
    in_force,
    notice_expiry,
    withdraw_consent,
)
from referrals.domain.fields import CATEGORIES, FIELDS, split_by_source
from referrals.domain.partners import AgreementRuleBroken, agreement_in_force, make_agreement
from referrals.domain.referral import Referral, Status
from referrals.domain.sharing import CaseData, fields_to_share, project
from referrals.domain.targets import Targets, met_target, response_status

NOW = FakeClock().now()


def consent(history=(), now=NOW, **changes):
    values = {"consent_id": f"c{len(history)}", "case_id": "case-1", "partner": "police",
              "scope": Scope(frozenset({"investigation"}), frozenset({"contact"})), "how": "verbal",
              "wording_version": "v1", "given_at": now, "expires_at": None, "now": now, "recorded_by": "o1"}
    values.update(changes)
    return give_consent(list(history), **values)


def deal(previous=None, **changes):
    values = {"partner": "police", "previous": previous, "lawful_basis": "consent",
              "special_category_condition": None, "purposes": {"investigation": ["victim.name", "incident.types"]},
              "retention_days": 30, "acknowledge_within_hours": 24, "respond_within_hours": 72,
              "effective_from": NOW, "ends_at": None, "document_ref": "ISA-1", "recorded_by": "dpo", "now": NOW}
    values.update(changes)
    return make_agreement(**values)


@pytest.mark.parametrize(("changes", "field"), [
    ({"how": "telepathy"}, "how"),
    ({"given_at": NOW + timedelta(minutes=1)}, "given_at"),
    ({"expires_at": NOW}, "expires_at"),
    ({"scope": Scope(frozenset(), frozenset({"contact"}))}, "purposes"),
    ({"scope": Scope(frozenset({"x"}), frozenset({"gossip"}))}, "data_categories"),
    ({"scope": Scope(frozenset({"x"}), frozenset({"contact"}), frozenset({"victim.shoe_size"}))}, "withhold"),
])
def test_a_consent_the_rules_do_not_allow_names_its_field(changes, field):
    with pytest.raises(ConsentRuleBroken) as err:
        consent(**changes)
    assert err.value.field == field


def test_consent_history_is_versioned_and_withdrawal_or_expiry_is_a_new_record():
    given = consent(expires_at=NOW + timedelta(days=1))
    withdrawn = withdraw_consent([given], consent_id="w", partner="police", how="written",
                                 withdrawn_at=NOW - timedelta(hours=1), now=NOW, recorded_by="o2")
    assert (withdrawn.version, withdrawn.status, withdrawn.withdrawn_at) == (2, "withdrawn", NOW - timedelta(hours=1))
    assert in_force([given, withdrawn], "police", NOW) is None
    again = consent([given, withdrawn], expires_at=NOW + timedelta(days=2))
    assert again.version == 3 and in_force([given, withdrawn, again], "police", NOW) == again
    later = NOW + timedelta(days=3)
    expired = notice_expiry([given, withdrawn, again], consent_id="e", partner="police", now=later,
                            recorded_by="system")
    assert (expired.version, expired.status, expired.withdrawn_at) == (4, "expired", again.expires_at)
    assert notice_expiry([given, withdrawn, again, expired], consent_id="e2", partner="police", now=later,
                         recorded_by="system") is None
    with pytest.raises(ConsentRuleBroken):
        withdraw_consent([given, withdrawn], consent_id="w2", partner="police", how="verbal",
                         withdrawn_at=NOW, now=NOW, recorded_by="o1")


def test_every_catalogue_field_has_a_known_category_and_source():
    assert {f.category for f in FIELDS.values()} == set(CATEGORIES)
    assert split_by_source(["victim.name", "case.strands", "incident.types"]) == (
        ["case.strands"], ["incident.types", "victim.name"])


@pytest.mark.parametrize(("changes", "field"), [
    ({"lawful_basis": "because"}, "lawful_basis"),
    ({"special_category_condition": "curiosity"}, "special_category_condition"),
    ({"purposes": {}}, "purposes"),
    ({"purposes": {"investigation": []}}, "purposes.investigation"),
    ({"purposes": {"investigation": ["victim.bank_account"]}}, "purposes.investigation"),
    ({"acknowledge_within_hours": 80}, "respond_within_hours"),
    ({"ends_at": NOW}, "ends_at"),
])
def test_an_agreement_allows_only_catalogue_fields_and_sane_targets(changes, field):
    with pytest.raises(AgreementRuleBroken) as err:
        deal(**changes)
    assert err.value.field == field


def test_the_agreement_in_force_is_the_newest_already_started_and_not_ended():
    first = deal()
    future = deal(first, effective_from=NOW + timedelta(days=10))
    assert agreement_in_force([first, future], NOW) == first
    assert agreement_in_force([first, future], NOW + timedelta(days=10)) == future
    ending = deal(first, ends_at=NOW + timedelta(days=1))
    assert agreement_in_force([first, ending], NOW + timedelta(days=1)) is None


def test_the_projection_keeps_only_the_allowed_fields_whatever_the_source_answers():
    allowed = fields_to_share(deal(), "investigation", {"contact", "incident"}, {"incident.types"})
    assert allowed == {"victim.name"}
    data = CaseData({"victim.name": "A", "victim.contact": "0700", "case.reference": "C-1"},
                    ({"victim.name": "A", "incident.account": "..."}, {"incident.types": ["graffiti"]}))
    shared = project(data, allowed)
    assert shared.case == {"victim.name": "A"} and shared.reports == [{"victim.name": "A"}]
    assert shared.field_names == {"victim.name"}


def _referral(**changes):
    values = {"referral_id": "r1", "idempotency_key": "k", "case_id": "case-1", "stream": "general_needs",
              "partner": "police", "partner_kind": "police", "purpose": "investigation",
              "data_categories": frozenset({"contact"}), "requested_at": NOW, "requested_by": "o1",
              "consent_id": "c1"}
    values.update(changes)
    return Referral(**values)


def test_response_status_runs_green_amber_red_per_step():
    agreement, targets = deal(), Targets(delivery_within=timedelta(hours=1), amber_fraction=0.75)
    referral = _referral()
    assert response_status(referral, agreement, NOW, targets).rag == "green"
    assert response_status(referral, agreement, NOW + timedelta(minutes=45), targets).rag == "amber"
    assert response_status(referral, agreement, NOW + timedelta(hours=1), targets).rag == "red"
    referral.disclosed(frozenset({"victim.name"}), NOW)
    referral.mark_sent(NOW, "system")
    status = response_status(referral, agreement, NOW + timedelta(hours=17), targets)
    assert (status.waiting_for, status.rag) == ("acknowledgement", "green")
    assert response_status(referral, agreement, NOW + timedelta(hours=18), targets).rag == "amber"
    referral.record_partner_report("acknowledged", NOW + timedelta(hours=2), "partner:police")
    status = response_status(referral, agreement, NOW + timedelta(hours=72), targets)
    assert (status.waiting_for, status.due_at, status.rag) == ("decision", NOW + timedelta(hours=72), "red")
    referral.record_partner_report("accepted", NOW + timedelta(hours=80), "partner:police")
    assert response_status(referral, agreement, NOW + timedelta(days=9), targets).rag is None
    assert met_target(referral, agreement) is False
    assert referral.status is Status.ACCEPTED
