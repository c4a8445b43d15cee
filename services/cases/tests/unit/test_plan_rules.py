"""The action plan (POL-3), perpetrator remedies (POL-4; code 1.4.1, 1.5.1) and conferences (POL-5)."""

from datetime import UTC, date, datetime, timedelta

import pytest

from cases.domain.actions import new_action
from cases.domain.conferences import schedule
from cases.domain.errors import CaseRuleBroken, IllegalTransition, InvalidCommand
from cases.domain.remedies import propose, without_notice_prompt

NOW = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)


def action(action_type="counselling_referral", has_address=True, due_at=None):
    return new_action("a1", "c1", action_type, "Refer to counselling", "o1", due_at, NOW, "o1", {}, has_address)


def test_an_action_waits_for_the_victims_agreement_before_it_proceeds_POL_3():
    a = action()
    with pytest.raises(CaseRuleBroken, match="agreement"):
        a.complete("o1", NOW)
    a.record_agreement("agreed", "o1", NOW)
    a.complete("o1", NOW, "first session booked")
    assert (a.status, a.agreement) == ("completed", "agreed")
    assert [h["status"] for h in a.history] == ["proposed", "agreed", "completed"]


def test_an_action_the_victim_declined_never_proceeds_and_their_own_wish_does():
    declined = action()
    declined.record_agreement("declined", "o1", NOW)
    with pytest.raises(IllegalTransition):
        declined.complete("o1", NOW)
    with pytest.raises(CaseRuleBroken):
        declined.record_agreement("agreed", "o1", NOW)  # the answer is recorded once
    own = action()
    own.record_agreement("victim_own_wish", "o1", NOW)
    assert own.status == "agreed"


def test_an_action_is_cancelled_with_a_reason_and_not_due_in_the_past():
    a = action()
    with pytest.raises(InvalidCommand):
        a.cancel("o1", NOW, "  ")
    a.cancel("o1", NOW, "victim moved away")
    assert not a.is_open
    with pytest.raises(InvalidCommand):
        action(due_at=NOW - timedelta(days=1))


def test_which_actions_need_repairs_or_a_partner():
    assert action("damage_repair").needs_repair and action("target_hardening").needs_repair
    assert action("police_report").partner_kind == "police"
    assert action("interpreter").partner_kind == "interpreting"
    assert action("permanent_transfer").partner_kind is None
    with pytest.raises(CaseRuleBroken, match="address"):
        action("damage_repair", has_address=False)


def remedy(name="warning_letter", view="agreed", hate=False, threats=False, **kw):
    return propose("p1", "c1", name, perpetrator_key="p:1", victim_view=view, reason=kw.pop("reason", None),
                   by="o1", at=NOW, hate_incident=hate, threats_by_identified=threats, **kw)


def test_a_court_order_moves_through_its_statuses_with_dates():
    order = remedy("civil_injunction")
    for status, by in (("approved", "s1"), ("served", "o1"), ("granted", "o1"), ("breached", "o1"),
                       ("breached", "o1")):
        order.progress(status, by, NOW, None, date(2028, 11, 1) if status == "granted" else None)
    assert (order.status, order.breaches, order.expires_on) == ("breached", 2, date(2028, 11, 1))
    order.progress("ended", "o1", NOW, "order expired", None)
    assert [h["status"] for h in order.history] == ["proposed", "approved", "served", "granted", "breached",
                                                     "breached", "ended"]
    assert order.is_settled


@pytest.mark.parametrize("name,step", [
    ("warning_letter", "granted"),          # a letter is never granted
    ("police_referral", "breached"),        # a referral is not breached
    ("civil_injunction", "served"),         # not before approval
])
def test_illegal_steps_are_refused(name, step):
    with pytest.raises(IllegalTransition):
        remedy(name).progress(step, "s1", NOW, None, None)


def test_approval_is_by_someone_other_than_the_proposer_and_ending_needs_a_reason():
    with pytest.raises(CaseRuleBroken):
        remedy().progress("approved", "o1", NOW, None, None)
    with pytest.raises(InvalidCommand):
        remedy().progress("ended", "s1", NOW, None, None)


def test_mediation_is_never_imposed_on_the_victim_of_a_hate_incident():
    with pytest.raises(CaseRuleBroken, match="mediation"):
        remedy("mediation", view="agreed", hate=True)
    assert remedy("mediation", view="victim_own_wish", hate=True).status == "proposed"
    assert remedy("mediation", view="agreed", hate=False).status == "proposed"


def test_a_without_notice_injunction_needs_threats_by_an_identifiable_perpetrator_code_1_4_1():
    with pytest.raises(CaseRuleBroken, match="without-notice"):
        remedy("civil_injunction_without_notice")
    injunction = remedy("civil_injunction_without_notice", threats=True)
    assert without_notice_prompt(True, [])
    assert not without_notice_prompt(True, [injunction])
    assert not without_notice_prompt(False, [])


def test_going_ahead_against_the_victims_wishes_needs_a_reason_POL_4():
    with pytest.raises(InvalidCommand) as bad:
        remedy(view="declined")
    assert bad.value.field == "reason"
    assert remedy(view="declined", reason="Other tenants in the block are at risk.").victim_view == "declined"


def test_legacy_orders_are_recorded_as_historic_only():
    with pytest.raises(CaseRuleBroken, match="no longer exists"):
        remedy("asbo_legacy")
    historic = remedy("asbo_legacy", historic_status="granted")
    historic.progress("ended", "o1", NOW, "expired", None)
    with pytest.raises(InvalidCommand):
        remedy("warning_letter", historic_status="granted")


def test_a_conference_with_another_agency_needs_the_victims_consent_POL_5():
    police = [{"agency": "police", "role": "PC"}, {"agency": "landlord", "role": "officer"}]
    with pytest.raises(InvalidCommand) as bad:
        schedule("k1", "c1", NOW + timedelta(days=3), police, "plan", False, "o1", NOW)
    assert bad.value.field == "victim_consented"
    internal = schedule("k1", "c1", NOW + timedelta(days=3), [{"agency": "counsel", "role": "barrister"}],
                        "advice", False, "o1", NOW)
    internal.hold(NOW, "Counsel advised an injunction.", None, [{"description": "apply", "owner": "o1"}], NOW)
    assert internal.status == "held"
    with pytest.raises(IllegalTransition):
        internal.cancel("too late")
