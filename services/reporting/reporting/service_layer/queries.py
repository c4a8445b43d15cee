"""What callers ask reporting for, and the reporting period each request resolves to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from hcs.errors import ValidationFailed
from reporting.domain.periods import BadPeriod, FinancialCalendar, Period, ReportingPeriod, days


@dataclass(frozen=True)
class IndicatorQuery:
    period: str | None = None  # a label (2026-27-Q1) or "latest-quarter" ...; else the dates below
    period_start: date | None = None
    period_end: date | None = None  # exclusive
    stream: str | None = None


@dataclass(frozen=True)
class PackRequest:
    kind: str
    period: str  # a label of the pack's kind of period, or "latest"


@dataclass(frozen=True)
class HotSpotQuery:
    period: str
    level: str = "sector"
    incidents: str = "all"  # all | hate | racist
    stream: str | None = None
    limit: int | None = None


@dataclass(frozen=True)
class ExportRequest:
    period: str
    format: str = "csv"


@dataclass(frozen=True)
class Window:
    """The period a request covers: a named reporting period, or every day there is."""

    period: ReportingPeriod | None
    span: Period

    @property
    def label(self) -> str:
        return self.period.label if self.period else "all"

    @property
    def title(self) -> str:
        return self.period.title if self.period else "All time"


ALL_TIME = Window(None, Period())


def resolve(calendar: FinancialCalendar, label: str, today: date, field: str = "period") -> ReportingPeriod:
    """A label such as ``2026-27-Q1``, or ``latest-year`` / ``latest-half`` / ``latest-quarter``: the
    latest complete period of that kind."""
    try:
        if label.startswith("latest-"):
            kind = label.removeprefix("latest-")
            if kind not in ("year", "half", "quarter"):
                raise BadPeriod("latest-year, latest-half or latest-quarter")
            return calendar.latest_complete(kind, today)
        return calendar.parse(label)
    except BadPeriod as exc:
        raise ValidationFailed("the period is not one reporting knows", {field: [str(exc)]}) from None


def window(calendar: FinancialCalendar, query: IndicatorQuery, today: date) -> Window:
    if query.period:
        period = resolve(calendar, query.period, today)
        return Window(period, period.span)
    if query.period_start is None and query.period_end is None:
        return ALL_TIME
    if query.period_start is not None and query.period_end is not None:
        period = days(query.period_start, query.period_end)
        return Window(period, period.span)
    return Window(None, Period.of_days(query.period_start, query.period_end))


def pack_period(calendar: FinancialCalendar, period_kind: str, label: str, today: date) -> ReportingPeriod:
    period = resolve(calendar, f"latest-{period_kind}" if label == "latest" else label, today)
    if period.kind != period_kind:
        example = _example(calendar, period_kind)
        raise ValidationFailed("the period does not suit this pack",
                               {"period": [f"this pack covers a {period_kind}, such as {example}"]})
    return period


def _example(calendar: FinancialCalendar, kind: str) -> str:
    return calendar.period(kind, 2026, 1).label
