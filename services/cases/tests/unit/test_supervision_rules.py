"""Approvals, closure, the survey, the Community Trigger, review cadence and access (POL-7, POL-8;
code 1.4.7)."""

from datetime import UTC, datetime, timedelta

import pytest

from cases.domain.access import Right, refusal
from cases.domain.approvals import Approval, ApprovalRules
from cases.domain.errors import CaseRuleBroken, IllegalTransition, InvalidCommand
from cases.domain.reviews import ReviewCadence
from cases.domain.survey import Survey, survey_on_closure
from cases.domain.trigger import CommunityTriggerRule
from hcs.auth import Caller

NOW = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)


def approval(kind="closure", roles=("manager", "senior")):
    return Approval("ap1", "c1", kind, "o1", NOW, {"outcome": "resolved"}, list(roles))


def test_an_approval_is_decided_by_an_allowed_role_and_never_by_the_requester():
    with pytest.raises(CaseRuleBroken):
        approval().decide(True, "o1", "senior", NOW, None)
    with pytest.raises(CaseRuleBroken):
        approval(roles=("manager",)).decide(True, "s1", "senior", NOW, None)
    with pytest.raises(InvalidCommand):
        approval().decide(False, "s1", "senior", NOW, "")
    a = approval()
    a.decide(True, "s1", "senior", NOW, None)
    assert (a.status, a.decided_by) == ("approved", "s1")
    with pytest.raises(IllegalTransition):
        a.decide(False, "m1", "manager", NOW, "changed my mind")


def test_no_further_action_on_a_hate_incident_is_a_managers_decision_by_default():
    rules = ApprovalRules()
    assert rules.approvers("no_further_action", hate_incident=True) == {"manager"}
    assert rules.approvers("no_further_action", hate_incident=False) == {"senior", "manager"}
    assert rules.approvers("closure", hate_incident=True) == {"senior", "manager"}
    with pytest.raises(ValueError):
        ApprovalRules({"closure": frozenset({"housing_officer"})})


def test_the_survey_is_sent_on_closure_and_answered_once_TP12():
    survey = survey_on_closure("c1", True, NOW)
    with pytest.raises(InvalidCommand):
        survey.record(None, None, None, None, False, "o1", NOW)
    survey.record("fairly_satisfied", True, None, None, False, "o1", NOW)
    assert (survey.status, survey.tp12) == ("answered", "fairly_satisfied")
    with pytest.raises(CaseRuleBroken):
        survey.record("very_satisfied", None, None, None, False, "o1", NOW)
    assert survey_on_closure("c2", False, NOW).status == "not_sent"
    declined = Survey("c3", "sent", NOW)
    declined.record(None, None, None, None, True, "o1", NOW)
    assert declined.status == "declined" and declined.tp12 is None


def test_the_community_trigger_counts_reports_in_the_window_or_one_hate_incident():
    rule = CommunityTriggerRule()
    days = [NOW - timedelta(days=d) for d in (1, 50, 170)]
    assert rule.reason(days, [], NOW) == "3 reports about this household in 6 months"
    assert rule.reason([*days[:2], NOW - timedelta(days=200)], [], NOW) is None
    assert rule.reason(days[:1], days[:1], NOW) == "1 hate incident reported"
    assert CommunityTriggerRule(hate_incidents=0).reason(days[:1], days[:1], NOW) is None
    assert CommunityTriggerRule(reports=2, months=1).reason(days[:1] * 2, [], NOW) is not None


def test_review_cadence_follows_risk_POL_8():
    cadence = ReviewCadence()
    assert cadence.due_after("officer_senior", NOW, "high") == NOW + timedelta(days=14)
    assert cadence.due_after("officer_senior", NOW, "medium") == NOW + timedelta(days=28)
    assert cadence.due_after("officer_senior", NOW, "standard") == NOW + timedelta(days=56)
    assert cadence.due_after("senior_manager", NOW, "high") == NOW + timedelta(days=28)
    custom = ReviewCadence(officer_senior_days={"high": 7, "medium": 14, "standard": 28})
    assert custom.due_after("officer_senior", NOW, "high") == NOW + timedelta(days=7)
    with pytest.raises(ValueError):
        ReviewCadence(officer_senior_days={"high": 0, "medium": 14, "standard": 28})


class Scope:
    stream, team, officer_id = "general_needs", "north", "o1"


def who(role, user="x", team="north", streams=("general_needs",)):
    return Caller(user, role, team, frozenset(streams))


@pytest.mark.parametrize("person,right,allowed", [
    (who("housing_officer", "o1"), Right.WORK, True),            # the case's officer
    (who("housing_officer", "o2"), Right.READ, True),            # a colleague in the team reads
    (who("housing_officer", "o2"), Right.LOG_CONTACT, True),     # ... and logs a contact when covering
    (who("housing_officer", "o2"), Right.WORK, False),           # ... but does not run the case
    (who("housing_officer", "o1"), Right.ALLOCATE, False),
    (who("senior"), Right.SUPERVISE, True),
    (who("senior"), Right.MANAGE, False),                        # senior-manager reviews are a manager's
    (who("senior", team="south"), Right.READ, False),            # another team
    (who("manager", team="south"), Right.MANAGE, True),          # managers oversee every team
    (who("manager", streams=("care_support",)), Right.READ, False),  # another stream, POL-7
    (who("data_protection_officer", team=None), Right.READ, True),
    (who("data_protection_officer", team=None), Right.WORK, False),
    (who("board_member"), Right.READ, False),
    (who("operations_director"), Right.READ, False),
    (who("partner"), Right.READ, False),
])
def test_who_may_do_what_to_a_case(person, right, allowed):
    assert (refusal(person, Scope(), right) is None) is allowed
