"""Records shaped exactly as the five services' RPCs answer them (their view schemas), for the
portal's fakes. ``tests/unit/test_contracts.py`` checks every key here against the real views, so a
page tested on these records reads what the services really send."""

from __future__ import annotations

from typing import Any

OPENED = "2026-03-02T10:00:00+00:00"
PAST = "2020-01-01T09:00:00+00:00"
LATER = "2999-01-01T09:00:00+00:00"

RISK: dict[str, Any] = {"assessment_id": "RA-1", "assessed_at": OPENED, "assessed_by": "system", "occasion": "opening",
        "factors": {"victim_vulnerability": 1, "harm": 2, "repeat": 0, "threats": 0, "household_impact": 1},
        "score": 31, "level": "medium", "notes": None, "provisional": True}
ACTION: dict[str, Any] = {
    "action_id": "A-1", "action_type": "damage_repair", "description": "Remove the graffiti", "owner_id": "o-north",
    "status": "proposed", "due_at": None, "created_at": OPENED, "created_by": "o-north", "agreement": None,
    "agreement_at": None, "agreement_by": None, "request_id": None, "completed_at": None,
    "partner_kind": None, "details": {}, "history": []}
REMEDY = {"action_id": "PA-1", "remedy": "warning_letter", "perpetrator_key": None, "victim_view": "agreed",
          "status": "proposed", "proposed_at": OPENED, "proposed_by": "o-north", "reason": None, "expires_on": None,
          "breaches": 0, "history": [{"status": "proposed", "at": OPENED, "by": "o-north", "note": None}]}
APPROVAL = {"approval_id": "AP-1", "case_id": "C-1", "kind": "closure", "status": "pending",
            "requested_by": "o-north", "requested_at": OPENED, "approver_roles": ["manager", "senior"],
            "request": {"outcome": "resolved", "note": "Graffiti gone",
                        "checklist": {"victim_told": True, "actions_ended": True, "referrals_closed": True}},
            "decided_by": None, "decided_at": None, "decision_note": None}
WORK_ITEM = {"item_id": "W-1", "case_id": "C-1", "kind": "review_overdue", "summary": "Officer-senior review overdue",
             "raised_at": OPENED, "team": "north", "assignee_id": None, "assignee_role": "senior", "due_at": PAST,
             "ref_id": None, "resolved_at": None, "resolved_by": None, "resolution": None}
SUMMARY = {
    "case_id": "C-1", "stream": "general_needs", "status": "open", "team": "north", "patch": "E1",
    "officer_id": "o-north", "opened_at": OPENED, "closed_at": None, "hate_incident": True, "strands": ["race"],
    "asb_category": None, "racist": True, "risk_level": "medium", "risk_score": 31, "risk_provisional": True,
    "first_contact_due_at": PAST, "first_contact_at": None, "next_update_due_at": None,
    "officer_review_due_at": LATER, "manager_review_due_at": LATER, "community_trigger_at": OPENED, "outcome": None,
}
CASE: dict[str, Any] = {
    **SUMMARY, "opened_from": "R-1", "received_at": OPENED, "household_key": "hh-1",
    "address": {"postcode": "E1 6AN"},
    "original_perception": {"report_id": "R-1", "triage": "hate_incident", "strands": ["race"], "hate_incident": True,
                            "perceived_by": "victim", "incident_types": ["graffiti"], "recorded_at": OPENED},
    "allocated_at": OPENED, "officer_preference": "not_offered", "preference_honoured": None, "preference_note": None,
    "preference_match": None, "flags": ["repair_needed"], "threats_of_violence": False,
    "perpetrator_identified": False, "anonymous": False, "risk_assessed_at": OPENED, "update_every_working_days": 10,
    "last_update_at": None, "last_officer_review_at": None, "last_manager_review_at": None,
    "community_trigger_reason": "1 hate incident", "closure": None, "version": 3, "report_ids": ["R-1"],
    "prompts": ["Complete the risk and vulnerability assessment with the victim"],
    "reports": [{"report_id": "R-1", "outcome": "opened", "link_reason": None, "triage": "hate_incident",
                 "received_at": OPENED, "withdrawn_at": None, "withdrawn_reason": None, "perceived_by": "victim",
                 "hate_incident": True, "strands": ["race"], "incident_types": ["graffiti"],
                 "flags": ["repair_needed"], "version": 1}],
    "classification_history": [{"at": OPENED, "kind": "opened", "by": "system", "before": None,
                                "after": {"hate_incident": True, "strands": ["race"], "asb_category": None},
                                "rationale": None, "approved_by": None, "report_id": "R-1"}],
    "risk_assessments": [RISK], "support_actions": [ACTION], "perpetrator_actions": [REMEDY], "conferences": [],
    "contacts": [{"contact_id": "K-1", "contacted_at": OPENED, "recorded_at": OPENED, "recorded_by": "o-north",
                  "kind": "phone", "party": "victim", "direction": "outbound", "successful": False,
                  "summary": "No answer", "corrects": None, "first_contact": False, "due_at": None,
                  "within_target": None}],
    "reviews": [], "approvals": [], "work_items": [WORK_ITEM],
    "referrals": [{"ref_key": "RF-1", "request_id": None, "partner": "reference-support",
                   "partner_kind": "victim_support", "purpose": "victim_support_referral", "status": "accepted",
                   "updated_at": OPENED}],
    "repairs": [{"request_id": "RQ-1", "action_id": None, "report_id": "R-1", "job_id": "J-1", "status": "completed",
                 "requested_at": OPENED, "updated_at": OPENED}],
    "survey": None,
    "timeline": [{"at": OPENED, "kind": "case_opened", "summary": "Case opened from report R-1 (hate_incident)",
                  "actor": "system", "ref_id": "R-1"}],
}
STAFF = [{"staff_id": "o-north", "name": "Olu Officer", "role": "housing_officer", "team": "north",
          "patches": ["E1"],
          "streams": ["general_needs", "care_support"], "reports_to": "s-north", "trained_on": "2026-03-01",
          "active": True, "training": "trained", "refresher_due_on": "2027-03-01", "sex": None, "ethnic_origin": None}]

