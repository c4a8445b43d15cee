"""Marshmallow schemas for reporting's RPC payloads and results."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, post_load, validate, validates_schema

from reporting.domain.facts import STREAMS
from reporting.service_layer.handlers import IndicatorQuery


class IndicatorQuerySchema(Schema):
    period_start = fields.Date(load_default=None, allow_none=True)
    period_end = fields.Date(load_default=None, allow_none=True)
    stream = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(STREAMS))

    @validates_schema(skip_on_field_errors=False)
    def period_runs_forwards(self, data: dict[str, Any], **kwargs: Any) -> None:
        start, end = data.get("period_start"), data.get("period_end")
        if start is not None and end is not None and end <= start:
            raise ValidationError("The period must end after it starts.", "period_end")

    @post_load
    def make(self, data: dict[str, Any], **kwargs: Any) -> IndicatorQuery:
        return IndicatorQuery(**data)


class FiguresSchema(Schema):
    name = fields.Function(lambda f: f.indicator.name)
    definition = fields.Function(lambda f: f.indicator.definition)
    event_type = fields.Function(lambda f: f.indicator.event_type)
    by_stream = fields.Dict(keys=fields.String(), values=fields.Integer())
    total = fields.Integer()


class IndicatorReportSchema(Schema):
    period_start = fields.Function(lambda r: r.query.period_start and r.query.period_start.isoformat())
    period_end = fields.Function(lambda r: r.query.period_end and r.query.period_end.isoformat())
    period_rule = fields.Constant("period_start inclusive, period_end exclusive, UK calendar days")
    stream = fields.Function(lambda r: r.query.stream)
    indicators = fields.List(fields.Nested(FiguresSchema), attribute="figures")
