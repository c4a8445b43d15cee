"""Marshmallow schemas for repairs' RPC payloads and results, and the contractors' callbacks."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from repairs.domain.catalogue import CATALOGUE
from repairs.domain.listing import MAX_PAGE, STATES
from repairs.domain.model import CONTRACTOR_REPORTS
from repairs.domain.progress import PHOTO_STAGES
from repairs.domain.screening import TextScreen

REASONS = {
    "rejected": ("outside_area", "no_capacity", "trade_not_covered", "cannot_meet_target", "unsafe_to_attend",
                 "other"),
    "no_access": ("no_answer", "refused_entry", "unsafe", "appointment_missed", "other"),
}
_SCREEN = TextScreen()


class PhotoSchema(Schema):
    """A reference to a photo held in the contractor's system (never the image itself)."""

    ref = fields.String(required=True, validate=validate.Length(min=1, max=300))
    stage = fields.String(required=True, validate=validate.OneOf(PHOTO_STAGES))
    taken_at = fields.AwareDateTime(load_default=None, allow_none=True)


class ProgressSchema(Schema):
    status = fields.String(required=True, validate=validate.OneOf(CONTRACTOR_REPORTS))
    at = fields.AwareDateTime(required=True)
    notes = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=1000))
    reason = fields.String(load_default=None, allow_none=True)
    photos = fields.List(fields.Nested(PhotoSchema), load_default=list, validate=validate.Length(max=20))

    @validates_schema(skip_on_field_errors=False)
    def _reason_fits(self, data: dict[str, Any], **kwargs: Any) -> None:
        allowed = REASONS.get(data.get("status", ""))
        reason = data.get("reason")
        if allowed is None and reason is not None:
            raise ValidationError("Only for rejected or no_access.", "reason")
        if allowed is not None and reason not in allowed:
            raise ValidationError(f"Required, one of: {', '.join(allowed)}.", "reason")


class ContractorReportSchema(ProgressSchema):
    """The body of a contractor's signed status callback."""

    job_id = fields.String(required=True, validate=validate.Length(min=1, max=36))


def _key() -> fields.String:
    return fields.String(required=True, validate=validate.Length(min=8, max=100))


def _staff_text(value: str) -> None:
    problems = _SCREEN.check(value, 300)
    if problems:
        raise ValidationError(problems)


class StaffUpdateSchema(ProgressSchema):
    """A contractor's update taken by staff on the phone."""

    idempotency_key = _key()


class CancelSchema(Schema):
    idempotency_key = _key()
    reason = fields.String(required=True, validate=[validate.Length(min=3, max=300), _staff_text])


class ReassignSchema(Schema):
    idempotency_key = _key()
    contractor = fields.String(load_default=None, allow_none=True, validate=validate.Length(min=1, max=64))
    reason = fields.String(required=True, validate=[validate.Length(min=3, max=300), _staff_text])


class AmendSchema(Schema):
    """Staff correct a job's details; attributes are checked against the (new) type's catalogue entry."""

    idempotency_key = _key()
    job_type = fields.String(validate=validate.OneOf(sorted(CATALOGUE)))
    attributes = fields.Dict(keys=fields.String(validate=validate.Length(min=1, max=40)))
    location = fields.String(allow_none=True, validate=validate.Length(min=1, max=120))
    access_notes = fields.String(allow_none=True, validate=validate.Length(min=1, max=300))

    @validates_schema
    def _something_to_change(self, data: dict[str, Any], **kwargs: Any) -> None:
        if not set(data) - {"idempotency_key"}:
            raise ValidationError("Name at least one of job_type, attributes, location, access_notes.", "_schema")


class ListJobsSchema(Schema):
    case_id = fields.String(load_default=None, allow_none=True, validate=validate.Length(min=1, max=64))
    contractor = fields.String(load_default=None, allow_none=True, validate=validate.Length(min=1, max=64))
    state = fields.String(load_default="all", validate=validate.OneOf(STATES))
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=MAX_PAGE))
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0))


class ReceiptSchema(Schema):
    job_id = fields.String()
    status = fields.String()
    outcome = fields.String()
    duplicate = fields.Function(lambda receipt: receipt.outcome == "duplicate")
