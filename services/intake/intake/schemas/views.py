"""What intake's RPCs and HTTP form answer."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields


def _triage(obj: Any) -> dict[str, Any]:
    return obj.triage.to_dict()  # type: ignore[no-any-return]


class ReceiptSchema(Schema):
    """The answer to a staff portal's submission: the report's id and its triage."""

    report_id = fields.String()
    received_at = fields.AwareDateTime()
    version = fields.Integer()
    duplicate_submission = fields.Boolean()
    triage = fields.Function(_triage)


class FormReceiptSchema(Schema):
    """The answer to a reporting centre: the report is safely received; triage stays with the landlord."""

    report_id = fields.String()
    received_at = fields.AwareDateTime()
    duplicate_submission = fields.Boolean()


class VersionLineSchema(Schema):
    version = fields.Integer()
    recorded_at = fields.AwareDateTime()
    recorded_by = fields.String()
    role = fields.String()
    reason = fields.String(allow_none=True)
    changed = fields.List(fields.String())
    triage = fields.Function(lambda v: v.triage.outcome)


class WithdrawalViewSchema(Schema):
    at = fields.AwareDateTime()
    by = fields.String()
    reason = fields.String()
    note = fields.String(allow_none=True)


class ReportViewSchema(Schema):
    """One report in full, for staff and the data protection officer (the read is audited)."""

    report_id = fields.String()
    received_at = fields.AwareDateTime()
    submitted_by = fields.String()
    centre = fields.String(allow_none=True)
    channel = fields.String()
    stream = fields.String()
    status = fields.String()
    version = fields.Integer()
    shown_version = fields.Integer()
    anonymous = fields.Boolean()
    triage = fields.Function(_triage)
    original_perception = fields.Dict()
    details = fields.Dict()
    withdrawal = fields.Nested(WithdrawalViewSchema, allow_none=True)
    history = fields.List(fields.Nested(VersionLineSchema))


class ReportLineSchema(Schema):
    """One report in a listing: no names, contact details or narrative."""

    report_id = fields.String()
    received_at = fields.AwareDateTime()
    channel = fields.String()
    stream = fields.String()
    status = fields.String()
    version = fields.Integer()
    anonymous = fields.Boolean()
    centre = fields.String(allow_none=True)
    triage = fields.Function(lambda r: r.triage.outcome)
    asb_category = fields.Function(lambda r: r.triage.asb_category)
    strands = fields.Function(lambda r: list(r.triage.strands))
    flags = fields.Function(lambda r: list(r.triage.flags))
    incident_at = fields.Function(lambda r: r.incident_window[0].isoformat() if r.incident_window else None)
    location_type = fields.Function(lambda r: (r.details.get("incident") or {}).get("location_type"))


class PageSchema(Schema):
    reports = fields.List(fields.Nested(ReportLineSchema))
    next_cursor = fields.String(allow_none=True)


class AmendReceiptSchema(Schema):
    report_id = fields.String()
    version = fields.Integer()
    changed = fields.List(fields.String())
    triage = fields.Function(_triage)


class WithdrawReceiptSchema(Schema):
    report_id = fields.String()
    status = fields.String()
    withdrawal = fields.Nested(WithdrawalViewSchema)