RECEIPT = {"report_id": "R-1", "received_at": OPENED, "version": 1, "duplicate_submission": False,
           "triage": {"outcome": "hate_incident", "asb_category": None,
                      "reasons": ["perceived as racist by the victim"], "strands": ["race"],
                      "perceived_by": "victim", "flags": ["repair_needed"], "possible_duplicate_of": []}}
REPORT = {"report_id": "R-1", "received_at": OPENED, "submitted_by": "o-north", "centre": None, "channel": "phone",
          "stream": "general_needs", "status": "received", "version": 1, "shown_version": 1, "anonymous": False,
          "triage": RECEIPT["triage"], "original_perception": {"strands": ["race"], "perceived_by": "victim"},
          "details": {}, "withdrawal": None, "history": []}
REPORT_LINE = {"report_id": "R-1", "received_at": OPENED, "channel": "phone", "stream": "general_needs",
               "status": "received", "version": 1, "anonymous": False, "centre": None, "triage": "hate_incident",
               "asb_category": None, "strands": ["race"], "flags": ["repair_needed"], "incident_at": OPENED,
               "location_type": "home"}

JOB = {"job_id": "J-1", "request_id": "RQ-1", "case_id": "C-1", "action_id": None, "stream": "general_needs",
       "address": {"uprn": None, "postcode": "E1 6AN", "line": None}, "job_type": "graffiti_removal",
       "priority": "emergency", "description": "Offensive graffiti removal, front door", "location": "front door",
       "contractor": "reference", "status": "dispatched", "reported_at": OPENED, "created_at": OPENED,
       "target_at": "2026-03-03T10:00:00+00:00", "at_risk_at": "2026-03-03T06:00:00+00:00", "accept_by": None,
       "dispatched_at": OPENED, "accepted_at": None, "attended_at": None, "made_safe_at": None, "completed_at": None,
       "follow_on_due_at": None, "no_access_visits": 0, "target": "breached", "target_met": False,
       "follow_on": "not_needed"}
JOB_DETAIL = {**JOB, "access_notes": None, "attributes": {}, "withheld": [], "photos": [],
              "assignments": [{"n": 1, "contractor": "reference", "assigned_at": OPENED, "reason": None,
                               "ended_at": None, "outcome": None}], "cancel_reason": None, "sla_raised": {},
              "updates": [{"channel": "contractor", "kind": "accepted", "actor": "contractor:reference", "at": OPENED,
                           "received_at": OPENED, "outcome": "applied", "reason": None, "notes": None}],
              "messages": [], "deliveries": []}
CONTRACTOR = {"name": "reference", "display_name": "Reference Repairs", "trades": ["general"], "areas": ["E1"],
              "hours": "24/7", "emergency_cover": True, "capacity": 10, "open_jobs": 1}

