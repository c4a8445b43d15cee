"""How jobs are shown to staff over RPC: a summary for lists, and the whole job with its history.

Nothing here is secret from staff of the job's stream, but nothing of a contractor's credentials is
ever shown, and no delivery error text beyond its class.
"""

from __future__ import annotations

from marshmallow import Schema, fields


class AddressSchema(Schema):
    uprn = fields.String(allow_none=True)
    postcode = fields.String(allow_none=True)
    line = fields.String(allow_none=True)


class JobSummarySchema(Schema):
    """Dumps a ``queries.JobView``."""

    job_id = fields.String(attribute="job.job_id")
    request_id = fields.String(attribute="job.request_id")
    case_id = fields.String(attribute="job.case_id")
    action_id = fields.String(attribute="job.action_id", allow_none=True)
    stream = fields.String(attribute="job.stream")
    address = fields.Nested(AddressSchema, attribute="job.address")
    job_type = fields.String(attribute="job.job_type")
    priority = fields.String(attribute="job.priority")
    description = fields.String(attribute="job.description")
    location = fields.String(attribute="job.location", allow_none=True)
    contractor = fields.String(attribute="job.contractor", allow_none=True)
    status = fields.Function(lambda view: view.job.status.value)
    reported_at = fields.AwareDateTime(attribute="job.reported_at")
    created_at = fields.AwareDateTime(attribute="job.created_at")
    target_at = fields.AwareDateTime(attribute="job.target_at")
    at_risk_at = fields.AwareDateTime(attribute="job.at_risk_at")
    accept_by = fields.AwareDateTime(attribute="job.accept_by", allow_none=True)
    dispatched_at = fields.AwareDateTime(attribute="job.dispatched_at", allow_none=True)
    accepted_at = fields.AwareDateTime(attribute="job.accepted_at", allow_none=True)
    attended_at = fields.AwareDateTime(attribute="job.attended_at", allow_none=True)
    made_safe_at = fields.AwareDateTime(attribute="job.made_safe_at", allow_none=True)
    completed_at = fields.AwareDateTime(attribute="job.completed_at", allow_none=True)
    follow_on_due_at = fields.AwareDateTime(attribute="job.follow_on_due_at", allow_none=True)
    no_access_visits = fields.Integer(attribute="job.no_access_visits")
    target = fields.Function(lambda view: view.target.value)
    target_met = fields.Function(lambda view: view.target.met)
    follow_on = fields.Function(lambda view: view.follow_on.value)


class UpdateSchema(Schema):
    channel = fields.String()
    kind = fields.String()
    actor = fields.String()
    at = fields.AwareDateTime()
    received_at = fields.AwareDateTime()
    outcome = fields.String()
    reason = fields.String(allow_none=True)
    notes = fields.String(allow_none=True)


class MessageSchema(Schema):
    webhook_id = fields.String()
    contractor = fields.String()
    assignment = fields.Integer()
    kind = fields.String()
    status = fields.String()
    attempts = fields.Integer()
    created_at = fields.AwareDateTime()
    delivered_at = fields.AwareDateTime(allow_none=True)


class DeliverySchema(Schema):
    webhook_id = fields.String()
    contractor = fields.String()
    attempt = fields.Integer()
    at = fields.AwareDateTime()
    status_code = fields.Integer(allow_none=True)
    error = fields.String(allow_none=True)
    outcome = fields.String()


class JobDetailSchema(JobSummarySchema):
    access_notes = fields.String(attribute="job.access_notes", allow_none=True)
    attributes = fields.Dict(attribute="job.attributes")
    withheld = fields.List(fields.String(), attribute="job.withheld")
    photos = fields.List(fields.Dict(), attribute="job.photos")
    assignments = fields.List(fields.Dict(), attribute="job.assignments")
    cancel_reason = fields.String(attribute="job.cancel_reason", allow_none=True)
    sla_raised = fields.Dict(attribute="job.sla_raised")
    updates = fields.List(fields.Nested(UpdateSchema))
    messages = fields.List(fields.Nested(MessageSchema))
    deliveries = fields.List(fields.Nested(DeliverySchema))
