"""Marshmallow schemas for the payloads of cases' RPC commands: every field checked at the boundary,
every bad one named in one ``ValidationFailed``."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from cases.domain.conferences import INTERNAL
from cases.domain.reviews import OFFICER_SENIOR, SENIOR_MANAGER
from cases.domain.risk import FACTORS
from cases.domain.staff import SEXES
from cases.domain.vocabulary import (
    AGREEMENTS,
    ASB_CATEGORIES,
    CASE_OUTCOMES,
    CONTACT_KINDS,
    CONTACT_PARTIES,
    JOB_TYPES,
    OFFICER_PREFERENCES,
    PARTNER_KINDS,
    REMEDIES,
    REMEDY_STATUSES,
    STAFF_ROLES,
    STRANDS,
    STREAMS,
    SUPPORT_ACTIONS,
    TP12_ANSWERS,
)


def text(max_length: int, required: bool = False) -> fields.String:
    if required:
        return fields.String(required=True, validate=validate.Length(min=1, max=max_length))
    return fields.String(load_default=None, allow_none=True, validate=validate.Length(max=max_length))


def ident(required: bool = True) -> fields.String:
    if required:
        return fields.String(required=True, validate=validate.Length(min=1, max=120))
    return fields.String(load_default=None, allow_none=True, validate=validate.Length(min=1, max=120))


def choice(options: tuple[str, ...] | frozenset[str], required: bool = True) -> fields.String:
    if required:
        return fields.String(required=True, validate=validate.OneOf(sorted(options)))
    return fields.String(load_default=None, allow_none=True, validate=validate.OneOf(sorted(options)))


class Command(Schema):
    """Commands that create a record take an optional idempotency key: a retried call (RPC can run
    twice) returns the record the first call made."""

    idempotency_key = fields.String(load_default=None, allow_none=True, validate=validate.Length(min=8, max=100))


class MatchSchema(Schema):
    """What the victim said about themselves to have an officer of the same sex or ethnic origin."""

    sex = choice(SEXES, required=False)
    ethnic_origin = text(60)


class AllocateSchema(Schema):
    officer_id = ident(required=False)
    match = fields.Nested(MatchSchema, load_default=None, allow_none=True)
    note = text(300)


class PreferenceSchema(Schema):
    preference = choice(OFFICER_PREFERENCES)
    match = fields.Nested(MatchSchema, load_default=None, allow_none=True)


class RiskSchema(Command):
    factors = fields.Dict(keys=fields.String(validate=validate.OneOf(FACTORS)),
                          values=fields.Integer(strict=True, validate=validate.Range(min=0, max=3)), required=True)
    notes = text(4000)


class ClassificationSchema(Command):
    hate_incident = fields.Boolean(required=True)
    strands = fields.List(fields.String(validate=validate.OneOf(STRANDS)), required=True,
                          validate=validate.Length(max=len(STRANDS)))
    asb_category = choice(ASB_CATEGORIES, required=False)
    rationale = text(4000, required=True)


class UpdateFrequencySchema(Schema):
    every_working_days = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=60))


class ContactSchema(Command):
    kind = choice(CONTACT_KINDS)
    party = choice(CONTACT_PARTIES)
    direction = choice(("inbound", "outbound"))
    successful = fields.Boolean(load_default=True)
    contacted_at = fields.AwareDateTime(load_default=None, allow_none=True)
    summary = text(4000, required=True)
    corrects = ident(required=False)


class ActionSchema(Command):
    action_type = choice(SUPPORT_ACTIONS)
    description = text(500, required=True)
    owner_id = ident(required=False)
    due_at = fields.AwareDateTime(load_default=None, allow_none=True)
    agreement = choice(AGREEMENTS, required=False)
    agreement_note = text(1000)
    location = text(200)
    job_type = choice(JOB_TYPES, required=False)
    access_notes = text(500)


class AgreementSchema(Schema):
    agreement = choice(AGREEMENTS)
    note = text(1000)


class NoteSchema(Schema):
    note = text(1000)


class ReasonSchema(Schema):
    reason = text(300, required=True)


class RequiredNoteSchema(Schema):
    note = text(300, required=True)


class RemedySchema(Command):
    remedy = choice(REMEDIES)
    victim_view = choice(AGREEMENTS)
    perpetrator_key = fields.String(load_default=None, allow_none=True, validate=validate.Length(min=1, max=64))
    reason = text(2000)
    historic_status = choice(("granted", "breached", "ended"), required=False)
    expires_on = fields.Date(load_default=None, allow_none=True)


class ProgressSchema(Schema):
    status = choice(REMEDY_STATUSES)
    at = fields.AwareDateTime(load_default=None, allow_none=True)
    note = text(2000)
    expires_on = fields.Date(load_default=None, allow_none=True)


class AttendeeSchema(Schema):
    agency = choice(frozenset(PARTNER_KINDS) | INTERNAL)
    role = text(100, required=True)


class ConferenceActionSchema(Schema):
    description = text(500, required=True)
    owner = text(120, required=True)
    due_on = fields.Date(load_default=None, allow_none=True)


class ConferenceSchema(Command):
    scheduled_for = fields.AwareDateTime(required=True)
    attendees = fields.List(fields.Nested(AttendeeSchema), required=True, validate=validate.Length(min=1, max=30))
    purpose = text(1000, required=True)
    victim_consented = fields.Boolean(required=True)


class ConferenceRecordSchema(Schema):
    held_at = fields.AwareDateTime(required=True)
    minutes = text(20000, required=True)
    attendees = fields.List(fields.Nested(AttendeeSchema), load_default=None, allow_none=True,
                            validate=validate.Length(min=1, max=30))
    actions = fields.List(fields.Nested(ConferenceActionSchema), load_default=list, validate=validate.Length(max=50))


class ReviewSchema(Command):
    kind = choice((OFFICER_SENIOR, SENIOR_MANAGER))
    factors = fields.Dict(keys=fields.String(validate=validate.OneOf(FACTORS)),
                          values=fields.Integer(strict=True, validate=validate.Range(min=0, max=3)),
                          load_default=None, allow_none=True)
    notes = text(8000, required=True)
    next_steps = text(4000)


class ChecklistSchema(Schema):
    victim_told = fields.Boolean(load_default=False)
    actions_ended = fields.Boolean(load_default=False)
    referrals_closed = fields.Boolean(load_default=False)


class ClosureSchema(Command):
    outcome = choice(CASE_OUTCOMES)
    checklist = fields.Nested(ChecklistSchema, required=True)
    note = text(4000, required=True)


class DecisionSchema(Schema):
    decision = choice(("approve", "reject"))
    note = text(2000)


class SurveySchema(Schema):
    tp12 = choice(TP12_ANSWERS, required=False)
    kept_informed = fields.Boolean(load_default=None, allow_none=True)
    feels_safer = fields.Boolean(load_default=None, allow_none=True)
    comments = text(2000)
    declined = fields.Boolean(load_default=False)


class StaffSchema(Schema):
    staff_id = ident()
    name = text(200, required=True)
    role = choice(STAFF_ROLES)
    team = fields.String(required=True, validate=validate.Length(min=1, max=64))
    patches = fields.List(fields.String(validate=validate.Length(min=1, max=64)), load_default=list)
    streams = fields.List(fields.String(validate=validate.OneOf(STREAMS)), load_default=lambda: list(STREAMS),
                          validate=validate.Length(min=1))
    reports_to = ident(required=False)
    trained_on = fields.Date(load_default=None, allow_none=True)
    sex = choice(SEXES, required=False)
    ethnic_origin = text(60)
    active = fields.Boolean(load_default=True)


class ListSchema(Schema):
    status = choice(("open", "closed"), required=False)
    team = fields.String(load_default=None, allow_none=True, validate=validate.Length(min=1, max=64))
    limit = fields.Integer(load_default=100, validate=validate.Range(min=1, max=500))
    training_overdue_only = fields.Boolean(load_default=False)
