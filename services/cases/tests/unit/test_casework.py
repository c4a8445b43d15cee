"""Commands on a case through the service layer, with fakes: contacts and targets, the action plan,
remedies, classification with approval, reviews, closure and the survey (issue 4)."""

from datetime import timedelta

import pytest

from cases.service_layer import (
    actions,
    allocation,
    approvals,
    classification,
    contacts,
    intake_events,
    remedies,
    reviews,
    risk,
    survey,
)
from hcs.errors import Conflict, Forbidden, NotFound, ValidationFailed

FACTORS = {"victim_vulnerability": 2, "harm": 2, "repeat": 1, "threats": 0, "household_impact": 1}


@pytest.fixture
def case_id(uow, settings, make):
    uow.staff.add(make.staff("s1", role="senior"))
    uow.staff.add(make.staff("o1", reports_to="s1"))
    uow.staff.add(make.staff("o2", reports_to="s1", patches=["N1-A"]))
    with uow:
        intake_events.take_report(uow, make.report("r1", damage=None), settings)
        uow.commit()
    [case] = uow.cases.cases.values()
    assert case.officer_id == "o1"
    uow.outbox.events.clear()
    return case.case_id


@pytest.fixture
def officer(make):
    return make.person("o1")


@pytest.fixture
def senior(make):
    return make.person("s1", "senior")


@pytest.fixture
def manager(make):
    return make.person("m1", "manager", team="head-office")


def contact(**kw):
    data = {"kind": "phone", "party": "victim", "direction": "outbound", "successful": True,
            "summary": "Spoke to the victim about safety.", "contacted_at": None, "corrects": None,
            "idempotency_key": None}
    data.update(kw)
    return data


def test_first_contact_meets_the_target_and_starts_the_update_clock(uow, settings, officer, case_id, clock):
    clock.advance(hours=3)
    attempt = contacts.record_contact(uow, officer, case_id, contact(successful=False), settings)
    assert not attempt.first_contact  # an unanswered call does not stop the clock
    made = contacts.record_contact(uow, officer, case_id, contact(), settings)
    assert made.first_contact and made.within_target
    case = uow.cases.get(case_id)
    assert case.first_contact_at == clock.now()
    assert case.next_update_due_at == settings.policy.calendar.add_working_days(clock.now(), 10)
    assert [e.data["first_contact"] for e in uow.outbox.events] == [False, True]


def test_a_colleague_may_log_a_contact_but_not_run_the_case(uow, settings, make, case_id):
    colleague = make.person("o2")
    contacts.record_contact(uow, colleague, case_id, contact(party="witness"), settings)
    with pytest.raises(Forbidden):
        risk.assess_risk(uow, colleague, case_id, {"factors": FACTORS}, settings)
    assert uow.audit.entries[-1].outcome == "refused"


def test_a_late_first_contact_is_recorded_as_outside_the_target(uow, settings, officer, case_id, clock):
    clock.advance(days=3)
    made = contacts.record_contact(uow, officer, case_id, contact(kind="visit"), settings)
    assert made.first_contact and made.within_target is False


def test_a_contact_in_the_future_is_refused_and_nothing_is_written(uow, settings, officer, case_id, clock):
    with pytest.raises(ValidationFailed) as bad:
        contacts.record_contact(uow, officer, case_id, contact(contacted_at=clock.now() + timedelta(days=1)),
                                settings)
    assert "contacted_at" in bad.value.fields
    assert uow.contacts.all() == [] and uow.outbox.events == []
    assert uow.audit.entries[-1].outcome == "rejected"


def test_an_idempotency_key_makes_a_retried_contact_one_contact(uow, settings, officer, case_id):
    first = contacts.record_contact(uow, officer, case_id, contact(idempotency_key="key-000001"), settings)
    again = contacts.record_contact(uow, officer, case_id, contact(idempotency_key="key-000001"), settings)
    assert first.contact_id == again.contact_id and len(uow.contacts.all()) == 1


