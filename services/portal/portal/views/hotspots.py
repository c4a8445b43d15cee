"""Hot spots (code 1.2.2): where incidents cluster, by postcode sector (or, for staff, clusters of
neighbouring addresses), ranked, with the change since the period before, drawn as a tile map of
districts and sectors and as a heat grid by month. Board members see sectors with five or more."""

from __future__ import annotations

from datetime import date

from werkzeug.wrappers import Response

from hcs.errors import Forbidden, ValidationFailed
from portal import periods
from portal.charts import heat_table, tile_map
from portal.clients.reporting import HOT_SPOT_INCIDENTS, HOT_SPOT_LEVELS
from portal.navigation import HOT_SPOT_READERS
from portal.views.indicators import ALL_TIME, chosen_period, chosen_stream
from portal.web import Ctx, page


@page("/hot-spots", HOT_SPOT_READERS)
def hot_spots(ctx: Ctx) -> Response:
    period, problem = chosen_period(ctx)
    if period == ALL_TIME:
        period, problem = periods.this_quarter(date.today()), "Hot spots compare one period with the one before."
    stream = chosen_stream(ctx)
    level = ctx.request.args.get("level", "sector")
    level = level if level in HOT_SPOT_LEVELS else "sector"
    incidents = ctx.request.args.get("incidents", "all")
    incidents = incidents if incidents in HOT_SPOT_INCIDENTS else "all"
    try:
        spots = ctx.services.reporting.hot_spots(period, stream, level, incidents)
    except (ValidationFailed, Forbidden) as exc:
        fields = getattr(exc, "fields", {}) or {}
        problem = "; ".join(m for ms in fields.values() for m in ms) or exc.message
        period, level = periods.this_quarter(date.today()), "sector"
        spots = ctx.services.reporting.hot_spots(period, stream, level, incidents)
    return ctx.render("hot_spots.html", status=422 if problem else 200, title="Hot spots", spots=spots,
                      heat=heat_table(spots.get("heat") or []), map=tile_map(spots.get("areas") or [], level),
                      period=period, stream=stream or "", level=level, incidents=incidents, problem=problem,
                      choices=periods.choices(date.today()), levels=HOT_SPOT_LEVELS, kinds=HOT_SPOT_INCIDENTS)
