"""The repairs board: open jobs, jobs at risk of missing the 24-hour target, and breaches (POL-6)."""

from __future__ import annotations

from werkzeug.wrappers import Response

from portal.clients.repairs import BOARD_STATES
from portal.navigation import REPAIRS_READERS
from portal.web import Ctx, page


@page("/repairs", REPAIRS_READERS)
def board(ctx: Ctx) -> Response:
    state = ctx.request.args.get("state", "open")
    if state not in BOARD_STATES:
        state = "open"
    jobs = ctx.services.repairs.board(state)
    return ctx.render("repairs.html", title="Repairs", state=state, states=BOARD_STATES, jobs=jobs)
