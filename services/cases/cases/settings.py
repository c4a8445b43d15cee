"""Cases' part of the settings (``extra`` in config.yaml), validated once when the service starts.
Everything is optional: the defaults are the issue's (see each domain module)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import time
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate

from cases.domain.approvals import ApprovalRules, default_roles
from cases.domain.calendar import REGIONS, WorkingCalendar
from cases.domain.policy import CasePolicy
from cases.domain.reviews import ReviewCadence
from cases.domain.risk import FACTORS, RiskMatrix
from cases.domain.staff import Placement, TrainingRule
from cases.domain.targets import ResponseTargets
from cases.domain.trigger import CommunityTriggerRule
from hcs.config import ConfigError
from hcs.errors import flatten_messages

POSITIVE = validate.Range(min=1)
LEVELS = fields.Dict(keys=fields.String(validate=validate.OneOf(("high", "medium", "standard"))),
                     values=fields.Integer(validate=POSITIVE))


@dataclass(frozen=True)
class CasesSettings:
    policy: CasePolicy
    placements: tuple[Placement, ...]
    default_team: str | None
    reminder_interval_seconds: float
    reminder_batch_size: int


class _Calendar(Schema):
    region = fields.String(load_default="england_and_wales", validate=validate.OneOf(sorted(REGIONS)))
    timezone = fields.String(load_default="Europe/London")
    close_of_business = fields.Time(load_default=time(17, 0))
    closure_days = fields.List(fields.Date(), load_default=list)


class _Targets(Schema):
    priority_first_contact_working_days = fields.Integer(load_default=1, validate=POSITIVE)
    threats_first_contact_hours = fields.Integer(load_default=24, validate=POSITIVE)
    standard_first_contact_working_days = fields.Integer(load_default=3, validate=POSITIVE)
    max_update_interval_working_days = fields.Integer(load_default=10, validate=POSITIVE)


class _Reviews(Schema):
    officer_senior_days = LEVELS
    senior_manager_days = LEVELS


class _Risk(Schema):
    medium_from = fields.Integer(load_default=30, validate=validate.Range(min=1, max=99))
    high_from = fields.Integer(load_default=60, validate=validate.Range(min=2, max=100))
    weights = fields.Dict(keys=fields.String(validate=validate.OneOf(FACTORS)),
                          values=fields.Integer(validate=validate.Range(min=0, max=10)))


class _Trigger(Schema):
    reports = fields.Integer(load_default=3, validate=POSITIVE)
    months = fields.Integer(load_default=6, validate=POSITIVE)
    hate_incidents = fields.Integer(load_default=1, validate=validate.Range(min=0))


class _Training(Schema):
    refresher_months = fields.Integer(load_default=12, validate=POSITIVE)
    block_when_overdue = fields.Boolean(load_default=False)


class _Patch(Schema):
    team = fields.String(required=True, validate=validate.Length(min=1, max=64))
    postcodes = fields.List(fields.String(validate=validate.Length(min=1, max=8)), required=True)
    stream = fields.String(load_default=None, validate=validate.OneOf(("general_needs", "care_support")))


class _Allocation(Schema):
    default_team = fields.String(load_default=None, validate=validate.Length(min=1, max=64))
    patches = fields.Dict(keys=fields.String(validate=validate.Length(min=1, max=64)),
                          values=fields.Nested(_Patch), load_default=dict)


class _Reminders(Schema):
    interval_seconds = fields.Float(load_default=60.0, validate=validate.Range(min=0.05, max=3600))
    batch_size = fields.Integer(load_default=200, validate=validate.Range(min=1, max=5000))


class _Extra(Schema):
    calendar = fields.Nested(_Calendar, load_default=lambda: _Calendar().load({}))
    targets = fields.Nested(_Targets, load_default=lambda: _Targets().load({}))
    reviews = fields.Nested(_Reviews, load_default=dict)
    risk = fields.Nested(_Risk, load_default=lambda: _Risk().load({}))
    community_trigger = fields.Nested(_Trigger, load_default=lambda: _Trigger().load({}))
    training = fields.Nested(_Training, load_default=lambda: _Training().load({}))
    approvals = fields.Dict(keys=fields.String(validate=validate.OneOf(sorted(default_roles()))),
                            values=fields.List(fields.String(validate=validate.OneOf(("senior", "manager"))),
                                               validate=validate.Length(min=1)), load_default=dict)
    allocation = fields.Nested(_Allocation, load_default=lambda: _Allocation().load({}))
    reminders = fields.Nested(_Reminders, load_default=lambda: _Reminders().load({}))


KEYS = tuple(_Extra().fields)


def cases_settings(extra: Mapping[str, Any]) -> CasesSettings:
    try:
        loaded = _Extra().load({k: extra[k] for k in KEYS if k in extra})
        return _build(loaded)
    except ValidationError as exc:
        raise ConfigError("invalid cases settings at: " + ", ".join(sorted(flatten_messages(exc.messages)))) from None
    except (ValueError, KeyError) as exc:
        raise ConfigError(f"invalid cases settings: {exc}") from None


def _build(c: dict[str, Any]) -> CasesSettings:
    calendar = WorkingCalendar(**c["calendar"])
    reviews = {k: v for k, v in c["reviews"].items() if v}
    risk = dict(c["risk"])
    matrix = RiskMatrix(risk["medium_from"], risk["high_from"], risk["weights"]) if risk.get("weights") \
        else RiskMatrix(risk["medium_from"], risk["high_from"])
    roles = {**default_roles(), **{k: frozenset(v) for k, v in c["approvals"].items()}}
    policy = CasePolicy(ResponseTargets(**c["targets"]), calendar, ReviewCadence(**reviews), matrix,
                        CommunityTriggerRule(**c["community_trigger"]), ApprovalRules(roles),
                        TrainingRule(**c["training"]))
    allocation = c["allocation"]
    placements = tuple(Placement(name, p["team"], tuple(p["postcodes"]), p["stream"])
                       for name, p in allocation["patches"].items())
    return CasesSettings(policy, placements, allocation["default_team"], c["reminders"]["interval_seconds"],
                         c["reminders"]["batch_size"])
