"""Marshmallow schemas for reporting's RPC payloads and results.

A hidden figure is dumped with no value, numerator or denominator at all, only its shown text
("<5" or "*"): the true figure never leaves the service for an audience that may not see it.
"""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, post_load, validate, validates_schema

from reporting.domain.figures import STREAMS, TOTAL, Figure
from reporting.domain.hotspots import LEVELS
from reporting.domain.packs import PACK_KINDS
from reporting.service_layer.areas import INCIDENTS
from reporting.service_layer.packs import MAX_PIECE
from reporting.service_layer.queries import ExportRequest, HotSpotQuery, IndicatorQuery, PackRequest

PERIOD = validate.Length(min=4, max=30)
PERIOD_RULE = "period_start inclusive, period_end exclusive, UK calendar days (Europe/London)"


class IndicatorQuerySchema(Schema):
    period = fields.String(load_default=None, allow_none=True, validate=PERIOD)
    period_start = fields.Date(load_default=None, allow_none=True)
    period_end = fields.Date(load_default=None, allow_none=True)
    stream = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(STREAMS))

    @validates_schema(skip_on_field_errors=False)
    def one_way_to_say_the_period(self, data: dict[str, Any], **kwargs: Any) -> None:
        start, end = data.get("period_start"), data.get("period_end")
        if data.get("period") and (start or end):
            raise ValidationError("Give a period label or dates, not both.", "period")
        if start is not None and end is not None and end <= start:
            raise ValidationError("The period must end after it starts.", "period_end")

    @post_load
    def make(self, data: dict[str, Any], **kwargs: Any) -> IndicatorQuery:
        return IndicatorQuery(**data)


class PackRequestSchema(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(sorted(PACK_KINDS)))
    period = fields.String(load_default="latest", validate=PERIOD)

    @post_load
    def make(self, data: dict[str, Any], **kwargs: Any) -> PackRequest:
        return PackRequest(**data)


class HotSpotQuerySchema(Schema):
    period = fields.String(required=True, validate=PERIOD)
    level = fields.String(load_default="sector", validate=validate.OneOf(LEVELS))
    incidents = fields.String(load_default="all", validate=validate.OneOf(sorted(INCIDENTS)))
    stream = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(STREAMS))
    limit = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(min=1, max=100))

    @post_load
    def make(self, data: dict[str, Any], **kwargs: Any) -> HotSpotQuery:
        return HotSpotQuery(**data)


class ExportRequestSchema(Schema):
    period = fields.String(required=True, validate=PERIOD)
    format = fields.String(load_default="csv", validate=validate.OneOf(("csv", "json")))

    @post_load
    def make(self, data: dict[str, Any], **kwargs: Any) -> ExportRequest:
        return ExportRequest(**data)


class ArtefactRequestSchema(Schema):
    artefact_id = fields.UUID(required=True)
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0))
    length = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(min=1, max=MAX_PIECE))


class ListPacksSchema(Schema):
    kind = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(sorted(PACK_KINDS)))


def figure(f: Figure) -> dict[str, Any]:
    if f.hidden:
        return {"value": None, "numerator": None, "denominator": None, "shown": f.text}
    return {"value": f.value, "numerator": f.numerator, "denominator": f.denominator, "shown": f.text}


class ArtefactSchema(Schema):
    artefact_id = fields.String()
    name = fields.String()
    media_type = fields.String()
    size = fields.Integer()
    sha256 = fields.String()
    kind = fields.String()
    period = fields.String()
    created_at = fields.AwareDateTime()


class PackManifestSchema(Schema):
    pack_id = fields.String()
    kind = fields.String()
    period = fields.String()
    title = fields.String()
    audience = fields.String()
    files = fields.List(fields.Nested(ArtefactSchema))


def indicator_report(report: Any) -> dict[str, Any]:
    columns = (*report.streams, TOTAL)
    window = report.window
    return {
        "period": window.label, "period_title": window.title,
        "period_start": window.period.first_day.isoformat() if window.period else
        _day(window.span.starts), "period_end": window.period.end_day.isoformat() if window.period else
        _day(window.span.ends), "period_rule": PERIOD_RULE,
        "stream": report.streams[0] if len(report.streams) == 1 else None, "streams": list(report.streams),
        "suppressed": report.suppressed,
        "figures_as_at": report.as_at.isoformat() if report.as_at else None,
        "indicators": [{
            "name": f.indicator.key, "title": f.indicator.title, "definition": f.indicator.definition,
            "source": f.indicator.source,
            "by_stream": {s: f.headline.cells[s].value for s in report.streams},
            "total": f.headline.cells[TOTAL].value,
            "rows": [{"key": r.row.key, "label": r.row.label, "part_of": r.row.part_of,
                      **{c: figure(r.cells[c]) for c in columns}} for r in f.rows],
        } for f in report.figures],
        "reporting_target": None if report.compared is None else {
            "compared_with": report.compared.label, "increase_percent": report.targets[0].increase_target
            if report.targets else None,
            "lines": [{"figure": t.key, "column": t.column, "now": figure(t.now), "before": figure(t.before),
                       "change_percent": t.change, "met": t.met} for t in report.targets]},
    }


def _day(moment: Any) -> str | None:
    from reporting.domain.periods import LANDLORD_TIME

    return moment.astimezone(LANDLORD_TIME).date().isoformat() if moment is not None else None


def hot_spot_report(report: Any) -> dict[str, Any]:
    return {
        "period": report.period.label, "previous_period": report.previous.label, "level": report.spots.level,
        "incidents": report.incidents, "areas_with_incidents": report.spots.areas_with_incidents,
        "unmapped": figure(report.spots.unmapped),
        "areas": [{"rank": s.rank, "area": s.area, "incidents": figure(s.incidents), "previous": figure(s.previous),
                   "change": s.change, "addresses": s.addresses, "repeat_addresses": s.repeat_addresses}
                  for s in report.spots.spots],
        "months": report.months, "heat": report.heat,
    }
