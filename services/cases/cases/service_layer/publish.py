"""Case events onto the outbox, in the shapes the contracts (hcs.contracts.cases) define. Nothing
here carries names, narratives or special category detail beyond the strands."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from cases.domain.actions import SupportAction
from cases.domain.case import Case
from cases.domain.classification import ClassificationChange
from cases.domain.contacts import Contact
from cases.domain.remedies import PerpetratorAction
from cases.domain.reviews import Review
from cases.domain.risk import RiskAssessment


def _base(case: Case) -> dict[str, Any]:
    return {"case_id": case.case_id, "stream": case.stream, "team": case.team}


def case_opened(uow: Any, case: Case, triage: str) -> None:
    uow.outbox.publish("case_opened", case.case_id, {
        **_base(case), "report_id": case.opened_from, "opened_at": case.opened_at, "triage": triage,
        "hate_incident": case.hate_incident, "strands": case.strands, "asb_category": case.asb_category,
        "risk_level": case.risk_level, "household_key": case.household_key,
        "first_contact_due_at": case.first_contact_due_at})


def report_linked(uow: Any, case: Case, report_id: str, at: datetime) -> None:
    uow.outbox.publish("report_linked", case.case_id, {**_base(case), "report_id": report_id, "linked_at": at})


def recategorised(uow: Any, case: Case, change: ClassificationChange) -> None:
    before = change.before or {"hate_incident": False, "strands": []}
    uow.outbox.publish("case_recategorised", case.case_id, {
        **_base(case), "recategorised_at": change.at, "hate_incident": case.hate_incident, "strands": case.strands,
        "asb_category": case.asb_category, "previous_hate_incident": before["hate_incident"],
        "previous_strands": before["strands"], "approved_by": change.approved_by or change.by})


def risk_assessed(uow: Any, case: Case, assessment: RiskAssessment) -> None:
    uow.outbox.publish("risk_assessed", case.case_id, {
        **_base(case), "assessed_at": assessment.assessed_at, "level": assessment.level, "score": assessment.score})


def allocated(uow: Any, case: Case, previous: str | None) -> None:
    uow.outbox.publish("case_allocated", case.case_id, {
        **_base(case), "allocated_at": case.allocated_at, "officer_id": case.officer_id, "team": case.team,
        "previous_officer_id": previous, "preference_honoured": case.preference_honoured})


def contact_recorded(uow: Any, case: Case, contact: Contact) -> None:
    uow.outbox.publish("contact_recorded", case.case_id, {
        **_base(case), "contact_id": contact.contact_id, "contacted_at": contact.contacted_at, "kind": contact.kind,
        "first_contact": contact.first_contact, "due_at": contact.due_at, "within_target": contact.within_target})


def action_agreed(uow: Any, case: Case, action: SupportAction) -> None:
    uow.outbox.publish("action_agreed", case.case_id, {
        **_base(case), "action_id": action.action_id, "action_type": action.action_type,
        "agreement": action.agreement, "recorded_at": action.agreement_at, "due_at": action.due_at})


def action_completed(uow: Any, case: Case, action: SupportAction) -> None:
    uow.outbox.publish("action_completed", case.case_id, {
        **_base(case), "action_id": action.action_id, "completed_at": action.completed_at})


def perpetrator_action(uow: Any, case: Case, action: PerpetratorAction, at: datetime) -> None:
    uow.outbox.publish("perpetrator_action_recorded", case.case_id, {
        **_base(case), "action_id": action.action_id, "remedy": action.remedy, "status": action.status,
        "recorded_at": at})


def repair_requested(uow: Any, case: Case, request_id: str, *, reported_at: datetime, description: str,
                     location: str | None, action_id: str | None = None, job_type: str | None = None,
                     priority: str = "emergency") -> None:
    assert case.address is not None
    address = {k: case.address.get(k) for k in ("uprn", "postcode", "line")}
    uow.outbox.publish("repair_requested", case.case_id, {
        **_base(case), "request_id": request_id, "action_id": action_id, "reported_at": reported_at,
        "address": address, "description": description[:500], "location": location, "job_type": job_type,
        "priority": priority})


def referral_requested(uow: Any, case: Case, request_id: str, action: SupportAction, by: str, at: datetime) -> None:
    uow.outbox.publish("partner_referral_requested", case.case_id, {
        **_base(case), "request_id": request_id, "action_id": action.action_id, "partner_kind": action.partner_kind,
        "purpose": action.action_type, "requested_at": at, "requested_by": by})


def review_recorded(uow: Any, case: Case, review: Review) -> None:
    uow.outbox.publish("review_recorded", case.case_id, {
        **_base(case), "review_id": review.review_id, "kind": review.kind, "reviewed_at": review.reviewed_at,
        "due_at": review.due_at, "on_time": review.on_time, "risk_level": review.risk_level})


def review_overdue(uow: Any, case: Case, kind: str, due_at: datetime, now: datetime) -> None:
    uow.outbox.publish("review_overdue", case.case_id, {
        **_base(case), "due_at": due_at, "officer_id": case.officer_id, "noticed_at": now, "kind": kind})


def community_trigger(uow: Any, case: Case) -> None:
    uow.outbox.publish("community_trigger_flagged", case.case_id, {
        **_base(case), "flagged_at": case.community_trigger_at, "reason": case.community_trigger_reason})


def case_closed(uow: Any, case: Case) -> None:
    assert case.closure is not None
    uow.outbox.publish("case_closed", case.case_id, {
        **_base(case), "closed_at": case.closed_at, "outcome": case.outcome,
        "approved_by": case.closure["approved_by"], "hate_incident": case.hate_incident, "strands": case.strands})


def survey_answered(uow: Any, case: Case, answered_at: datetime, tp12: str, kept_informed: bool | None,
                    feels_safer: bool | None) -> None:
    uow.outbox.publish("survey_answered", case.case_id, {
        **_base(case), "answered_at": answered_at, "tp12": tp12, "kept_informed": kept_informed,
        "feels_safer": feels_safer})
