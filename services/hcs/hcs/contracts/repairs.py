"""Events published by repairs. Every one names its job, case and stream, and the job's 24-hour
target (POL-6)."""

from marshmallow import Schema, fields, validate

from hcs.contracts.common import JOB_TYPES, REPAIR_PRIORITIES, ident, moment, one_of, optional_moment, stream


class JobEventV1(Schema):
    job_id = ident()
    case_id = ident()
    stream = stream()
    target_at = moment()


class JobCreatedV1(JobEventV1):
    request_id = ident()
    created_at = moment()
    job_type = one_of(JOB_TYPES, required=False)
    priority = one_of(REPAIR_PRIORITIES, required=False)


class JobDispatchedV1(JobEventV1):
    contractor = fields.String(required=True, validate=validate.Length(min=1, max=64))
    dispatched_at = moment()
    attempts = fields.Integer(required=True, validate=validate.Range(min=1))


class JobProgressedV1(JobEventV1):
    """accepted, on site, no access: the contractor's word, with the time it gave."""

    contractor = fields.String(required=True, validate=validate.Length(min=1, max=64))
    at = moment()


class JobRejectedV1(JobProgressedV1):
    reason = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=300))


class JobMadeSafeV1(JobProgressedV1):
    within_target = fields.Boolean(required=True)
    follow_on_due_at = optional_moment()


class JobCompletedV1(JobProgressedV1):
    """``within_target``: completed, or made safe, within 24 hours of the report."""

    within_target = fields.Boolean(required=True)
    made_safe_at = optional_moment()
    follow_on_met = fields.Boolean(load_default=None, allow_none=True)


class JobSlaV1(JobEventV1):
    """At risk (no make-safe or completion some hours in) or breached."""

    at = moment()
    milestone = one_of(("make_safe_or_complete", "follow_on_completion"))


class JobCancelledV1(JobEventV1):
    at = moment()
    reason = fields.String(required=True, validate=validate.Length(min=1, max=300))


class JobErasedV1(Schema):
    """A finished job's retention period ended (``repair_job``): repairs deleted it, its messages
    to contractors and their answers. Reporting anonymises the job's facts."""

    job_id = ident()
    case_id = ident()
    stream = stream()
    request_id = ident()
    erased_at = moment()
    rule = fields.String(required=True, validate=validate.Length(min=1, max=64))


CONTRACTS = {
    ("job_created", 1): JobCreatedV1,
    ("job_dispatched", 1): JobDispatchedV1,
    ("job_accepted", 1): JobProgressedV1,
    ("job_rejected", 1): JobRejectedV1,
    ("job_on_site", 1): JobProgressedV1,
    ("job_no_access", 1): JobProgressedV1,
    ("job_made_safe", 1): JobMadeSafeV1,
    ("job_completed", 1): JobCompletedV1,
    ("job_sla_at_risk", 1): JobSlaV1,
    ("job_sla_breached", 1): JobSlaV1,
    ("job_cancelled", 1): JobCancelledV1,
    ("job_erased", 1): JobErasedV1,
}