def add_action(uow, settings, who, case_id, **kw):
    data = {"action_type": "damage_repair", "description": "Replace the front door glass", "owner_id": None,
            "due_at": None, "agreement": None, "agreement_note": None, "location": "front door", "job_type": "glazing",
            "access_notes": None, "idempotency_key": None}
    data.update(kw)
    return actions.add_action(uow, who, case_id, data, settings)


def test_a_repair_action_asks_repairs_only_once_the_victim_agreed_POL_3_POL_6(uow, settings, officer, case_id):
    action = add_action(uow, settings, officer, case_id)
    assert action.status == "proposed" and "repair_requested" not in uow.outbox.types()
    with pytest.raises(Conflict):
        actions.complete(uow, officer, case_id, action.action_id, {"note": None})
    agreed = actions.record_agreement(uow, officer, case_id, action.action_id, {"agreement": "agreed", "note": None})
    assert agreed.request_id is not None
    assert uow.outbox.types() == ["action_agreed", "repair_requested"]
    repair = uow.outbox.events[1].data
    assert repair["action_id"] == action.action_id and repair["job_type"] == "glazing"


def test_a_declined_action_never_asks_anyone(uow, settings, officer, case_id):
    action = add_action(uow, settings, officer, case_id, action_type="police_report",
                        description="Report to the police on the victim's behalf", agreement="declined")
    assert action.status == "declined" and uow.outbox.types() == ["action_agreed"]
    assert uow.outbox.events[0].data["agreement"] == "declined"


def test_a_police_report_becomes_a_partner_referral_request_for_the_consent_gate_POL_5(
        uow, settings, officer, case_id):
    action = add_action(uow, settings, officer, case_id, action_type="police_report",
                        description="Report to the police on the victim's behalf", agreement="agreed")
    [request] = [e.data for e in uow.outbox.events if e.event_type == "partner_referral_requested"]
    assert request["partner_kind"] == "police" and request["requested_by"] == "o1"
    assert uow.referrals.open_count(case_id) == 1
    actions.cancel(uow, officer, case_id, action.action_id, {"reason": "victim changed her mind"})
    assert uow.referrals.open_count(case_id) == 0


def request_recategorisation(uow, settings, who, case_id, **kw):
    data = {"hate_incident": False, "strands": [], "asb_category": "personal",
            "rationale": "Investigation found no hostility based on race.", "idempotency_key": None}
    data.update(kw)
    return classification.propose(uow, who, case_id, data, settings)


def test_a_hate_flag_is_removed_only_with_a_rationale_and_a_seniors_approval_POL_2(
        uow, settings, officer, senior, case_id):
    with pytest.raises(ValidationFailed):
        request_recategorisation(uow, settings, officer, case_id, rationale="no")
    case, approval = request_recategorisation(uow, settings, officer, case_id)
    assert approval is not None and case.hate_incident  # nothing changes until approved
    assert uow.work.open_items("approval_requested")[0].assignee_id == "s1"
    with pytest.raises(Forbidden):
        approvals.decide(uow, officer, approval.approval_id, {"decision": "approve", "note": None}, settings)
    decided = approvals.decide(uow, senior, approval.approval_id, {"decision": "approve", "note": None}, settings)
    assert decided.status == "approved"
    case = uow.cases.get(case_id)
    assert not case.hate_incident and case.asb_category == "personal"
    assert case.original_perception["strands"] == ["race"]  # kept forever
    [event] = [e.data for e in uow.outbox.events if e.event_type == "case_recategorised"]
    assert event["previous_hate_incident"] is True and event["approved_by"] == "s1"
    assert [c.kind for c in uow.cases.changes] == ["perceived", "recategorised"]
    assert not uow.work.open_items("approval_requested")


