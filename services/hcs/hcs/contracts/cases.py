"""Events published by cases. Every one names its case, the case's stream (POL-7) and its team."""

from marshmallow import Schema, fields, validate

from hcs.contracts.common import (
    AGREEMENTS,
    ASB_CATEGORIES,
    CASE_OUTCOMES,
    JOB_TYPES,
    PARTNER_KINDS,
    REMEDIES,
    REMEDY_STATUSES,
    REPAIR_PRIORITIES,
    RISK_LEVELS,
    STRANDS,
    SUPPORT_ACTIONS,
    TP12_ANSWERS,
    TRIAGE_OUTCOMES,
    ident,
    moment,
    one_of,
    optional_ident,
    optional_moment,
    short_text,
    stream,
    words,
)
from hcs.contracts.intake import AddressV1


class CaseEventV1(Schema):
    """``team``: the team holding the case (from its patch), so the services that keep a copy of the
    case's records decide access by team as cases does (absent in events published before it was added)."""

    case_id = ident()
    stream = stream()
    team = optional_ident()


class CaseOpenedV1(CaseEventV1):
    report_id = ident()
    opened_at = moment()
    triage = one_of(TRIAGE_OUTCOMES, required=False)
    hate_incident = fields.Boolean(required=True)
    strands = words(STRANDS)
    asb_category = one_of(ASB_CATEGORIES, required=False)
    risk_level = one_of(RISK_LEVELS, required=False)
    household_key = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=64))
    first_contact_due_at = optional_moment()


class ReportLinkedV1(CaseEventV1):
    report_id = ident()
    linked_at = moment()


class CaseRecategorisedV1(CaseEventV1):
    recategorised_at = moment()
    hate_incident = fields.Boolean(required=True)
    strands = words(STRANDS)
    asb_category = one_of(ASB_CATEGORIES, required=False)
    previous_hate_incident = fields.Boolean(required=True)
    previous_strands = words(STRANDS)
    approved_by = ident()


class RiskAssessedV1(CaseEventV1):
    assessed_at = moment()
    level = one_of(RISK_LEVELS)
    score = fields.Integer(required=True, validate=validate.Range(min=0, max=100))


class CaseAllocatedV1(CaseEventV1):
    """An officer takes the case; ``previous_officer_id`` is set on a handover (referrals re-checks
    consent on every handover)."""

    allocated_at = moment()
    officer_id = ident()
    team = optional_ident()
    previous_officer_id = optional_ident()
    preference_honoured = fields.Boolean(load_default=None, allow_none=True)


class ContactRecordedV1(CaseEventV1):
    contact_id = ident()
    contacted_at = moment()
    kind = one_of(("visit", "phone", "letter", "email", "text", "interview", "other"))
    first_contact = fields.Boolean(required=True)
    due_at = optional_moment()
    within_target = fields.Boolean(load_default=None, allow_none=True)


class ActionAgreedV1(CaseEventV1):
    action_id = ident()
    action_type = one_of(SUPPORT_ACTIONS)
    agreement = one_of(AGREEMENTS)
    recorded_at = moment()
    due_at = optional_moment()


class ActionCompletedV1(CaseEventV1):
    action_id = ident()
    completed_at = moment()


class PerpetratorActionRecordedV1(CaseEventV1):
    action_id = ident()
    remedy = one_of(REMEDIES)
    status = one_of(REMEDY_STATUSES)
    recorded_at = moment()


class RepairRequestedV1(CaseEventV1):
    """Only what a contractor needs: no narrative, no special category data."""

    request_id = ident()
    action_id = optional_ident()
    reported_at = moment()
    address = fields.Nested(AddressV1, required=True)
    description = fields.String(required=True, validate=validate.Length(min=1, max=500))
    location = short_text(200)
    job_type = one_of(JOB_TYPES, required=False)
    priority = fields.String(load_default="emergency", validate=validate.OneOf(REPAIR_PRIORITIES))
    access_notes = short_text(500)


class PartnerReferralRequestedV1(CaseEventV1):
    """A case action that needs a partner agency (police report, counselling ...); referrals puts it
    through the consent gate."""

    request_id = ident()
    action_id = optional_ident()
    partner_kind = one_of(PARTNER_KINDS)
    purpose = fields.String(required=True, validate=validate.Length(min=1, max=64))
    requested_at = moment()
    requested_by = ident()


class ReviewRecordedV1(CaseEventV1):
    review_id = ident()
    kind = one_of(("officer_senior", "senior_manager"))
    reviewed_at = moment()
    due_at = optional_moment()
    on_time = fields.Boolean(required=True)
    risk_level = one_of(RISK_LEVELS, required=False)


class ReviewOverdueV1(CaseEventV1):
    due_at = moment()
    officer_id = optional_ident()
    noticed_at = moment()
    kind = one_of(("officer_senior", "senior_manager"), required=False)  # which supervision is overdue


class CommunityTriggerFlaggedV1(CaseEventV1):
    flagged_at = moment()
    reason = fields.String(required=True, validate=validate.Length(min=1, max=300))


class CaseClosedV1(CaseEventV1):
    closed_at = moment()
    outcome = one_of(CASE_OUTCOMES)
    approved_by = ident()
    hate_incident = fields.Boolean(required=True)
    strands = words(STRANDS)


class SurveyAnsweredV1(CaseEventV1):
    answered_at = moment()
    tp12 = one_of(TP12_ANSWERS)
    kept_informed = fields.Boolean(load_default=None, allow_none=True)
    feels_safer = fields.Boolean(load_default=None, allow_none=True)


class CaseErasedV1(CaseEventV1):
    """A closed case's retention period ended (``closed_case``): cases deleted it with everything
    that hung from it. Intake deletes the case's reports, repairs its jobs, referrals its consents,
    referrals and disclosure log, reporting anonymises what it counted; each remembers the ids."""

    erased_at = moment()
    closed_at = optional_moment()
    rule = fields.String(required=True, validate=validate.Length(min=1, max=64))
    report_ids = fields.List(fields.String(validate=validate.Length(min=1, max=64)), load_default=list,
                             validate=validate.Length(max=1000))


CONTRACTS = {
    ("case_opened", 1): CaseOpenedV1,
    ("report_linked", 1): ReportLinkedV1,
    ("case_recategorised", 1): CaseRecategorisedV1,
    ("risk_assessed", 1): RiskAssessedV1,
    ("case_allocated", 1): CaseAllocatedV1,
    ("contact_recorded", 1): ContactRecordedV1,
    ("action_agreed", 1): ActionAgreedV1,
    ("action_completed", 1): ActionCompletedV1,
    ("perpetrator_action_recorded", 1): PerpetratorActionRecordedV1,
    ("repair_requested", 1): RepairRequestedV1,
    ("partner_referral_requested", 1): PartnerReferralRequestedV1,
    ("review_recorded", 1): ReviewRecordedV1,
    ("review_overdue", 1): ReviewOverdueV1,
    ("community_trigger_flagged", 1): CommunityTriggerFlaggedV1,
    ("case_closed", 1): CaseClosedV1,
    ("survey_answered", 1): SurveyAnsweredV1,
    ("case_erased", 1): CaseErasedV1,
}
