"""What of a case a subject access request discloses, by the requester's role in it
(``cases.domain.disclosure``; DPA 2018 sch. 2 paras 2 and 16)."""

from __future__ import annotations

import json

from cases.domain.disclosure import PERPETRATOR, STAFF, VICTIM, WITNESS, disclose_case, staff_as_roles

CASE = {"case_id": "c-1", "stream": "general_needs", "status": "closed", "opened_at": "2026-11-20T10:00:00+00:00",
        "closed_at": "2026-12-20T10:00:00+00:00", "outcome": "resolved", "hate_incident": True, "strands": ["race"],
        "officer_id": "officer-7", "household_key": "k123", "preference_match": {"sex": "female"},
        "address": {"uprn": "100023336956"}, "closure": {"note": "Victim feels safe.", "requested_by": "officer-7"}}
RECORDS = {
    "reports": [{"report_id": "r-1", "triage": "hate_incident"}],
    "risk_assessments": [{"assessment_id": "a-1", "notes": "Two children at home.", "assessed_by": "officer-7"}],
    "support_actions": [{"action_id": "s-1", "description": "Fit a letterbox guard", "created_by": "officer-7",
                         "history": [{"status": "agreed", "at": "2026-11-21", "by": "officer-7"}]}],
    "perpetrator_actions": [
        {"action_id": "p-1", "remedy": "warning_letter", "status": "served", "perpetrator_key": "kGARY",
         "victim_view": "agreed", "reason": "Gary Black sprayed graffiti", "proposed_by": "officer-7",
         "history": [{"status": "served", "at": "2026-11-25", "by": "senior-7", "note": "Served by hand on Gary"}]},
        {"action_id": "p-2", "remedy": "civil_injunction", "status": "proposed", "perpetrator_key": "kOTHER",
         "victim_view": "agreed", "reason": "Someone else", "proposed_by": "officer-7", "history": []}],
    "contacts": [
        {"contact_id": "t-1", "party": "victim", "summary": "Home visit; safety plan.", "kind": "visit",
         "recorded_by": "officer-7"},
        {"contact_id": "t-2", "party": "alleged_perpetrator", "summary": "Warned Gary Black.", "kind": "phone",
         "recorded_by": "officer-7"},
        {"contact_id": "t-3", "party": "witness", "summary": "Wendy will give a statement.", "kind": "phone",
         "recorded_by": "officer-7"}],
    "reviews": [{"review_id": "v-1", "notes": "Risk falling.", "reviewer_id": "senior-7"}],
    "timeline": [{"kind": "case_opened", "summary": "Case opened", "actor": "system"}],
    "survey": {"tp12": "fairly_satisfied", "recorded_by": "officer-7"},
}


def test_the_victim_gets_their_case_and_plan_but_not_who_action_is_taken_against_or_why():
    shown = disclose_case(CASE, RECORDS, {VICTIM}, set())
    text = json.dumps(shown.content)
    assert shown.content["case"]["preference_match"] == {"sex": "female"}  # their own special category data
    assert "household_key" not in shown.content["case"] and "officer-7" not in text and "senior-7" not in text
    assert shown.content["support_actions"][0]["description"] == "Fit a letterbox guard"
    assert shown.content["risk_assessments"][0]["notes"] == "Two children at home."
    assert [a["remedy"] for a in shown.content["perpetrator_actions"]] == ["warning_letter", "civil_injunction"]
    for secret in ("Gary", "kGARY", "Wendy", "Someone else"):
        assert secret not in text, secret
    contacts = {c["contact_id"]: c for c in shown.content["contacts"]}
    assert contacts["t-1"]["summary"] == "Home visit; safety plan." and "summary" not in contacts["t-2"]
    assert shown.content["survey"]["tp12"] == "fairly_satisfied"
    assert any("risk_assessments notes" in r for r in shown.review)


def test_an_alleged_perpetrator_gets_the_action_against_them_and_their_contacts_only():
    shown = disclose_case(CASE, RECORDS, {PERPETRATOR}, {"kGARY"})
    assert set(shown.content["case"]) == {"case_id", "status", "opened_at", "closed_at"}
    [action] = shown.content["actions_against_you"]
    assert action["remedy"] == "warning_letter" and action["history"] == [{"status": "served", "at": "2026-11-25"}]
    assert [c["contact_id"] for c in shown.content["contacts"]] == ["t-2"]
    text = json.dumps(shown.content)
    for victims in ("Home visit", "letterbox", "children", "race", "100023336956", "Wendy", "civil_injunction"):
        assert victims not in text, victims
    assert any("sch. 2 para 2" in r for r in shown.review) and any("someone else" in w for w in shown.withheld)


def test_a_witness_gets_the_witness_contacts_flagged_for_review():
    shown = disclose_case(CASE, RECORDS, {WITNESS}, set())
    assert [c["contact_id"] for c in shown.content["contacts"]] == ["t-3"]
    assert any("another witness" in r for r in shown.review) and "support_actions" not in shown.content


def test_staff_are_named_by_role_however_deep():
    assert staff_as_roles({"by": "senior-7", "history": [{"by": "officer-7", "status": "x"}], "officer_id": None}) == {
        "by": STAFF, "history": [{"by": STAFF, "status": "x"}], "officer_id": None}
