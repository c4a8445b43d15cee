"""Marshmallow schemas for intake's RPC and HTTP payloads. Every string has a size limit."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from intake.domain.model import CHANNELS, PERCEIVERS, REPORTER_ROLES
from intake.domain.triage import HATE_STRANDS, INCIDENT_TYPES, LOCAL_STRANDS

STREAMS = ("general_needs", "care_support")


def text(max_length: int, required: bool = False) -> fields.String:
    return fields.String(required=required, validate=validate.Length(min=1 if required else 0,
                                                                    max=max_length))


class AddressSchema(Schema):
    line = text(200)
    uprn = fields.String(validate=validate.Regexp(r"^\d{1,12}$", error="A UPRN is up to 12 digits."))
    postcode = fields.String(validate=validate.Regexp(r"^[A-Za-z]{1,2}\d[A-Za-z\d]? ?\d[A-Za-z]{2}$",
                                                      error="Not a valid UK postcode."))


class ReporterSchema(Schema):
    role = fields.String(required=True, validate=validate.OneOf(REPORTER_ROLES))
    name = text(120)
    contact = text(200)


class VictimSchema(Schema):
    name = text(120)
    contact = text(200)
    address = fields.Nested(AddressSchema)
    vulnerabilities = fields.List(text(100), validate=validate.Length(max=20))
    interpreter_needed = fields.Boolean()
    language = text(60)


class IncidentSchema(Schema):
    occurred_at = fields.AwareDateTime(required=True)
    location_type = fields.String(validate=validate.OneOf(("home", "communal_area", "street", "online",
                                                           "other")))
    place = text(200)
    narrative = text(10_000, required=True)
    types = fields.List(fields.String(validate=validate.OneOf(INCIDENT_TYPES)), required=True,
                        validate=validate.Length(min=1, max=len(INCIDENT_TYPES)))


class PerceptionSchema(Schema):
    strands = fields.List(fields.String(validate=validate.OneOf(HATE_STRANDS + LOCAL_STRANDS)),
                          required=True, validate=validate.Length(max=8))
    perceived_by = fields.String(required=True, validate=validate.OneOf(PERCEIVERS))


class PerpetratorSchema(Schema):
    known = fields.Boolean(required=True)
    description = text(1000)
    is_tenant = fields.Boolean()
    address = fields.Nested(AddressSchema)


class DamageSchema(Schema):
    description = text(500, required=True)
    location = text(200)


class ReportSchema(Schema):
    idempotency_key = fields.String(required=True, validate=validate.Length(min=8, max=100))
    channel = fields.String(required=True, validate=validate.OneOf(CHANNELS))
    stream = fields.String(required=True, validate=validate.OneOf(STREAMS))
    anonymous = fields.Boolean(load_default=False)
    reporter = fields.Nested(ReporterSchema, required=True)
    victims = fields.List(fields.Nested(VictimSchema), load_default=list, validate=validate.Length(max=10))
    incident = fields.Nested(IncidentSchema, required=True)
    perception = fields.Nested(PerceptionSchema)
    perpetrators = fields.List(fields.Nested(PerpetratorSchema), load_default=list,
                               validate=validate.Length(max=10))
    damage = fields.Nested(DamageSchema)

    @validates_schema
    def anonymous_has_no_identity(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data.get("anonymous") and any(v.get("name") or v.get("contact") for v in data.get("victims", [])):
            raise ValidationError("An anonymous report holds no victim name or contact.", "victims")


class ReceiptSchema(Schema):
    report_id = fields.String()
    received_at = fields.AwareDateTime()
    triage = fields.Dict()
    duplicate_submission = fields.Boolean()


class ReportViewSchema(Schema):
    report_id = fields.String()
    received_at = fields.AwareDateTime()
    channel = fields.String()
    stream = fields.String()
    triage = fields.Function(lambda report: report.triage.to_dict())
    details = fields.Dict()
