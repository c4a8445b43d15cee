"""Marshmallow schemas for repairs' RPC results and the contractors' callbacks."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from repairs.domain.model import CONTRACTOR_REPORTS


class ContractorReportSchema(Schema):
    """The body of a contractor's status callback."""

    job_id = fields.String(required=True, validate=validate.Length(min=1, max=36))
    status = fields.String(required=True, validate=validate.OneOf([s.value for s in CONTRACTOR_REPORTS]))
    at = fields.AwareDateTime(required=True)
    notes = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=1000))


class CallbackReceiptSchema(Schema):
    job_id = fields.String()
    status = fields.String()
    duplicate = fields.Boolean()


class AddressSchema(Schema):
    uprn = fields.String(allow_none=True)
    postcode = fields.String(allow_none=True)
    line = fields.String(allow_none=True)


class JobViewSchema(Schema):
    """Dumps a ``handlers.JobView``: the job, and where it stands against the 24-hour target."""

    job_id = fields.String(attribute="job.job_id")
    request_id = fields.String(attribute="job.request_id")
    case_id = fields.String(attribute="job.case_id")
    stream = fields.String(attribute="job.stream")
    address = fields.Nested(AddressSchema, attribute="job.address")
    description = fields.String(attribute="job.description")
    location = fields.String(attribute="job.location", allow_none=True)
    contractor = fields.String(attribute="job.contractor")
    status = fields.Function(lambda view: view.job.status.value)
    reported_at = fields.AwareDateTime(attribute="job.reported_at")
    created_at = fields.AwareDateTime(attribute="job.created_at")
    target_at = fields.AwareDateTime(attribute="job.target_at")
    delivery_attempts = fields.Integer(attribute="job.delivery_attempts")
    dispatched_at = fields.AwareDateTime(attribute="job.dispatched_at", allow_none=True)
    made_safe_at = fields.AwareDateTime(attribute="job.made_safe_at", allow_none=True)
    completed_at = fields.AwareDateTime(attribute="job.completed_at", allow_none=True)
    target = fields.Function(lambda view: view.target.value)
    target_met = fields.Function(lambda view: view.target.met)
