"""Marshmallow schemas for what referrals takes in: portal RPC payloads and partners' callbacks.

Partners, purposes and references are short codes, categories and fields come from the catalogue,
and unknown keys are refused (marshmallow's default), so there is no way to slip an "override" or
free text with personal data into a request. Views (what goes out) are in ``views.py``.
"""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from hcs.contracts.common import PARTNER_KINDS
from referrals.domain.consent import CONSENT_FORMS
from referrals.domain.fields import CATEGORIES, FIELDS
from referrals.domain.partners import DELIVERY_MODES, LAWFUL_BASES, SPECIAL_CATEGORY_CONDITIONS
from referrals.domain.referral import REJECT_REASONS, REVOKE_REASONS

CODE = validate.Regexp(r"^[a-z0-9][a-z0-9_.:-]*$", error="A lower-case code (letters, digits, _ . : -).")
SECRET = validate.Regexp(r"^whsec_[A-Za-z0-9+/]{24,}={0,2}$", error="A Standard Webhooks secret: whsec_ and base64.")


def code(required: bool = True) -> fields.String:
    return fields.String(required=required, validate=[validate.Length(min=1, max=64), CODE])


def codes(required: bool = True) -> fields.List:
    return fields.List(code(), required=required, validate=validate.Length(min=1, max=20))


def categories() -> fields.List:
    return fields.List(fields.String(validate=validate.OneOf(sorted(CATEGORIES))), required=True,
                       validate=validate.Length(min=1, max=len(CATEGORIES)))


def field_names(required: bool = True) -> fields.List:
    return fields.List(fields.String(validate=validate.OneOf(sorted(FIELDS))), required=required,
                       validate=validate.Length(min=1, max=len(FIELDS)))


def key() -> fields.String:
    return fields.String(required=True, validate=validate.Length(min=8, max=100))


def moment() -> fields.AwareDateTime:
    return fields.AwareDateTime(load_default=None, allow_none=True)


class CaseRefSchema(Schema):
    case_id = fields.String(required=True, validate=validate.Length(min=1, max=64))


class ConsentSchema(CaseRefSchema):
    partners = codes()
    purposes = codes()
    data_categories = categories()
    withhold = fields.Dict(keys=code(), values=field_names(), load_default=dict)
    how = fields.String(required=True, validate=validate.OneOf(CONSENT_FORMS))
    wording_version = code()
    given_at = moment()
    expires_at = moment()
    idempotency_key = key()


class WithdrawalSchema(CaseRefSchema):
    partners = fields.List(code(), load_default=None, validate=validate.Length(min=1, max=20))
    how = fields.String(required=True, validate=validate.OneOf(CONSENT_FORMS))
    withdrawn_at = moment()
    idempotency_key = key()


class ReferralRequestSchema(CaseRefSchema):
    partner = code()
    purpose = code()
    data_categories = categories()
    idempotency_key = key()


class RevokeSchema(Schema):
    referral_id = fields.String(required=True, validate=validate.Length(min=1, max=64))
    reason = fields.String(required=True, validate=validate.OneOf(REVOKE_REASONS))


class BoardQuerySchema(Schema):
    partner = code(required=False)


class DisclosureQuerySchema(Schema):
    partner = code(required=False)
    case_id = fields.String(validate=validate.Length(min=1, max=64))
    referral_id = fields.String(validate=validate.Length(min=1, max=64))
    since = fields.AwareDateTime()
    until = fields.AwareDateTime()
    after = fields.Integer(load_default=0, validate=validate.Range(min=0))
    limit = fields.Integer(load_default=100, validate=validate.Range(min=1, max=500))


class PartnerSchema(Schema):
    code = code()
    name = fields.String(required=True, validate=validate.Length(min=1, max=120))
    kind = fields.String(required=True, validate=validate.OneOf(PARTNER_KINDS))
    delivery = fields.String(required=True, validate=validate.OneOf(DELIVERY_MODES))
    endpoint = fields.Url(load_default=None, allow_none=True, require_tld=False, schemes={"http", "https"})
    secret = fields.String(required=True, validate=SECRET)


class PartnerUpdateSchema(Schema):
    code = code()
    name = fields.String(validate=validate.Length(min=1, max=120))
    kind = fields.String(validate=validate.OneOf(PARTNER_KINDS))
    delivery = fields.String(validate=validate.OneOf(DELIVERY_MODES))
    endpoint = fields.Url(allow_none=True, require_tld=False, schemes={"http", "https"})
    active = fields.Boolean()


class CredentialsSchema(Schema):
    code = code()
    secret = fields.String(required=True, validate=SECRET)


class AgreementSchema(Schema):
    partner = code()
    lawful_basis = fields.String(required=True, validate=validate.OneOf(LAWFUL_BASES))
    special_category_condition = fields.String(load_default=None, allow_none=True,
                                               validate=validate.OneOf(SPECIAL_CATEGORY_CONDITIONS))
    purposes = fields.Dict(keys=code(), values=field_names(), required=True, validate=validate.Length(min=1, max=20))
    retention_days = fields.Integer(required=True, validate=validate.Range(min=1, max=3650))
    acknowledge_within_hours = fields.Integer(required=True, validate=validate.Range(min=1, max=24 * 30))
    respond_within_hours = fields.Integer(required=True, validate=validate.Range(min=1, max=24 * 90))
    effective_from = moment()
    ends_at = moment()
    document_ref = code()


class SeedPartnerSchema(PartnerSchema):
    """A partner listed in config (``extra.partners``), with its first agreement."""

    agreement = fields.Nested(AgreementSchema(exclude=("partner",)), required=True)


class PartnerReportSchema(Schema):
    """A partner's callback: acknowledged, accepted, rejected (reason), done (outcome), deleted."""

    referral_id = fields.String(required=True, validate=validate.Length(min=1, max=64))
    status = fields.String(required=True, validate=validate.OneOf(
        ("acknowledged", "accepted", "rejected", "done", "deleted")))
    at = fields.AwareDateTime(required=True)
    reason = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(REJECT_REASONS))
    outcome = fields.String(load_default=None, allow_none=True, validate=validate.Length(min=1, max=2000))
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))
    partner_reference = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=64))

    @validates_schema
    def _reason_and_outcome(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data.get("status") == "rejected" and not data.get("reason"):
            raise ValidationError("A rejection gives a reason.", "reason")
        if data.get("status") == "done" and not data.get("outcome"):
            raise ValidationError("Done gives the outcome.", "outcome")


class PullSchema(Schema):
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))
