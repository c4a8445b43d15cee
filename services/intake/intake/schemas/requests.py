"""Payloads of intake's other commands and queries."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from intake.domain.referral import REFERRAL_FIELDS
from intake.domain.vocabulary import CHANNELS, STATUSES, STREAMS, TRIAGE_FLAGS, TRIAGE_OUTCOMES, WITHDRAWAL_REASONS
from intake.schemas.fields import Text, choice

REPORT_ID = validate.Length(min=1, max=64)


class AmendmentSchema(Schema):
    """``changes`` replaces whole top-level sections of the report (``incident``, ``perception``
    ...); the amended report is then checked as a whole. ``expected_version`` is the version the
    officer was looking at: if someone amended it since, the amendment is refused."""

    expected_version = fields.Integer(required=True, strict=True, validate=validate.Range(min=1))
    reason = Text(500, required=True)
    changes = fields.Dict(keys=fields.String(), required=True, validate=validate.Length(min=1, max=20))


class WithdrawalSchema(Schema):
    reason = choice(WITHDRAWAL_REASONS, required=True)
    note = Text(500)

    @validates_schema
    def other_needs_a_note(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data.get("reason") == "other" and not data.get("note"):
            raise ValidationError("Say why the report is withdrawn.", "note")


class ListFilterSchema(Schema):
    received_from = fields.AwareDateTime(allow_none=True)  # inclusive
    received_until = fields.AwareDateTime(allow_none=True)  # exclusive
    stream = choice(STREAMS)
    triage = choice(TRIAGE_OUTCOMES)
    flag = choice(TRIAGE_FLAGS)
    channel = choice(CHANNELS)
    status = choice(STATUSES)
    page_size = fields.Integer(load_default=25, strict=True, validate=validate.Range(min=1, max=100))
    cursor = fields.String(allow_none=True, validate=validate.Length(min=1, max=300))

    @validates_schema
    def period_runs_forward(self, data: dict[str, Any], **kwargs: Any) -> None:
        start, end = data.get("received_from"), data.get("received_until")
        if start and end and end <= start:
            raise ValidationError("Must be after received_from.", "received_until")


class ExtractSchema(Schema):
    report_ids = fields.List(fields.String(validate=REPORT_ID), required=True,
                             validate=validate.Length(min=1, max=50))
    fields_ = fields.List(fields.String(validate=validate.OneOf(sorted(REFERRAL_FIELDS))), required=True,
                          data_key="fields", validate=validate.Length(min=1, max=len(REFERRAL_FIELDS)))
