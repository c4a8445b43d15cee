"""What referrals' RPCs answer. Views carry identifiers, codes, dates and field *names*; never a
partner's secret, never a value that was shared."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields

from referrals.domain.fields import CATEGORIES, FIELDS


def _sorted(attr: str) -> fields.Function:
    return fields.Function(lambda obj: sorted(getattr(obj, attr)))


class ConsentViewSchema(Schema):
    consent_id = fields.String()
    case_id = fields.String()
    partner = fields.String()
    version = fields.Integer()
    status = fields.String()
    purposes = _sorted("purposes")
    data_categories = _sorted("data_categories")
    withheld_fields = _sorted("withheld_fields")
    how = fields.String(allow_none=True)
    wording_version = fields.String(allow_none=True)
    given_at = fields.AwareDateTime(allow_none=True)
    expires_at = fields.AwareDateTime(allow_none=True)
    withdrawn_at = fields.AwareDateTime(allow_none=True)
    recorded_at = fields.AwareDateTime()
    recorded_by = fields.String()


class ResponseSchema(Schema):
    waiting_for = fields.String(allow_none=True)
    due_at = fields.AwareDateTime(allow_none=True)
    rag = fields.String(allow_none=True)


class TransitionSchema(Schema):
    status = fields.Function(lambda t: t.status.value)
    at = fields.AwareDateTime()
    by = fields.String()
    reason = fields.String(allow_none=True)


class ReferralSchema(Schema):
    referral_id = fields.String()
    case_id = fields.String()
    stream = fields.String()
    partner = fields.String()
    partner_kind = fields.String(allow_none=True)
    purpose = fields.String()
    data_categories = _sorted("data_categories")
    status = fields.Function(lambda r: r.status.value)
    requested_at = fields.AwareDateTime()
    requested_by = fields.String()
    request_id = fields.String(allow_none=True)
    consent_id = fields.String()
    sent_at = fields.AwareDateTime(allow_none=True)
    acknowledged_at = fields.AwareDateTime(allow_none=True)
    decided_at = fields.AwareDateTime(allow_none=True)
    closed_at = fields.AwareDateTime(allow_none=True)
    reason = fields.String(allow_none=True)
    delivery_attempts = fields.Integer()
    last_error = fields.String(allow_none=True)


class DisclosureViewSchema(Schema):
    seq = fields.Integer()
    disclosure_id = fields.String()
    referral_id = fields.String()
    case_id = fields.String()
    stream = fields.String()
    partner = fields.String()
    purpose = fields.String()
    fields_sent = fields.Function(lambda d: sorted(d.fields))
    consent_id = fields.String()
    consent_version = fields.Integer()
    agreement_version = fields.Integer()
    requested_by = fields.String()
    disclosed_at = fields.AwareDateTime()
    channel = fields.String()
    attempt = fields.Integer()


class NoticeViewSchema(Schema):
    notice_id = fields.String()
    reason = fields.String()
    created_at = fields.AwareDateTime()
    attempts = fields.Integer()
    sent_at = fields.AwareDateTime(allow_none=True)
    deletion_confirmed_at = fields.AwareDateTime(allow_none=True)


class AttemptSchema(Schema):
    attempt = fields.Integer()
    at = fields.AwareDateTime()
    status_code = fields.Integer(allow_none=True)
    error = fields.String(allow_none=True)


class AgreementViewSchema(Schema):
    version = fields.Integer()
    lawful_basis = fields.String()
    special_category_condition = fields.String(allow_none=True)
    purposes = fields.Function(lambda a: {p: sorted(f) for p, f in sorted(a.purposes.items())})
    retention_days = fields.Integer()
    acknowledge_within_hours = fields.Integer()
    respond_within_hours = fields.Integer()
    effective_from = fields.AwareDateTime()
    ends_at = fields.AwareDateTime(allow_none=True)
    document_ref = fields.String()
    recorded_by = fields.String()
    recorded_at = fields.AwareDateTime()


class PartnerViewSchema(Schema):
    code = fields.Function(lambda v: v.partner.code)
    name = fields.Function(lambda v: v.partner.name)
    kind = fields.Function(lambda v: v.partner.kind)
    delivery = fields.Function(lambda v: v.partner.delivery)
    endpoint = fields.Function(lambda v: v.partner.endpoint)
    active = fields.Function(lambda v: v.partner.active)
    registered_at = fields.Function(lambda v: v.partner.registered_at.isoformat())
    credentials_set = fields.Boolean()
    credentials_rotated_at = fields.AwareDateTime(allow_none=True)
    agreement = fields.Nested(AgreementViewSchema, allow_none=True)


class PartnerDetailSchema(PartnerViewSchema):
    agreements = fields.List(fields.Nested(AgreementViewSchema))


def referral_view(view: Any) -> dict[str, Any]:
    body: dict[str, Any] = ReferralSchema().dump(view.referral)
    body["response"] = ResponseSchema().dump(view.response)
    body["decided_within_target"] = view.decided_within_target
    return body


def referral_detail(detail: Any) -> dict[str, Any]:
    body: dict[str, Any] = ReferralSchema().dump(detail.referral)
    r = detail.referral
    body.update({
        "response": ResponseSchema().dump(detail.response),
        "decided_within_target": detail.decided_within_target,
        "history": TransitionSchema(many=True).dump(r.history),
        "fields_disclosed": sorted(r.disclosed_fields),
        "disclosures": DisclosureViewSchema(many=True).dump(detail.disclosures),
        "stop_notice": NoticeViewSchema().dump(detail.notice) if detail.notice else None,
        "attempts": AttemptSchema(many=True).dump(detail.attempts),
        "outcome_note": r.outcome_note,
        "partner_reference": r.partner_reference,
        "partner_deleted_at": r.partner_deleted_at.isoformat() if r.partner_deleted_at else None,
    })
    return body


def board(found: list[Any]) -> dict[str, Any]:
    """The open referrals, and per partner how many are green, amber, red (or waiting on no target)."""
    by_partner: dict[str, dict[str, int]] = {}
    for view in found:
        counts = by_partner.setdefault(view.referral.partner, {"green": 0, "amber": 0, "red": 0, "no_target": 0})
        counts[view.response.rag or "no_target"] += 1
    return {"referrals": [referral_view(v) for v in found], "by_partner": by_partner}


def catalogue() -> dict[str, Any]:
    """The categories a victim consents to (in the words to read to them) and the fields in each,
    marked where they are special category or criminal offence data: what portals show."""
    return {
        "categories": [{"code": code, "description": text,
                        "sensitive": any(f.sensitivity for f in FIELDS.values() if f.category == code)}
                       for code, text in CATEGORIES.items()],
        "fields": [{"name": f.name, "category": f.category, "sensitivity": f.sensitivity} for f in FIELDS.values()],
    }
