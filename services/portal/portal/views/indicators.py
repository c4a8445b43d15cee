"""The indicators dashboard: every figure split by stream, charts drawn on the server, and the hot-spot
map of incidents by area and month (POL-7, POL-9; code 1.2.2, 1.3.6)."""

from __future__ import annotations

import re
from typing import Any

from werkzeug.wrappers import Response

from hcs.errors import ValidationFailed
from portal.charts import heat_table
from portal.navigation import INDICATOR_READERS
from portal.views.cases import attempt
from portal.web import Ctx, page

PERIOD = re.compile(r"^\d{4}(-\d{2})?(-[QH][1-4])?$")
CHARTED = ("reports_received", "racist_incidents", "hate_incidents", "cases_opened", "cases_closed", "repairs_24h",
           "referrals", "outcomes")


@page("/indicators", INDICATOR_READERS)
def indicators(ctx: Ctx) -> Response:
    period = ctx.request.args.get("period", "").strip()
    stream = ctx.request.args.get("stream", "") or None
    problem = None
    if period and not PERIOD.match(period):
        problem, period = "A period looks like 2026-27, 2026-27-H1 or 2026-27-Q3.", ""
    try:
        report = ctx.services.reporting.indicators(period or None, stream)
    except ValidationFailed as exc:
        problem = "; ".join(m for ms in exc.fields.values() for m in ms) or exc.message
        report = ctx.services.reporting.indicators(None, None)
    spots, spots_problem = (None, None)
    label = report.get("period")
    if label and PERIOD.match(label):  # hot spots compare one named period with the one before
        spots, spots_problem = attempt(ctx.services.reporting.hot_spots, label, stream)
    return ctx.render("indicators.html", title="Indicators", report=report, charts=charts(report), period=period,
                      stream=stream or "", problem=problem, spots=spots, spots_problem=spots_problem,
                      heat=heat_table((spots or {}).get("heat") or []))


def charts(report: dict[str, Any]) -> list[dict[str, Any]]:
    """One chart per charted indicator: its rows (by strand, outcome ...) or its streams."""
    out = []
    for indicator in report.get("indicators") or []:
        if indicator.get("name") not in CHARTED:
            continue
        rows = [r for r in indicator.get("rows") or [] if r.get("part_of")]
        if rows:
            bars = [(r.get("label") or r.get("key"), (r.get("total") or {}).get("value")) for r in rows]
        else:
            bars = [(stream, value) for stream, value in (indicator.get("by_stream") or {}).items()]
        out.append({"name": indicator["name"], "title": indicator.get("title") or indicator["name"], "bars": bars})
    return out