def test_adding_a_strand_applies_at_once(uow, settings, officer, case_id):
    case, approval = request_recategorisation(uow, settings, officer, case_id, hate_incident=True,
                                              strands=["race", "religion"], asb_category=None)
    assert approval is None and case.strands == ["race", "religion"]


def test_risk_assessment_sets_the_level_and_brings_the_review_forward(uow, settings, officer, case_id):
    before = uow.cases.get(case_id).officer_review_due_at
    assessment = risk.assess_risk(uow, officer, case_id, {"factors": {**FACTORS, "threats": 3}}, settings)
    case = uow.cases.get(case_id)
    assert assessment.level == "high" and case.risk_level == "high" and not case.risk_provisional
    assert case.officer_review_due_at == case.opened_at + timedelta(days=14) < before


def review(kind="officer_senior", factors=FACTORS):
    return {"kind": kind, "factors": factors, "notes": "Discussed at supervision.", "next_steps": None,
            "idempotency_key": None}


def test_an_officer_senior_review_re_runs_the_risk_matrix_POL_8(uow, settings, officer, senior, manager,
                                                                 case_id, clock):
    with pytest.raises(ValidationFailed):
        reviews.record_review(uow, senior, case_id, review(factors=None), settings)
    with pytest.raises(Forbidden):
        reviews.record_review(uow, senior, case_id, review("senior_manager", None), settings)
    clock.advance(days=60)
    done = reviews.record_review(uow, senior, case_id, review(), settings)
    assert done.on_time is False and done.assessment_id is not None and done.officer_id == "o1"
    assert uow.outbox.types() == ["risk_assessed", "review_recorded"]
    summary = reviews.record_review(uow, manager, case_id, review("senior_manager", None), settings)
    assert summary.kind == "senior_manager"
    assert uow.cases.get(case_id).officer_review_due_at == clock.now() + timedelta(days=28)  # medium now


def closure(outcome="resolved", **checklist):
    items = {"victim_told": True, "actions_ended": True, "referrals_closed": True}
    items.update(checklist)
    return {"outcome": outcome, "checklist": items, "note": "Perpetrator moved; victim feels safe.",
            "idempotency_key": None}


def test_closure_needs_the_checklist_and_ended_actions_then_a_seniors_approval(uow, settings, officer, senior,
                                                                               case_id):
    with pytest.raises(ValidationFailed) as bad:
        approvals.request_closure(uow, officer, case_id, closure(victim_told=False), settings)
    assert "checklist.victim_told" in bad.value.fields
    action = add_action(uow, settings, officer, case_id, action_type="counselling_referral",
                        description="Counselling", location=None, job_type=None)
    with pytest.raises(Conflict, match="still open"):
        approvals.request_closure(uow, officer, case_id, closure(), settings)
    actions.cancel(uow, officer, case_id, action.action_id, {"reason": "victim declined later"})
    request = approvals.request_closure(uow, officer, case_id, closure(), settings)
    with pytest.raises(Conflict, match="already waiting"):
        approvals.request_closure(uow, officer, case_id, closure(), settings)
    approvals.decide(uow, senior, request.approval_id, {"decision": "approve", "note": None}, settings)
    case = uow.cases.get(case_id)
    assert case.status == "closed" and case.outcome == "resolved" and case.closure["approved_by"] == "s1"
    assert uow.surveys.get(case_id).status == "sent"
    assert [i.kind for i in uow.work.open_for_case(case_id)] == ["survey_due"]  # everything else resolved
    with pytest.raises(Conflict):
        contacts.record_contact(uow, officer, case_id, contact(), settings)
    answered = survey.record_answers(uow, officer, case_id, {"tp12": "very_satisfied", "kept_informed": True,
                                                             "feels_safer": True, "comments": None, "declined": False})
    assert answered.status == "answered" and not uow.work.open_for_case(case_id)
    assert uow.outbox.types()[-1] == "survey_answered"


