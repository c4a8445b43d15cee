"""Events published by cases."""

from marshmallow import Schema, fields, validate

from hcs.contracts.common import HATE_STRANDS, LOCAL_STRANDS, ident, short_text, stream
from hcs.contracts.intake import AddressV1


class CaseOpenedV1(Schema):
    case_id = ident()
    report_id = ident()
    opened_at = fields.AwareDateTime(required=True)
    stream = stream()
    hate_incident = fields.Boolean(required=True)
    strands = fields.List(fields.String(validate=validate.OneOf(HATE_STRANDS + LOCAL_STRANDS)),
                          load_default=list)


class ReportLinkedV1(Schema):
    case_id = ident()
    report_id = ident()
    linked_at = fields.AwareDateTime(required=True)
    stream = stream()


class RepairRequestedV1(Schema):
    request_id = ident()
    case_id = ident()
    stream = stream()
    reported_at = fields.AwareDateTime(required=True)
    address = fields.Nested(AddressV1, required=True)
    description = fields.String(required=True, validate=validate.Length(min=1, max=500))
    location = short_text(200)


CONTRACTS = {
    ("case_opened", 1): CaseOpenedV1,
    ("report_linked", 1): ReportLinkedV1,
    ("repair_requested", 1): RepairRequestedV1,
}
