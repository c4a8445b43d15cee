"""Marshmallow schemas for cases' RPC results."""

from marshmallow import Schema, fields


class CaseViewSchema(Schema):
    case_id = fields.String()
    stream = fields.String()
    status = fields.String()
    opened_at = fields.AwareDateTime()
    closed_at = fields.AwareDateTime(allow_none=True)
    hate_incident = fields.Boolean()
    strands = fields.List(fields.String())
    original_perception = fields.Dict()
    report_ids = fields.List(fields.String())