AGREEMENT = {"version": 1, "lawful_basis": "consent", "special_category_condition": "explicit_consent",
             "purposes": {"victim_support_referral": ["case.reference", "victim.contact", "victim.name"]},
             "retention_days": 365, "acknowledge_within_hours": 24, "respond_within_hours": 72,
             "effective_from": OPENED, "ends_at": None, "document_ref": "isa-reference-1", "recorded_by": "dpo-1",
             "recorded_at": OPENED}
PARTNER = {"code": "reference-support", "name": "Reference Victim Support", "kind": "victim_support",
           "delivery": "webhook", "endpoint": "http://127.0.0.1:8202/referrals", "active": True,
           "registered_at": OPENED, "credentials_set": True, "credentials_rotated_at": None, "agreement": AGREEMENT}
CATALOGUE = {"categories": [{"code": "case", "description": "the landlord's case reference", "sensitive": False},
                            {"code": "contact", "description": "the victim's name and how to contact them safely",
                             "sensitive": False},
                            {"code": "hate_perception", "description": "the hostility perceived", "sensitive": True}],
             "fields": [{"name": "case.reference", "category": "case", "sensitivity": None},
                        {"name": "victim.name", "category": "contact", "sensitivity": None},
                        {"name": "victim.contact", "category": "contact", "sensitivity": None},
                        {"name": "case.strands", "category": "hate_perception", "sensitivity": "special_category"}]}
CONSENT = {"consent_id": "CN-1", "case_id": "C-1", "partner": "reference-support", "version": 1, "status": "given",
           "purposes": ["victim_support_referral"], "data_categories": ["case", "contact"], "withheld_fields": [],
           "how": "verbal", "wording_version": "portal-consent-v1", "given_at": OPENED, "expires_at": None,
           "withdrawn_at": None, "recorded_at": OPENED, "recorded_by": "o-north"}
REFERRAL = {"referral_id": "RF-1", "case_id": "C-1", "stream": "general_needs", "partner": "reference-support",
            "partner_kind": "victim_support", "purpose": "victim_support_referral",
            "data_categories": ["case", "contact"], "status": "sent", "requested_at": OPENED,
            "requested_by": "o-north", "request_id": None, "consent_id": "CN-1", "sent_at": OPENED,
            "acknowledged_at": None, "decided_at": None, "closed_at": None, "reason": None, "delivery_attempts": 1,
            "last_error": None, "response": {"waiting_for": "acknowledgement", "due_at": LATER, "rag": "green"},
            "decided_within_target": None}
DISCLOSURE = {"seq": 1, "disclosure_id": "D-1", "referral_id": "RF-1", "case_id": "C-1", "stream": "general_needs",
              "partner": "reference-support", "purpose": "victim_support_referral",
              "fields_sent": ["case.reference", "victim.name"], "consent_id": "CN-1", "consent_version": 1,
              "agreement_version": 1, "requested_by": "o-north", "disclosed_at": OPENED, "channel": "webhook",
              "attempt": 1}
REFERRAL_DETAIL = {**REFERRAL, "history": [{"status": "sent", "at": OPENED, "by": "system", "reason": None}],
                   "fields_disclosed": ["case.reference", "victim.name"], "disclosures": [DISCLOSURE],
                   "stop_notice": None, "attempts": [{"attempt": 1, "at": OPENED, "status_code": 200, "error": None}],
                   "outcome_note": None, "partner_reference": None, "partner_deleted_at": None}

ARTEFACT = {"artefact_id": "0b0c0c0c-0000-4000-8000-000000000001", "name": "quarterly.pdf",
            "media_type": "application/pdf", "size": 2048, "sha256": "0" * 64, "kind": "pack", "period": "2026-27-Q1",
            "created_at": OPENED}
PACK = {"pack_id": "P-1", "kind": "quarterly", "period": "2026-27-Q1", "title": "Quarterly indicators",
        "audience": "Operations Director", "files": [ARTEFACT]}


def figure(value: int | None, shown: str | None = None) -> dict[str, Any]:
    return {"value": value, "numerator": value, "denominator": None, "shown": shown or str(value)}


