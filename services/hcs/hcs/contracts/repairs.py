"""Events published by repairs."""

from marshmallow import Schema, fields, validate

from hcs.contracts.common import ident, stream


class JobCreatedV1(Schema):
    job_id = ident()
    case_id = ident()
    request_id = ident()
    stream = stream()
    created_at = fields.AwareDateTime(required=True)
    target_at = fields.AwareDateTime(required=True)


class JobDispatchedV1(Schema):
    job_id = ident()
    case_id = ident()
    stream = stream()
    contractor = fields.String(required=True, validate=validate.Length(min=1, max=64))
    dispatched_at = fields.AwareDateTime(required=True)
    attempts = fields.Integer(required=True, validate=validate.Range(min=1))


CONTRACTS = {
    ("job_created", 1): JobCreatedV1,
    ("job_dispatched", 1): JobDispatchedV1,
}
