"""A harassment case from report to survey over the real broker and RPC, with the events the other
services receive (issue 4)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import eventlet
from sqlalchemy import update

from cases.adapters.orm import cases as cases_table
from hcs.testing.plugin import publish_event, wait_for
from services.cases.tests.integration.conftest import as_role, report_data

FACTORS = {"victim_vulnerability": 2, "harm": 2, "repeat": 1, "threats": 0, "household_impact": 1}


def event_types(probe, seen):
    seen.extend(probe.messages())
    return [m["event_type"] for m in seen]


def test_a_case_from_report_to_survey(start_cases, amqp_uri, cases_events):
    start_cases()
    seen: list = []
    publish_event(amqp_uri, "report_received", "r-l", report_data("r-l", perpetrator_identified=True,
                                                                   perpetrator_keys=["p:77"]))
    officer = as_role(amqp_uri, "housing_officer", "o-north", streams=("general_needs",))
    senior = as_role(amqp_uri, "senior", "s-north", streams=("general_needs",))
    with officer as o, senior as s:
        case_id = wait_for(lambda: _case_for(o, "r-l"), message="the case")
        case = o.cases.get_case(case_id)
        assert case["officer_id"] == "o-north" and case["risk_provisional"]
        assert "Complete the risk and vulnerability assessment with the victim" in case["prompts"]
        assert [c["case_id"] for c in o.cases.my_cases({})] == [case_id]

        first = o.cases.record_contact(case_id, {"kind": "visit", "party": "victim", "direction": "outbound",
                                                 "summary": "Home visit; safety plan discussed."})
        assert first["first_contact"] and first["within_target"]
        o.cases.choose_update_frequency(case_id, {"every_working_days": 5})
        o.cases.assess_risk(case_id, {"factors": FACTORS, "notes": "Two children at home."})

        repair = o.cases.add_support_action(case_id, {
            "action_type": "target_hardening", "description": "Fireproof letterbox", "agreement": "agreed",
            "job_type": "letterbox_fireproofing", "idempotency_key": "lifecycle-action-1"})
        again = o.cases.add_support_action(case_id, {
            "action_type": "target_hardening", "description": "Fireproof letterbox", "agreement": "agreed",
            "job_type": "letterbox_fireproofing", "idempotency_key": "lifecycle-action-1"})
        assert again["action_id"] == repair["action_id"] and repair["request_id"]

        letter = o.cases.propose_perpetrator_action(case_id, {"remedy": "warning_letter", "victim_view": "agreed",
                                                              "perpetrator_key": "p:77"})
        s.cases.progress_perpetrator_action(case_id, letter["action_id"], {"status": "approved"})
        o.cases.progress_perpetrator_action(case_id, letter["action_id"], {"status": "served"})
        o.cases.progress_perpetrator_action(case_id, letter["action_id"], {"status": "ended",
                                                                           "note": "No further incidents."})

        conference = o.cases.schedule_conference(case_id, {
            "scheduled_for": (datetime.now(UTC) + timedelta(days=2)).isoformat(), "purpose": "Plan with police",
            "attendees": [{"agency": "police", "role": "neighbourhood officer"}], "victim_consented": True})
        o.cases.record_conference(case_id, conference["conference_id"], {
            "held_at": datetime.now(UTC).isoformat(), "minutes": "Police to patrol.",
            "actions": [{"description": "Extra patrols", "owner": "police"}]})

        s.cases.record_review(case_id, {"kind": "officer_senior", "factors": FACTORS, "notes": "Plan agreed."})
        o.cases.complete_action(case_id, repair["action_id"], {"note": "Fitted."})

        request = o.cases.request_closure(case_id, {
            "outcome": "resolved", "note": "No incidents for eight weeks; victim feels safe.",
            "checklist": {"victim_told": True, "actions_ended": True, "referrals_closed": True}})
        queue = s.cases.team_queue({})
        assert [a["approval_id"] for a in queue["pending_approvals"]] == [request["approval_id"]]
        s.cases.decide_approval(request["approval_id"], {"decision": "approve"})
        closed = o.cases.get_case(case_id)
        assert closed["status"] == "closed" and closed["survey"]["status"] == "sent"
        o.cases.record_survey_answers(case_id, {"tp12": "fairly_satisfied", "kept_informed": True})

    wanted = {"case_opened", "risk_assessed", "case_allocated", "contact_recorded", "action_agreed",
              "repair_requested", "perpetrator_action_recorded", "review_recorded", "action_completed",
              "case_closed", "survey_answered", "community_trigger_flagged"}
    wait_for(lambda: wanted <= set(event_types(cases_events, seen)), message="every event relayed")
    closed_event = next(m for m in seen if m["event_type"] == "case_closed")
    assert closed_event["data"]["approved_by"] == "s-north" and closed_event["data"]["hate_incident"] is True
    kinds = [t["kind"] for t in closed["timeline"]]
    assert kinds[0] == "survey_due" and kinds[-1] == "case_opened" and "conference" in kinds


def test_overdue_reviews_become_reminders_once(start_cases, amqp_uri, cases_events):
    _, engine = start_cases()
    seen: list = []
    publish_event(amqp_uri, "report_received", "r-o", report_data("r-o"))
    with as_role(amqp_uri, "senior", "s-north") as s:
        case_id = wait_for(lambda: _case_for(s, "r-o"), message="the case")
        with engine.begin() as conn:
            conn.execute(update(cases_table).where(cases_table.c.case_id == case_id).values(
                officer_review_due_at=datetime.now(UTC) - timedelta(days=1)))
        wait_for(lambda: "review_overdue" in event_types(cases_events, seen), message="the reminder")
        eventlet.sleep(1.0)  # five more timer ticks: proving a reminder is *not* sent again needs time to pass
        queue = s.cases.team_queue({})
        overdue = s.cases.overdue_work({})
    assert [i["kind"] for i in queue["work_items"]].count("review_overdue") == 1
    assert any(o["what"] == "officer_senior_review" and o["case_id"] == case_id for o in overdue)
    event_types(cases_events, seen)
    assert [m["event_type"] for m in seen].count("review_overdue") == 1  # not again at every tick


def _case_for(rpc, report_id):
    from hcs.errors import NotFound

    try:
        return rpc.cases.case_for_report(report_id)["case_id"]
    except NotFound:
        return None