INDICATORS = {
    "period": "2026-27-Q1", "period_title": "Quarter 2026-27-Q1 (1 April to 30 June 2026)",
    "period_start": "2026-04-01", "period_end": "2026-07-01", "period_rule": "UK calendar days", "stream": None,
    "streams": ["general_needs", "care_support"], "suppressed": False, "figures_as_at": OPENED,
    "indicators": [
        {"name": "reports_received", "title": "Reports received", "definition": "Reports received.", "source": "POL-7",
         "by_stream": {"general_needs": 3, "care_support": 1}, "total": 4,
         "rows": [{"key": "reports_received", "label": "Reports received", "part_of": None,
                   "general_needs": figure(3), "care_support": figure(1, "<5"), "total": figure(4)}]},
        {"name": "tp12", "title": "TP12 satisfaction", "definition": "Satisfied, of all answers.", "source": "TSM",
         "by_stream": {"general_needs": 0.5, "care_support": None}, "total": 0.5,
         "rows": [{"key": "tp12", "label": "TP12", "part_of": None, "general_needs": figure(1, "50.0% (1 of 2)"),
                   "care_support": figure(None, "*"), "total": figure(1, "50.0% (1 of 2)")}]},
        {"name": "hate_incidents", "title": "Hate incidents by strand", "definition": "By strand.", "source": "POL-2",
         "by_stream": {"general_needs": 2, "care_support": 0}, "total": 2,
         "rows": [{"key": "hate_incidents", "label": "Hate incidents", "part_of": None, "general_needs": figure(2),
                   "care_support": figure(0), "total": figure(2)},
                  {"key": "race", "label": "Race", "part_of": "hate_incidents", "general_needs": figure(2),
                   "care_support": figure(0), "total": figure(2)}]}],
    "reporting_target": None,
}
HOT_SPOTS = {"period": "2026-27-Q1", "previous_period": "2025-26-Q4", "level": "sector", "incidents": "all",
             "areas_with_incidents": 2, "unmapped": figure(0),
             "areas": [{"rank": 1, "area": "E1 6", "incidents": figure(3), "previous": figure(1), "change": 2,
                        "addresses": None, "repeat_addresses": None},
                       {"rank": 2, "area": "E2 7", "incidents": figure(1), "previous": figure(0), "change": 1,
                        "addresses": None, "repeat_addresses": None}],
             "months": [202601, 202602, 202603], "heat": [[1, 2, 0], [0, 0, 1]]}


def _no_view(record: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k not in keys}


# What each RPC answers, for driving the real client modules without a broker (the contract test).
RPC_ANSWERS: dict[tuple[str, str], Any] = {
    ("intake", "submit_report"): RECEIPT, ("intake", "get_report"): REPORT,
    ("intake", "list_reports"): {"reports": [REPORT_LINE], "next_cursor": None},
    ("cases", "get_case"): CASE, ("cases", "case_for_report"): {"report_id": "R-1", "outcome": "opened",
                                                                 "case_id": "C-1", "withdrawn": False},
    ("cases", "my_cases"): [SUMMARY], ("cases", "overdue_work"): [],
    ("cases", "team_queue"): {"team": "north", "unallocated": [], "work_items": [WORK_ITEM],
                              "pending_approvals": [APPROVAL]},
    ("cases", "list_staff"): STAFF, ("cases", "assess_risk"): RISK, ("cases", "allocate_case"): SUMMARY,
    ("cases", "propose_classification"): {"case": SUMMARY, "approval": APPROVAL, "applied": False},
    ("repairs", "list_jobs"): [JOB], ("repairs", "get_job"): JOB_DETAIL, ("repairs", "reassign_job"): JOB_DETAIL,
    ("repairs", "cancel_job"): JOB_DETAIL, ("repairs", "contractor_directory"): [CONTRACTOR],
    ("repairs", "record_contractor_update"): {"job_id": "J-1", "status": "completed", "outcome": "applied",
                                              "duplicate": False},
    ("referrals", "list_partners"): [PARTNER], ("referrals", "get_sharing_catalogue"): CATALOGUE,
    ("referrals", "get_consent_record"): [CONSENT], ("referrals", "record_consent"): [CONSENT],
    ("referrals", "withdraw_consent"): [CONSENT], ("referrals", "list_referrals"): [REFERRAL],
    ("referrals", "get_referral"): REFERRAL_DETAIL,
    ("referrals", "request_referral"): _no_view(REFERRAL, "response", "decided_within_target"),
    ("referrals", "revoke_referral"): _no_view(REFERRAL, "response", "decided_within_target"),
    ("referrals", "referral_board"): {"referrals": [REFERRAL], "by_partner": {}},
    ("referrals", "list_disclosures"): [DISCLOSURE],
    ("reporting", "get_indicators"): INDICATORS, ("reporting", "get_hot_spots"): HOT_SPOTS,
    ("reporting", "list_packs"): [PACK], ("reporting", "generate_pack"): PACK,
    ("reporting", "export_incidents"): ARTEFACT,
    ("reporting", "get_artefact"): {"artefact": ARTEFACT, "content_base64": "JVBERi0=", "next_offset": None},
}