def test_no_further_action_on_a_hate_incident_is_for_a_manager(uow, settings, officer, senior, manager, case_id):
    request = approvals.request_closure(uow, officer, case_id, closure("no_further_action"), settings)
    assert request.kind == "no_further_action" and request.approver_roles == ["manager"]
    assert uow.work.open_items("approval_requested")[0].assignee_role == "manager"
    with pytest.raises(Conflict):
        approvals.decide(uow, senior, request.approval_id, {"decision": "approve", "note": None}, settings)
    rejected = approvals.decide(uow, manager, request.approval_id,
                                {"decision": "reject", "note": "Speak to the police first."}, settings)
    assert rejected.status == "rejected" and uow.cases.get(case_id).is_open


def test_a_handover_names_the_previous_officer_for_referrals(uow, settings, senior, officer, case_id):
    with pytest.raises(Forbidden):
        allocation.allocate(uow, officer, case_id, {"officer_id": "o2", "match": None, "note": None}, settings)
    case = allocation.allocate(uow, senior, case_id, {"officer_id": "o2", "match": None, "note": None}, settings)
    assert case.officer_id == "o2"
    [event] = [e.data for e in uow.outbox.events if e.event_type == "case_allocated"]
    assert event["previous_officer_id"] == "o1" and event["officer_id"] == "o2"


def test_only_trained_officers_get_cases_POL_10(uow, settings, senior, make, case_id):
    uow.staff.add(make.staff("new", trained_on=None))
    with pytest.raises(Conflict, match="not trained"):
        allocation.allocate(uow, senior, case_id, {"officer_id": "new", "match": None, "note": None}, settings)


def test_a_request_not_honoured_needs_a_reason_and_is_recorded_POL_3(uow, settings, senior, officer, make, case_id):
    allocation.record_preference(uow, officer, case_id, {"preference": "same_sex", "match": {"sex": "female"}},
                                 settings)
    assert uow.work.open_items("allocation_needed")  # o1 has no recorded sex: the senior is asked
    with pytest.raises(ValidationFailed):
        allocation.allocate(uow, senior, case_id, {"officer_id": "o2", "match": None, "note": None}, settings)
    uow.staff.add(make.staff("f1", sex="female"))
    case = allocation.allocate(uow, senior, case_id, {"officer_id": None, "match": None, "note": None}, settings)
    assert case.officer_id == "f1" and case.preference_honoured is True
    assert not uow.work.open_items("allocation_needed")


def remedy(**kw):
    data = {"remedy": "civil_injunction_without_notice", "victim_view": "agreed", "perpetrator_key": "p:1",
            "reason": None, "historic_status": None, "expires_on": None, "idempotency_key": None}
    data.update(kw)
    return data


def test_perpetrator_actions_follow_the_case_facts_and_approval_rules(uow, settings, officer, senior, case_id):
    with pytest.raises(Conflict, match="without-notice"):
        remedies.propose_action(uow, officer, case_id, remedy())
    with pytest.raises(Conflict, match="mediation"):
        remedies.propose_action(uow, officer, case_id, remedy(remedy="mediation"))
    letter = remedies.propose_action(uow, officer, case_id, remedy(remedy="warning_letter"))
    with pytest.raises(Conflict):
        remedies.progress(uow, officer, case_id, letter.action_id, {"status": "approved", "at": None, "note": None,
                                                                     "expires_on": None}, settings)
    approved = remedies.progress(uow, senior, case_id, letter.action_id,
                                 {"status": "approved", "at": None, "note": None, "expires_on": None}, settings)
    assert approved.status == "approved"
    assert [e.data["status"] for e in uow.outbox.events] == ["proposed", "approved"]


def test_unknown_cases_and_records_are_named(uow, settings, officer, case_id):
    with pytest.raises(NotFound):
        risk.assess_risk(uow, officer, "nope", {"factors": FACTORS}, settings)
    with pytest.raises(ValidationFailed) as bad:
        actions.complete(uow, officer, case_id, "nope", {"note": None})
    assert "action_id" in bad.value.fields
