"""Events published by intake.

``report_received`` carries only what cases, repairs and reporting need: no names, no contact
details, no narrative, no special category detail beyond the perceived strands (which the case and
the regulator's measures need). Staff read the full report from intake, audited.
"""

from marshmallow import Schema, fields, validate

from hcs.contracts.common import (
    ASB_CATEGORIES,
    CHANNELS,
    INCIDENT_TYPES,
    LOCATION_TYPES,
    OFFICER_PREFERENCES,
    PERCEIVERS,
    STRANDS,
    TRIAGE_FLAGS,
    TRIAGE_OUTCOMES,
    ident,
    moment,
    one_of,
    optional_moment,
    short_text,
    stream,
    words,
)


class AddressV1(Schema):
    uprn = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=12))
    postcode = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=10))
    line = short_text(200)


class DamageV1(Schema):
    description = fields.String(required=True, validate=validate.Length(min=1, max=500))
    location = short_text(200)


class ReportSummaryV1(Schema):
    """What downstream services know of a report; shared by received and amended."""

    report_id = ident()
    stream = stream()
    channel = one_of(CHANNELS)
    triage = one_of(TRIAGE_OUTCOMES)
    asb_category = one_of(ASB_CATEGORIES, required=False)  # set when triage is other_asb
    triage_reasons = fields.List(fields.String(validate=validate.Length(max=300)), load_default=list)
    strands = words(STRANDS)
    perceived_by = one_of(PERCEIVERS, required=False)
    incident_types = words(INCIDENT_TYPES)
    incident_at = optional_moment()
    location_type = one_of(LOCATION_TYPES, required=False)
    flags = words(TRIAGE_FLAGS)
    address = fields.Nested(AddressV1, load_default=None, allow_none=True)
    # keys that say "the same party": the victim household, and each alleged perpetrator
    household_key = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=64))
    perpetrator_keys = fields.List(fields.String(validate=validate.Length(max=64)), load_default=list,
                                   validate=validate.Length(max=10))
    perpetrator_identified = fields.Boolean(load_default=False)
    damage = fields.Nested(DamageV1, load_default=None, allow_none=True)
    anonymous = fields.Boolean(load_default=False)
    officer_preference = one_of(OFFICER_PREFERENCES, required=False)
    contact_consent = fields.Boolean(load_default=False)
    police_informed = fields.Boolean(load_default=False)
    # earlier reports, from other channels, that may describe the same incident (flag possible_duplicate)
    possible_duplicate_of = fields.List(fields.String(validate=validate.Length(max=64)), load_default=list,
                                        validate=validate.Length(max=10))


class ReportReceivedV1(ReportSummaryV1):
    received_at = moment()


class ReportAmendedV1(ReportSummaryV1):
    amended_at = moment()
    version = fields.Integer(required=True, validate=validate.Range(min=2))


class ReportWithdrawnV1(Schema):
    report_id = ident()
    stream = stream()
    withdrawn_at = moment()
    reason = one_of(("made_in_error", "duplicate", "reporter_request", "other"))


class ReportErasedV1(Schema):
    """The report's retention period ended (a report that opened no case: ``report_without_case``):
    intake deleted it. Every service deletes or anonymises its own copy and remembers the id, so a
    replay of the report's old events never brings it back (``hcs.erasure``)."""

    report_id = ident()
    stream = stream()
    erased_at = moment()
    rule = fields.String(required=True, validate=validate.Length(min=1, max=64))


CONTRACTS = {
    ("report_received", 1): ReportReceivedV1,
    ("report_amended", 1): ReportAmendedV1,
    ("report_withdrawn", 1): ReportWithdrawnV1,
    ("report_erased", 1): ReportErasedV1,
}
