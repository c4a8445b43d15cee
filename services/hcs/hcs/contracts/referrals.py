"""Events published by referrals."""

from marshmallow import Schema, fields, validate

from hcs.contracts.common import ident, stream


class ReferralRequestedV1(Schema):
    referral_id = ident()
    case_id = ident()
    stream = stream()
    partner = fields.String(required=True, validate=validate.Length(min=1, max=64))
    purpose = fields.String(required=True, validate=validate.Length(min=1, max=64))
    requested_at = fields.AwareDateTime(required=True)


class ReferralRefusedV1(Schema):
    case_id = ident()
    stream = stream()
    partner = fields.String(required=True, validate=validate.Length(min=1, max=64))
    purpose = fields.String(required=True, validate=validate.Length(min=1, max=64))
    reason = fields.String(required=True, validate=validate.OneOf(("no_consent",)))
    refused_at = fields.AwareDateTime(required=True)


CONTRACTS = {
    ("referral_requested", 1): ReferralRequestedV1,
    ("referral_refused", 1): ReferralRefusedV1,
}
