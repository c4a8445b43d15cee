"""The indicators dashboard: every figure split by stream (POL-7), charts drawn on the server, and
the hot spots of the same period (POL-9; code 1.2.2, 1.3.6). The period is this quarter so far unless
another is chosen; ``all`` is every day there is."""

from __future__ import annotations

from datetime import date
from typing import Any

from werkzeug.wrappers import Response

from hcs.errors import ValidationFailed
from portal import periods, words
from portal.charts import heat_table
from portal.navigation import INDICATOR_READERS
from portal.views.cases import attempt
from portal.web import Ctx, page

CHARTED = ("reports_received", "racist_incidents", "hate_incidents", "cases_opened", "cases_closed", "repairs_24h",
           "referrals", "outcomes")
ALL_TIME = "all"


def chosen_period(ctx: Ctx) -> tuple[str, str | None]:
    """The period asked for (a label, ``all``, or this quarter), and what was wrong with it."""
    period = ctx.request.args.get("period", "").strip()
    if not period:
        return periods.this_quarter(date.today()), None
    if period != ALL_TIME and not periods.LABEL.match(period):
        return periods.this_quarter(date.today()), "A period looks like 2026-27, 2026-27-H1 or 2026-27-Q3."
    return period, None


def chosen_stream(ctx: Ctx) -> str | None:
    stream = ctx.request.args.get("stream", "")
    return stream if stream in ("general_needs", "care_support") else None


@page("/indicators", INDICATOR_READERS)
def indicators(ctx: Ctx) -> Response:
    period, problem = chosen_period(ctx)
    stream = chosen_stream(ctx)
    try:
        report = ctx.services.reporting.indicators(None if period == ALL_TIME else period, stream)
    except ValidationFailed as exc:
        problem = "; ".join(m for ms in exc.fields.values() for m in ms) or exc.message
        period = periods.this_quarter(date.today())
        report = ctx.services.reporting.indicators(period, stream)
    spots, spots_problem = None, None
    label = report.get("period")
    if label and label != ALL_TIME:  # hot spots compare a named period with the one before
        spots, spots_problem = attempt(ctx.services.reporting.hot_spots, label, stream)
    return ctx.render("indicators.html", status=422 if problem else 200, title="Indicators", report=report,
                      charts=charts(report), period=period, stream=stream or "", problem=problem, spots=spots,
                      spots_problem=spots_problem, heat=heat_table((spots or {}).get("heat") or []),
                      choices=[(ALL_TIME, "All time"), *periods.choices(date.today())])


def charts(report: dict[str, Any]) -> list[dict[str, Any]]:
    """One chart per charted indicator: its parts (strands, outcomes, kinds of partner) in total, or
    its headline by stream; each bar with the figure as reporting shows it ("<5", "50.0% (1 of 2)")."""
    out = []
    for indicator in report.get("indicators") or []:
        if indicator.get("name") not in CHARTED:
            continue
        rows = indicator.get("rows") or []
        parts = [r for r in rows if r.get("part_of")]
        headline = next((r for r in rows if not r.get("part_of")), None)
        if parts:
            bars = [_bar(r.get("label") or r.get("key"), r.get("total")) for r in parts]
        elif headline is not None:
            bars = [_bar(words.say(s), headline.get(s)) for s in report.get("streams") or ()]
        else:
            by_stream = (indicator.get("by_stream") or {}).items()
            bars = [(words.say(s), v, "" if v is None else str(v)) for s, v in by_stream]
        out.append({"name": indicator["name"], "title": indicator.get("title") or indicator["name"], "bars": bars})
    return out


def _bar(label: Any, figure: dict[str, Any] | None) -> tuple[str, Any, str]:
    figure = figure or {}
    return str(label), figure.get("value"), str(figure.get("shown") if figure.get("shown") is not None else "")
