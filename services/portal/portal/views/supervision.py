"""Supervision (POL-8): what waits for a senior's or manager's decision, and the decision."""

from __future__ import annotations

from werkzeug.wrappers import Response

from hcs.errors import Conflict, ValidationFailed
from portal.forms import prune, text
from portal.navigation import SUPERVISORS
from portal.web import Ctx, page


@page("/supervision", SUPERVISORS)
def supervision(ctx: Ctx) -> Response:
    queue = ctx.services.cases.team_queue()
    return ctx.render("supervision.html", title="Supervision", approvals=queue.get("pending_approvals") or [],
                      work_items=queue.get("work_items") or [], errors={})


@page("/approvals/<approval_id>", SUPERVISORS, methods=("POST",))
def decide(ctx: Ctx, approval_id: str) -> Response:
    decision = text(ctx.form, "decision")
    try:
        ctx.services.cases.decide_approval(approval_id, prune({"decision": decision, "note": text(ctx.form, "note")}))
    except (ValidationFailed, Conflict) as exc:
        queue = ctx.services.cases.team_queue()
        messages = [m for ms in getattr(exc, "fields", {}).values() for m in ms] or [exc.message]
        return ctx.render("supervision.html", status=422, title="Supervision: check the decision",
                          approvals=queue.get("pending_approvals") or [], work_items=queue.get("work_items") or [],
                          errors={approval_id: messages})
    return ctx.redirect("/supervision", flash="Approved." if decision == "approve" else "Sent back with your note.")
