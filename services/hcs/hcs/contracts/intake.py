"""Events published by intake."""

from marshmallow import Schema, fields, validate

from hcs.contracts.common import HATE_STRANDS, LOCAL_STRANDS, TRIAGE_OUTCOMES, ident, short_text, stream


class AddressV1(Schema):
    uprn = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=12))
    postcode = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=10))
    line = short_text(200)


class DamageV1(Schema):
    description = fields.String(required=True, validate=validate.Length(min=1, max=500))
    location = short_text(200)


class ReportReceivedV1(Schema):
    report_id = ident()
    received_at = fields.AwareDateTime(required=True)
    channel = fields.String(required=True, validate=validate.Length(max=40))
    stream = stream()
    triage = fields.String(required=True, validate=validate.OneOf(TRIAGE_OUTCOMES))
    strands = fields.List(fields.String(validate=validate.OneOf(HATE_STRANDS + LOCAL_STRANDS)),
                          load_default=list)
    flags = fields.List(fields.String(validate=validate.Length(max=40)), load_default=list)
    address = fields.Nested(AddressV1, load_default=None, allow_none=True)
    household_key = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=64))
    damage = fields.Nested(DamageV1, load_default=None, allow_none=True)


CONTRACTS = {("report_received", 1): ReportReceivedV1}
