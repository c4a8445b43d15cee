"""Repairs' part of the settings (``extra`` in config.yaml), validated once when the service starts.

Errors name the bad fields only, never their values: some of them are contractors' secrets.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from hcs.config import ConfigError
from hcs.errors import flatten_messages
from repairs.domain.catalogue import TRADES
from repairs.domain.contractors import ANYWHERE, DAYS, GENERAL_TRADE, Contractor, Hours

AREA = r"^(\*|[A-Z]{1,2}|[A-Z]{1,2}[0-9][0-9A-Z]?)$"


@dataclass(frozen=True)
class DispatchSettings:
    interval_seconds: float
    timeout_seconds: float
    max_backoff_seconds: float
    batch_size: int


@dataclass(frozen=True)
class SlaSettings:
    at_risk_after_hours: float
    follow_on_working_days: int
    follow_on_warning_hours: float
    planned_working_days: int
    check_interval_seconds: float


@dataclass(frozen=True)
class CalendarSettings:
    country: str
    subdivision: str | None
    timezone: str
    extra_holidays: tuple[date, ...]


@dataclass(frozen=True)
class RepairsSettings:
    dispatch: DispatchSettings
    sla: SlaSettings
    calendar: CalendarSettings
    accept_within: timedelta
    sensitive_terms: tuple[str, ...]
    contractors: tuple[Contractor, ...]

    def contractor(self, name: str) -> Contractor | None:
        return next((c for c in self.contractors if c.name == name), None)

    def accept_window(self, contractor: Contractor) -> timedelta:
        return contractor.accept_within or self.accept_within


class _DispatchSchema(Schema):
    interval_seconds = fields.Float(load_default=0.2, validate=validate.Range(min=0.01, max=60))
    timeout_seconds = fields.Float(load_default=5.0, validate=validate.Range(min=0.1, max=60))
    max_backoff_seconds = fields.Float(load_default=30.0, validate=validate.Range(min=0.1, max=3600))
    batch_size = fields.Integer(load_default=20, validate=validate.Range(min=1, max=500))


class _SlaSchema(Schema):
    at_risk_after_hours = fields.Float(load_default=20.0, validate=validate.Range(min=0.01, max=23.99))
    follow_on_working_days = fields.Integer(load_default=5, validate=validate.Range(min=1, max=60))
    follow_on_warning_hours = fields.Float(load_default=24.0, validate=validate.Range(min=0, max=240))
    planned_working_days = fields.Integer(load_default=5, validate=validate.Range(min=1, max=60))
    check_interval_seconds = fields.Float(load_default=10.0, validate=validate.Range(min=0.01, max=600))


class _CalendarSchema(Schema):
    country = fields.String(load_default="GB", validate=validate.Regexp(r"^[A-Z]{2}$"))
    subdivision = fields.String(load_default="ENG", allow_none=True, validate=validate.Length(max=10))
    timezone = fields.String(load_default="Europe/London", validate=validate.Length(min=1, max=60))
    extra_holidays = fields.List(fields.Date(), load_default=list)


class _HoursSchema(Schema):
    days = fields.List(fields.String(validate=validate.OneOf(DAYS)), load_default=lambda: list(DAYS),
                       validate=validate.Length(min=1))
    opens = fields.Time(load_default=time(0, 0))
    closes = fields.Time(load_default=time(0, 0))


class _ContractorSchema(Schema):
    display_name = fields.String(load_default="", validate=validate.Length(max=120))
    endpoint = fields.Url(required=True, require_tld=False, schemes={"http", "https"})
    secret = fields.String(required=True, validate=validate.Regexp(
        r"^whsec_[A-Za-z0-9+/]{24,}={0,2}$", error="A Standard Webhooks secret: whsec_ and base64."))
    trades = fields.List(fields.String(validate=validate.OneOf((*TRADES, GENERAL_TRADE))),
                         load_default=lambda: [GENERAL_TRADE], validate=validate.Length(min=1))
    areas = fields.List(fields.String(validate=validate.Regexp(AREA)), load_default=lambda: [ANYWHERE],
                        validate=validate.Length(min=1))
    hours = fields.Nested(_HoursSchema, load_default=lambda: _HoursSchema().load({}))
    emergency_cover = fields.Boolean(load_default=True)
    capacity = fields.Integer(load_default=50, validate=validate.Range(min=1, max=10_000))
    accept_within_minutes = fields.Float(load_default=None, allow_none=True,
                                         validate=validate.Range(min=0.01, max=24 * 60))


class _ExtraSchema(Schema):
    dispatch = fields.Nested(_DispatchSchema, load_default=lambda: _DispatchSchema().load({}))
    sla = fields.Nested(_SlaSchema, load_default=lambda: _SlaSchema().load({}))
    calendar = fields.Nested(_CalendarSchema, load_default=lambda: _CalendarSchema().load({}))
    accept_within_minutes = fields.Float(load_default=30.0, validate=validate.Range(min=0.01, max=24 * 60))
    sensitive_terms = fields.List(fields.String(validate=validate.Length(min=2, max=40)), load_default=list)
    contractors = fields.Dict(keys=fields.String(validate=validate.Regexp(r"^[a-z0-9][a-z0-9_-]{0,63}$")),
                              values=fields.Nested(_ContractorSchema), required=True,
                              validate=validate.Length(min=1))

    @validates_schema
    def _known_time_zone(self, data: dict[str, Any], **kwargs: Any) -> None:
        try:
            ZoneInfo(data["calendar"]["timezone"])
        except (KeyError, ValueError, ZoneInfoNotFoundError):
            raise ValidationError("Not a known time zone.", "calendar.timezone") from None


def _contractor(name: str, raw: dict[str, Any]) -> Contractor:
    hours = Hours(frozenset(DAYS.index(d) for d in raw["hours"]["days"]), raw["hours"]["opens"],
                  raw["hours"]["closes"])
    within = raw["accept_within_minutes"]
    return Contractor(name, raw["endpoint"], raw["secret"], tuple(raw["trades"]), tuple(raw["areas"]), hours,
                      raw["emergency_cover"], raw["capacity"], raw["display_name"],
                      timedelta(minutes=within) if within else None)


def repairs_settings(extra: Mapping[str, Any]) -> RepairsSettings:
    keys = ("dispatch", "sla", "calendar", "accept_within_minutes", "sensitive_terms", "contractors")
    try:
        loaded = _ExtraSchema().load({k: extra[k] for k in keys if k in extra})
    except ValidationError as exc:
        raise ConfigError("invalid repairs settings at: " + ", ".join(
            sorted(flatten_messages(exc.messages)))) from None
    calendar = loaded["calendar"]
    return RepairsSettings(
        DispatchSettings(**loaded["dispatch"]), SlaSettings(**loaded["sla"]),
        CalendarSettings(calendar["country"], calendar["subdivision"], calendar["timezone"],
                         tuple(calendar["extra_holidays"])),
        timedelta(minutes=loaded["accept_within_minutes"]), tuple(loaded["sensitive_terms"]),
        tuple(_contractor(name, raw) for name, raw in loaded["contractors"].items()))
