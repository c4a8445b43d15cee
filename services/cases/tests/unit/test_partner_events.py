"""Repairs' and referrals' events about a case: the timeline, the closure checklist, escalation of a
repair past its 24-hour target to the officer's senior (POL-6), and a referral refused for want of
consent put in front of the officer (POL-5)."""

from datetime import timedelta

import pytest

from cases.service_layer import actions, intake_events, partner_events
from cases.service_layer.case_effects import report_repair_id


@pytest.fixture
def case(uow, settings, make):
    uow.staff.add(make.staff("s1", role="senior"))
    uow.staff.add(make.staff("o1", reports_to="s1"))
    with uow:
        intake_events.take_report(uow, make.report("r1", damage={"description": "graffiti", "location": None}),
                                  settings)
        uow.commit()
    [case] = uow.cases.cases.values()
    return case


def job(case, event_type, **kw):
    at = case.received_at + timedelta(hours=25)
    data = {"job_id": "j1", "case_id": case.case_id, "stream": "general_needs",
            "target_at": case.received_at + timedelta(hours=24), "at": at, "contractor": "reference"}
    data.update(kw)
    return data


def apply(uow, fn, *args):
    with uow:
        result = fn(uow, *args)
        uow.commit()
    return result


def test_a_repair_past_its_24_hour_target_is_escalated_to_the_officers_senior(uow, case):
    created = job(case, "job_created", request_id=report_repair_id("r1"), created_at=case.received_at)
    apply(uow, partner_events.on_job_event, "job_created", created)
    assert uow.repairs.get(report_repair_id("r1"))["job_id"] == "j1"
    breached = job(case, "job_sla_breached", milestone="make_safe_or_complete")
    apply(uow, partner_events.on_job_event, "job_sla_breached", breached)
    apply(uow, partner_events.on_job_event, "job_sla_breached", breached)  # redelivered: one item
    [item] = uow.work.open_items("repair_sla_breached")
    assert item.assignee_id == "s1" and item.ref_id == "j1"
    apply(uow, partner_events.on_job_event, "job_completed", job(case, "job_completed", within_target=False))
    assert not uow.work.open_items("repair_sla_breached")
    summaries = [e.summary for e in uow.cases.timeline_for(case.case_id)]
    assert any("missed its 24-hour target" in s for s in summaries)
    assert any("completed after the 24-hour target" in s for s in summaries)


def test_a_completed_job_completes_the_repair_action_it_came_from(uow, settings, make, case):
    officer = make.person("o1")
    action = actions.add_action(uow, officer, case.case_id, {
        "action_type": "target_hardening", "description": "Fit door chain and spy hole", "owner_id": None,
        "due_at": None, "agreement": "agreed", "agreement_note": None, "location": None, "job_type": None,
        "access_notes": None, "idempotency_key": None}, settings)
    apply(uow, partner_events.on_job_event, "job_created",
          job(case, "job_created", job_id="j2", request_id=action.request_id, created_at=case.received_at))
    apply(uow, partner_events.on_job_event, "job_completed", job(case, "job_completed", job_id="j2",
                                                                   within_target=True))
    assert uow.actions.get(action.action_id).status == "completed"
    assert uow.outbox.types()[-1] == "action_completed"


def referral(case, **kw):
    data = {"referral_id": "ref-1", "case_id": case.case_id, "stream": "general_needs", "partner": "met-police",
            "partner_kind": "police", "purpose": "police_report", "requested_at": case.received_at,
            "at": case.received_at, "request_id": None}
    data.update(kw)
    return data


def test_referrals_keep_the_closure_checklist_true(uow, case):
    apply(uow, partner_events.on_referral_event, "referral_requested", referral(case))
    assert uow.referrals.open_count(case.case_id) == 1
    apply(uow, partner_events.on_referral_event, "referral_accepted", referral(case))
    apply(uow, partner_events.on_referral_event, "referral_done", referral(case))
    apply(uow, partner_events.on_referral_event, "referral_accepted", referral(case))  # late: stays done
    assert uow.referrals.open_count(case.case_id) == 0
    assert uow.referrals.rows["ref-1"]["status"] == "done"


def test_a_referral_refused_for_want_of_consent_goes_to_the_officer_POL_5(uow, settings, make, case):
    officer = make.person("o1")
    action = actions.add_action(uow, officer, case.case_id, {
        "action_type": "counselling_referral", "description": "Counselling", "owner_id": None, "due_at": None,
        "agreement": "agreed", "agreement_note": None, "location": None, "job_type": None, "access_notes": None,
        "idempotency_key": None}, settings)
    refused = {"case_id": case.case_id, "stream": "general_needs", "partner": "talk-well", "purpose": "counselling",
               "reason": "no_consent", "refused_at": case.received_at, "referral_id": None,
               "request_id": action.request_id}
    apply(uow, partner_events.on_referral_event, "referral_refused", refused)
    [item] = uow.work.open_items("referral_refused")
    assert item.assignee_id == "o1" and "consent" in item.summary
    assert uow.referrals.open_count(case.case_id) == 0


def test_events_about_a_case_cases_does_not_hold_are_ignored(uow, case):
    assert apply(uow, partner_events.on_referral_event, "referral_done", referral(case, case_id="other")) == \
        "unknown case"
