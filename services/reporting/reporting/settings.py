"""Reporting's part of the settings (``extra`` in config.yaml), validated once when the service starts.

    landlord: the name printed on every pack
    year_starts: the month the financial year starts (4: April to March)
    homes_owned: homes per stream for NM01, a ``default`` and optionally one entry per year label
    reporting_target: the per cent increase in reporting aimed for, and what it is compared with
    hot_spots: how many areas a list or heat chart shows
    export: the key that makes export references (keep it secret and stable), the smallest area count
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate

from hcs.config import ConfigError
from hcs.errors import flatten_messages
from reporting.domain.periods import FinancialCalendar, ReportingPeriod


@dataclass(frozen=True)
class ReportingSettings:
    landlord: str = "the landlord"
    year_starts: int = 4
    homes_default: Mapping[str, int] = field(default_factory=dict)
    homes_by_year: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    increase_target: float = 10.0
    compared_with: str = "same_period_last_year"  # or previous_period
    top_areas: int = 15
    export_key: bytes = field(default=b"", repr=False)
    export_min_area: int = 5

    @property
    def calendar(self) -> FinancialCalendar:
        return FinancialCalendar(self.year_starts)

    def homes(self, period: ReportingPeriod) -> Mapping[str, int]:
        """Homes owned for the financial year the period starts in (NM01 is per 1,000 homes owned)."""
        label = self.calendar.year_label(self.calendar.year_of(period.first_day))
        return self.homes_by_year.get(label, self.homes_default)

    def compared(self, period: ReportingPeriod) -> ReportingPeriod:
        if self.compared_with == "previous_period":
            return self.calendar.previous(period)
        return self.calendar.year_before(period)


class _HomesSchema(Schema):
    general_needs = fields.Integer(required=True, validate=validate.Range(min=0, max=10_000_000))
    care_support = fields.Integer(required=True, validate=validate.Range(min=0, max=10_000_000))


class _TargetSchema(Schema):
    increase_percent = fields.Float(load_default=10.0, validate=validate.Range(min=-100, max=1000))
    compared_with = fields.String(load_default="same_period_last_year",
                                  validate=validate.OneOf(("same_period_last_year", "previous_period")))


class _ExportSchema(Schema):
    reference_key = fields.String(required=True, validate=validate.Length(min=32))
    min_area_count = fields.Integer(load_default=5, validate=validate.Range(min=5, max=1000))


class _ExtraSchema(Schema):
    landlord = fields.String(load_default="the landlord", validate=validate.Length(min=1, max=120))
    year_starts = fields.Integer(load_default=4, validate=validate.Range(min=1, max=12))
    homes_owned = fields.Dict(keys=fields.String(validate=validate.Regexp(r"^(default|\d{4}(-\d{2})?)$")),
                              values=fields.Nested(_HomesSchema), required=True)
    reporting_target = fields.Nested(_TargetSchema, load_default=lambda: _TargetSchema().load({}))
    hot_spots = fields.Dict(keys=fields.String(validate=validate.OneOf(("top",))),
                            values=fields.Integer(validate=validate.Range(min=1, max=100)), load_default=dict)
    export = fields.Nested(_ExportSchema, required=True)


def reporting_settings(extra: Mapping[str, Any]) -> ReportingSettings:
    try:
        loaded = _ExtraSchema().load({k: v for k, v in extra.items() if k != "retention"})  # hcs.retention's
    except ValidationError as exc:
        # name the bad fields only: the values may be secrets
        bad = ", ".join(sorted(flatten_messages(exc.messages)))
        raise ConfigError(f"invalid reporting settings at: {bad}") from None
    homes = dict(loaded["homes_owned"])
    if "default" not in homes:
        raise ConfigError("invalid reporting settings at: homes_owned.default (homes per stream are required)")
    default = homes.pop("default")
    return ReportingSettings(
        landlord=loaded["landlord"], year_starts=loaded["year_starts"], homes_default=default, homes_by_year=homes,
        increase_target=loaded["reporting_target"]["increase_percent"],
        compared_with=loaded["reporting_target"]["compared_with"], top_areas=loaded["hot_spots"].get("top", 15),
        export_key=loaded["export"]["reference_key"].encode(), export_min_area=loaded["export"]["min_area_count"])
