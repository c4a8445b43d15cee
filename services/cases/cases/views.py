"""Marshmallow schemas for what cases' RPCs return (dumped from domain records and query views)."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields

from cases.domain.survey import TP12_QUESTION

Str, Bool, Int, Moment, Day = fields.String, fields.Boolean, fields.Integer, fields.AwareDateTime, fields.Date


class HistorySchema(Schema):
    status = Str()
    at = Moment()
    by = Str()
    note = Str(allow_none=True)


class CaseSummarySchema(Schema):
    case_id, stream, status, team, patch = Str(), Str(), Str(), Str(allow_none=True), Str(allow_none=True)
    officer_id = Str(allow_none=True)
    opened_at, closed_at = Moment(), Moment(allow_none=True)
    hate_incident, strands, asb_category = Bool(), fields.List(Str()), Str(allow_none=True)
    racist = fields.Function(lambda c: c.classification.racist)
    risk_level, risk_score, risk_provisional = Str(), Int(), Bool()
    first_contact_due_at, first_contact_at = Moment(allow_none=True), Moment(allow_none=True)
    next_update_due_at = Moment(allow_none=True)
    officer_review_due_at, manager_review_due_at = Moment(allow_none=True), Moment(allow_none=True)
    community_trigger_at = Moment(allow_none=True)
    outcome = Str(allow_none=True)


class CaseSchema(CaseSummarySchema):
    opened_from, received_at, household_key = Str(), Moment(), Str(allow_none=True)
    address = fields.Dict(allow_none=True)
    original_perception = fields.Dict()
    allocated_at, officer_preference = Moment(allow_none=True), Str(allow_none=True)
    preference_honoured, preference_note = Bool(allow_none=True), Str(allow_none=True)
    flags = fields.List(Str())
    threats_of_violence, perpetrator_identified, anonymous = Bool(), Bool(), Bool()
    risk_assessed_at = Moment(allow_none=True)
    update_every_working_days = Int(allow_none=True)
    last_update_at = Moment(allow_none=True)
    last_officer_review_at, last_manager_review_at = Moment(allow_none=True), Moment(allow_none=True)
    community_trigger_reason = Str(allow_none=True)
    closure = fields.Dict(allow_none=True)
    version = Int()
    report_ids = fields.List(Str())


class ReportSchema(Schema):
    report_id, outcome, link_reason, triage = Str(), Str(), Str(allow_none=True), Str()
    received_at, withdrawn_at = Moment(), Moment(allow_none=True)
    withdrawn_reason, perceived_by = Str(allow_none=True), Str(allow_none=True)
    hate_incident, strands = Bool(), fields.List(Str())
    incident_types, flags, version = fields.List(Str()), fields.List(Str()), Int()


class ClassificationChangeSchema(Schema):
    at, kind, by = Moment(), Str(), Str()
    before, after = fields.Dict(allow_none=True), fields.Dict()
    rationale, approved_by, report_id = Str(allow_none=True), Str(allow_none=True), Str(allow_none=True)


class RiskSchema(Schema):
    assessment_id, assessed_at, assessed_by = Str(), Moment(), Str()
    factors = fields.Dict(keys=Str(), values=Int())
    score, level, occasion, notes = Int(), Str(), Str(), Str(allow_none=True)
    provisional = Bool()


class ActionSchema(Schema):
    action_id, action_type, description, owner_id, status = Str(), Str(), Str(), Str(), Str()
    due_at, created_at, created_by = Moment(allow_none=True), Moment(), Str()
    agreement, agreement_at, agreement_by = Str(allow_none=True), Moment(allow_none=True), Str(allow_none=True)
    request_id, completed_at = Str(allow_none=True), Moment(allow_none=True)
    partner_kind = Str(allow_none=True)
    details = fields.Dict()
    history = fields.List(fields.Nested(HistorySchema))


class RemedySchema(Schema):
    action_id, remedy, perpetrator_key, victim_view = Str(), Str(), Str(allow_none=True), Str()
    status, proposed_at, proposed_by, reason = Str(), Moment(), Str(), Str(allow_none=True)
    expires_on, breaches = Day(allow_none=True), Int()
    history = fields.List(fields.Nested(HistorySchema))


class ConferenceSchema(Schema):
    conference_id, scheduled_for, purpose, status = Str(), Moment(), Str(), Str()
    attendees = fields.List(fields.Dict())
    victim_consented, scheduled_by, scheduled_at = Bool(), Str(), Moment()
    held_at, minutes = Moment(allow_none=True), Str(allow_none=True)
    actions = fields.Function(lambda c: [_dated(a) for a in c.actions])
    cancelled_because = Str(allow_none=True)


def _dated(action: dict[str, Any]) -> dict[str, Any]:
    due: Any = action.get("due_on")
    return {**action, "due_on": due if due is None or isinstance(due, str) else due.isoformat()}


class ContactSchema(Schema):
    contact_id, contacted_at, recorded_at, recorded_by = Str(), Moment(), Moment(), Str()
    kind, party, direction, successful, summary = Str(), Str(), Str(), Bool(), Str()
    corrects, first_contact = Str(allow_none=True), Bool()
    due_at, within_target = Moment(allow_none=True), Bool(allow_none=True)


class ReviewSchema(Schema):
    review_id, kind, reviewed_at, reviewer_id = Str(), Str(), Moment(), Str()
    officer_id, due_at, on_time = Str(allow_none=True), Moment(allow_none=True), Bool()
    risk_level, assessment_id = Str(allow_none=True), Str(allow_none=True)
    notes, next_steps = Str(), Str(allow_none=True)


class ApprovalSchema(Schema):
    approval_id, case_id, kind, status = Str(), Str(), Str(), Str()
    requested_by, requested_at = Str(), Moment()
    request = fields.Dict()
    approver_roles = fields.List(Str())
    decided_by, decided_at, decision_note = Str(allow_none=True), Moment(allow_none=True), Str(allow_none=True)


class WorkItemSchema(Schema):
    item_id, case_id, kind, summary, raised_at = Str(), Str(), Str(), Str(), Moment()
    team, assignee_id, assignee_role = Str(allow_none=True), Str(allow_none=True), Str(allow_none=True)
    due_at, ref_id = Moment(allow_none=True), Str(allow_none=True)
    resolved_at, resolved_by, resolution = Moment(allow_none=True), Str(allow_none=True), Str(allow_none=True)


class SurveySchema(Schema):
    question = fields.Function(lambda s: TP12_QUESTION)
    status, created_at, reason = Str(), Moment(), Str(allow_none=True)
    answered_at, recorded_by, tp12 = Moment(allow_none=True), Str(allow_none=True), Str(allow_none=True)
    kept_informed, feels_safer, comments = Bool(allow_none=True), Bool(allow_none=True), Str(allow_none=True)


class ReferralSchema(Schema):
    ref_key, request_id, partner = Str(), Str(allow_none=True), Str(allow_none=True)
    partner_kind, purpose, status, updated_at = Str(allow_none=True), Str(allow_none=True), Str(), Moment()


class RepairSchema(Schema):
    request_id, action_id, report_id, job_id = Str(), Str(allow_none=True), Str(allow_none=True), Str(allow_none=True)
    status, requested_at, updated_at = Str(), Moment(), Moment()


class TimelineSchema(Schema):
    at, kind, summary, actor, ref_id = Moment(), Str(), Str(), Str(), Str(allow_none=True)


def _records(name: str, schema: type[Schema]) -> fields.Function:
    return fields.Function(lambda d: schema(many=True).dump(d.records[name]))


class CaseDetailSchema(Schema):
    """A case in full: the record, everything that hangs from it, and its timeline (newest first)."""

    case = fields.Function(lambda d: _case(d))
    prompts = fields.List(Str())
    reports = _records("reports", ReportSchema)
    classification_history = _records("classification_history", ClassificationChangeSchema)
    risk_assessments = _records("risk_assessments", RiskSchema)
    support_actions = _records("actions", ActionSchema)
    perpetrator_actions = _records("perpetrator_actions", RemedySchema)
    conferences = _records("conferences", ConferenceSchema)
    contacts = _records("contacts", ContactSchema)
    reviews = _records("reviews", ReviewSchema)
    approvals = _records("approvals", ApprovalSchema)
    work_items = _records("work_items", WorkItemSchema)
    referrals = _records("referrals", ReferralSchema)
    repairs = _records("repairs", RepairSchema)
    survey = fields.Function(lambda d: SurveySchema().dump(d.records["survey"]) if d.records["survey"] else None)
    timeline = _records("timeline", TimelineSchema)


def _case(detail: Any) -> dict[str, Any]:
    out: dict[str, Any] = CaseSchema().dump(detail.case)
    out["preference_match"] = detail.case.preference_match if detail.show_preference else None
    return out


def case_detail(detail: Any) -> dict[str, Any]:
    """The detail dumped flat for portals: the case's own fields at the top, records beside them."""
    dumped: dict[str, Any] = CaseDetailSchema().dump(detail)
    return {**dumped.pop("case"), **dumped}


class TeamQueueSchema(Schema):
    team = Str(allow_none=True)
    unallocated = fields.List(fields.Nested(CaseSummarySchema))
    work_items = fields.List(fields.Nested(WorkItemSchema))
    pending_approvals = fields.List(fields.Nested(ApprovalSchema))


class OverdueSchema(Schema):
    case_id, stream, team, officer_id = Str(), Str(), Str(allow_none=True), Str(allow_none=True)
    what, due_at, ref_id = Str(), Moment(), Str(allow_none=True)


class StaffViewSchema(Schema):
    staff_id = Str(attribute="member.staff_id")
    name = Str(attribute="member.name")
    role = Str(attribute="member.role")
    team = Str(attribute="member.team")
    patches = fields.List(Str(), attribute="member.patches")
    streams = fields.List(Str(), attribute="member.streams")
    reports_to = Str(attribute="member.reports_to", allow_none=True)
    trained_on = Day(attribute="member.trained_on", allow_none=True)
    active = Bool(attribute="member.active")
    training = Str()
    refresher_due_on = Day(allow_none=True)
    sex = fields.Function(lambda v: v.member.sex if v.show_special else None)
    ethnic_origin = fields.Function(lambda v: v.member.ethnic_origin if v.show_special else None)
