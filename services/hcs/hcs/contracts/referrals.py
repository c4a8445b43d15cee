"""Events published by referrals. They say which partner and why, never what was shared."""

from marshmallow import Schema, fields, validate

from hcs.contracts.common import PARTNER_KINDS, ident, moment, one_of, optional_ident, optional_moment, stream

REFUSAL_REASONS = ("no_consent", "consent_withdrawn", "consent_expired", "purpose_not_covered",
                   "data_not_covered", "no_agreement")


def partner() -> fields.String:
    return fields.String(required=True, validate=validate.Length(min=1, max=64))


def purpose() -> fields.String:
    return fields.String(required=True, validate=validate.Length(min=1, max=64))


class ConsentRecordedV1(Schema):
    consent_id = ident()
    case_id = ident()
    stream = stream()
    partner = partner()
    version = fields.Integer(required=True, validate=validate.Range(min=1))
    purposes = fields.List(fields.String(validate=validate.Length(max=64)), load_default=list)
    recorded_at = moment()
    expires_at = optional_moment()


class ConsentWithdrawnV1(Schema):
    consent_id = ident()
    case_id = ident()
    stream = stream()
    partner = partner()
    withdrawn_at = moment()
    cause = one_of(("withdrawn", "expired"))


class ReferralEventV1(Schema):
    referral_id = ident()
    case_id = ident()
    stream = stream()
    partner = partner()
    partner_kind = one_of(PARTNER_KINDS, required=False)
    purpose = purpose()


class ReferralRequestedV1(ReferralEventV1):
    requested_at = moment()
    request_id = optional_ident()  # the case's partner_referral_requested, when it came from one


class ReferralRefusedV1(Schema):
    """The consent gate said no (POL-5): counted, audited, nothing sent."""

    case_id = ident()
    stream = stream()
    partner = partner()
    purpose = purpose()
    reason = one_of(REFUSAL_REASONS)
    refused_at = moment()
    referral_id = optional_ident()  # set when a queued referral was stopped before sending
    request_id = optional_ident()


class ReferralProgressedV1(ReferralEventV1):
    """sent, acknowledged, accepted, done: with the time it happened."""

    at = moment()


class ReferralClosedV1(ReferralEventV1):
    """rejected by the partner, revoked by the landlord, or withdrawn with the consent."""

    at = moment()
    reason = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=300))


class StopNoticeSentV1(Schema):
    referral_id = ident()
    case_id = ident()
    stream = stream()
    partner = partner()
    sent_at = moment()


class CaseSharingErasedV1(Schema):
    """The retention period of a case's sharing records ended (``sharing_records``): referrals
    deleted its consent records, referrals, disclosure log and stop notices. Reporting anonymises
    the referral facts of the case."""

    case_id = ident()
    stream = stream()
    erased_at = moment()
    rule = fields.String(required=True, validate=validate.Length(min=1, max=64))
    referral_ids = fields.List(fields.String(validate=validate.Length(min=1, max=64)), load_default=list,
                               validate=validate.Length(max=1000))


CONTRACTS = {
    ("consent_recorded", 1): ConsentRecordedV1,
    ("consent_withdrawn", 1): ConsentWithdrawnV1,
    ("referral_requested", 1): ReferralRequestedV1,
    ("referral_refused", 1): ReferralRefusedV1,
    ("referral_sent", 1): ReferralProgressedV1,
    ("referral_acknowledged", 1): ReferralProgressedV1,
    ("referral_accepted", 1): ReferralProgressedV1,
    ("referral_done", 1): ReferralProgressedV1,
    ("referral_rejected", 1): ReferralClosedV1,
    ("referral_revoked", 1): ReferralClosedV1,
    ("referral_withdrawn", 1): ReferralClosedV1,
    ("stop_notice_sent", 1): StopNoticeSentV1,
    ("case_sharing_erased", 1): CaseSharingErasedV1,
}
