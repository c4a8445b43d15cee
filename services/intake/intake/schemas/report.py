"""The common reporting form (POL-11, code 1.3.2): one schema for staff portals (RPC) and for
reporting centres and partner agencies (HTTP). Every field has a size limit; rules across fields
are in ``intake.domain.checks``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from marshmallow import Schema, ValidationError, fields, post_load, validate, validates_schema

from intake.domain import checks
from intake.domain.vocabulary import (
    CHANNELS,
    CONTACT_METHODS,
    INCIDENT_TYPES,
    LOCATION_TYPES,
    OFFICER_ANSWERS,
    PERCEIVERS,
    REPORTER_ROLES,
    STRANDS,
    STREAMS,
)
from intake.schemas.fields import Postcode, Text, Uprn, choice, flag, texts


def nested(schema: type[Schema]) -> fields.Nested:
    return fields.Nested(schema, allow_none=True)


def many(schema: type[Schema], max_items: int) -> fields.List:
    return fields.List(fields.Nested(schema), load_default=list, validate=validate.Length(max=max_items))


class AddressSchema(Schema):
    line = Text(200)
    uprn = Uprn(allow_none=True)
    postcode = Postcode(allow_none=True)

    @validates_schema
    def says_where(self, data: dict[str, Any], **kwargs: Any) -> None:
        if not any(data.get(k) for k in ("line", "uprn", "postcode")):
            raise ValidationError("Give a UPRN, a postcode or an address line.", "_schema")


class ReporterSchema(Schema):
    role = choice(REPORTER_ROLES, required=True)
    name = Text(120)
    organisation = Text(120)
    contact = Text(200)


class SafeContactSchema(Schema):
    times = Text(200)
    method = choice(CONTACT_METHODS)
    notes = Text(300)


class VictimSchema(Schema):
    name = Text(120)
    contact = Text(200)
    safe_contact = nested(SafeContactSchema)
    address = nested(AddressSchema)
    vulnerabilities = texts(100, 20)
    support_needs = texts(200, 20)
    language = Text(60)
    interpreter_needed = flag()
    accessibility_needs = texts(200, 20)


class HouseholdSchema(Schema):
    address = nested(AddressSchema)
    tenant = flag()  # does the household hold a tenancy with the landlord? null: not known
    size = fields.Integer(allow_none=True, validate=validate.Range(min=1, max=30))
    children = flag()
    notes = Text(500)


class IncidentSchema(Schema):
    occurred_at = fields.AwareDateTime(allow_none=True)
    occurred_from = fields.AwareDateTime(allow_none=True)
    occurred_until = fields.AwareDateTime(allow_none=True)
    location_type = choice(LOCATION_TYPES)
    place = Text(200)
    address = nested(AddressSchema)
    narrative = Text(10_000, required=True)
    types = fields.List(fields.String(validate=validate.OneOf(INCIDENT_TYPES)), required=True, validate=validate.Length(
        min=1, max=len(INCIDENT_TYPES) * 2, error="Give one or more incident types, each once."))
    other_type = Text(200)

    @post_load
    def each_type_once(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        data["types"] = list(dict.fromkeys(data["types"]))
        return data


class PerceptionSchema(Schema):
    strands = fields.List(fields.String(validate=validate.OneOf(STRANDS)), load_default=list,
                          validate=validate.Length(max=len(STRANDS)))
    perceived_by = choice(PERCEIVERS)
    other_strand = Text(200)  # what "other" means here
    notes = Text(2000)


class PerpetratorSchema(Schema):
    known = flag(required=True)
    name = Text(120)
    description = Text(1000)
    is_tenant = flag()
    address = nested(AddressSchema)
    relationship = Text(100)  # to the victim: "neighbour", "ex-partner's friend" ...


class WitnessSchema(Schema):
    name = Text(120)
    contact = Text(200)
    account = Text(2000)
    willing_to_give_statement = flag()
    support_needed = flag()


class PoliceSchema(Schema):
    informed = flag(required=True)
    crime_reference = Text(40)
    force = Text(80)


class PreviousIncidentsSchema(Schema):
    count = fields.Integer(allow_none=True, validate=validate.Range(min=0, max=10_000))
    reported_before = flag()
    details = Text(2000)


class DamageSchema(Schema):
    description = Text(500, required=True)
    location = Text(200)


class OfficerOfferSchema(Schema):
    """POL-3: the offer of an officer of the same sex or ethnic origin, and the answer."""

    offered = flag(required=True)
    answer = choice(OFFICER_ANSWERS)


class ReportDetailsSchema(Schema):
    """Everything in a report but its idempotency key. ``now`` enables the not-in-the-future rule."""

    channel = choice(CHANNELS, required=True)
    stream = choice(STREAMS, required=True)
    anonymous = fields.Boolean(load_default=False)
    reporter = fields.Nested(ReporterSchema, required=True)
    victims = many(VictimSchema, 10)
    household = nested(HouseholdSchema)
    incident = fields.Nested(IncidentSchema, required=True)
    perception = nested(PerceptionSchema)
    perpetrators = many(PerpetratorSchema, 10)
    witnesses = many(WitnessSchema, 20)
    police = nested(PoliceSchema)
    previous_incidents = nested(PreviousIncidentsSchema)
    damage = nested(DamageSchema)
    officer_offer = nested(OfficerOfferSchema)
    contact_consent = fields.Boolean(load_default=False)

    def __init__(self, *args: Any, now: datetime | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.now = now

    @validates_schema(skip_on_field_errors=False, pass_original=True)
    def rules_across_fields(self, data: dict[str, Any], original: Any, **kwargs: Any) -> None:
        found = checks.problems(data, self.now, original if isinstance(original, dict) else {})
        if found:
            raise ValidationError(_nest(found))


class ReportSchema(ReportDetailsSchema):
    idempotency_key = fields.String(required=True, validate=[
        validate.Length(min=8, max=100),
        validate.Regexp(r"^[A-Za-z0-9._:-]+$", error="Letters, digits and . _ : - only.")])


def _nest(flat: dict[str, list[str]]) -> dict[Any, Any]:
    """``{"victims.0.name": [...]}`` as marshmallow's own nested errors, so the two merge."""
    nested_errors: dict[Any, Any] = {}
    for path, messages in flat.items():
        node = nested_errors
        *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]
        for part in parents:
            node = node.setdefault(part, {})
        node.setdefault(last, []).extend(messages)
    return nested_errors
