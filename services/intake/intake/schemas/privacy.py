"""Payloads and answers of the subject access register (data protection officer only)."""

from __future__ import annotations

from datetime import date
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from intake.domain.subject_access import CHANNELS, OUTCOMES, REQUESTERS
from intake.schemas.fields import Text, choice, item
from intake.schemas.report import AddressSchema

KEY = [validate.Length(min=8, max=100), validate.Regexp(r"^[A-Za-z0-9._:-]+$", error="Letters, digits and . _ : -.")]


class SubjectSchema(Schema):
    """Who the request is about: every name they have been known by, and the addresses and contact
    details they gave (at least one of those: a name alone identifies nobody)."""

    names = fields.List(item(120), required=True, validate=validate.Length(min=1, max=5))
    addresses = fields.List(fields.Nested(AddressSchema), load_default=list, validate=validate.Length(max=10))
    contacts = fields.List(item(200), load_default=list, validate=validate.Length(max=10))

    @validates_schema
    def corroborated(self, data: dict[str, Any], **kwargs: Any) -> None:
        if not data.get("addresses") and not data.get("contacts"):
            raise ValidationError("Give at least one address or contact detail the requester has used: a name "
                                  "alone identifies nobody.", "addresses")


class OpenRequestSchema(Schema):
    subject = fields.Nested(SubjectSchema, required=True)
    received_on = fields.Date(required=True)
    clock_starts_on = fields.Date(allow_none=True)  # when identity had to be confirmed first
    channel = choice(CHANNELS, required=True)
    requester = choice(REQUESTERS, required=True)
    idempotency_key = fields.String(required=True, validate=KEY)


class ExtendSchema(Schema):
    reason = Text(300, required=True)


class CloseSchema(Schema):
    outcome = choice(OUTCOMES, required=True)
    responded_on = fields.Date(allow_none=True)
    note = Text(500)


class SearchSchema(Schema):
    complete = fields.Boolean(required=True)
    summary = fields.Dict(keys=fields.String(validate=validate.Length(max=40)), required=True,
                          validate=validate.Length(max=20))
    document_sha256 = fields.String(allow_none=True, validate=validate.Regexp(r"^[0-9a-f]{64}$"))


class ListRequestsSchema(Schema):
    status = fields.String(load_default="open", validate=validate.OneOf(("open", "overdue", "closed", "all")))
    limit = fields.Integer(load_default=100, strict=True, validate=validate.Range(min=1, max=500))


class RequestLineSchema(Schema):
    """One request in the register: its dates and status, never who it is about."""

    request_id = fields.String()
    reference = fields.String()
    received_on = fields.Date()
    clock_starts_on = fields.Date()
    due_on = fields.Date()
    extended_due_on = fields.Date(allow_none=True)
    current_due_on = fields.Date()
    status = fields.String()
    channel = fields.String()
    requester = fields.String()
    last_searched_at = fields.AwareDateTime(allow_none=True)
    responded_on = fields.Date(allow_none=True)
    answered_on_time = fields.Function(lambda r: r.answered_on_time())


class RequestViewSchema(RequestLineSchema):
    """A request in full, for the data protection officer (the read is audited)."""

    subject = fields.Dict()
    opened_by = fields.String()
    opened_at = fields.AwareDateTime()
    extension_reason = fields.String(allow_none=True)
    extended_at = fields.AwareDateTime(allow_none=True)
    closed_at = fields.AwareDateTime(allow_none=True)
    outcome_note = fields.String(allow_none=True)
    searches = fields.List(fields.Dict())


def dump_request(request: Any, today: date, full: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = (RequestViewSchema() if full else RequestLineSchema()).dump(request)
    out["overdue"] = request.overdue(today)
    out["days_left"] = request.days_left(today)
    return out
