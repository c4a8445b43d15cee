"""Marshmallow schemas for referrals' RPC payloads and results. Partners, purposes and data
categories are short codes, never free text, so no personal data rides in them."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from referrals.domain.consent import CONSENT_FORMS


def code() -> fields.String:
    return fields.String(required=True, validate=[
        validate.Length(min=1, max=64),
        validate.Regexp(r"^[a-z0-9][a-z0-9_.:-]*$", error="A lower-case code (letters, digits, _ . : -)."),
    ])


def codes() -> fields.List:
    return fields.List(code(), required=True, validate=validate.Length(min=1, max=20))


class CaseRefSchema(Schema):
    case_id = fields.String(required=True, validate=validate.Length(min=1, max=64))


class ConsentSchema(CaseRefSchema):
    partner = code()
    purposes = codes()
    data_categories = codes()
    given_by = fields.String(required=True, validate=validate.OneOf(CONSENT_FORMS))
    expires_at = fields.AwareDateTime(load_default=None, allow_none=True)


class WithdrawalSchema(CaseRefSchema):
    partner = code()


class ReferralRequestSchema(CaseRefSchema):
    partner = code()
    purpose = code()
    data_categories = codes()
    idempotency_key = fields.String(required=True, validate=validate.Length(min=8, max=100))


class ConsentViewSchema(Schema):
    consent_id = fields.String()
    case_id = fields.String()
    partner = fields.String()
    version = fields.Integer()
    status = fields.String()
    purposes = fields.Function(lambda c: sorted(c.purposes))
    data_categories = fields.Function(lambda c: sorted(c.data_categories))
    given_by = fields.String(allow_none=True)
    expires_at = fields.AwareDateTime(allow_none=True)
    recorded_at = fields.AwareDateTime()
    recorded_by = fields.String()


class ReferralViewSchema(Schema):
    referral_id = fields.String()
    case_id = fields.String()
    stream = fields.String()
    partner = fields.String()
    purpose = fields.String()
    data_categories = fields.Function(lambda r: sorted(r.data_categories))
    status = fields.String()
    requested_at = fields.AwareDateTime()
    requested_by = fields.String()
    consent_id = fields.String()
