"""The disclosure log for the data protection officer (code 1.3.3): every release of case data to a
partner agency, which fields (by name), under which consent and agreement version, asked for by whom,
when and how; filtered by partner, case, referral or dates, and read page by page."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from werkzeug.wrappers import Response

from hcs.errors import ValidationFailed
from portal.forms import day_start
from portal.navigation import DISCLOSURE_READERS
from portal.web import Ctx, page

FILTERS = ("partner", "case_id", "referral_id", "since", "until")


@page("/disclosures", DISCLOSURE_READERS)
def disclosure_log(ctx: Ctx) -> Response:
    args = ctx.request.args
    shown = {name: args.get(name, "").strip()[:64] for name in FILTERS}
    query: dict[str, Any] = {k: v for k, v in shown.items() if k not in ("since", "until")}
    problems: dict[str, list[str]] = {}
    for name in ("since", "until"):
        if shown[name]:
            moment = day_start(shown[name])
            if moment is None:
                problems[name] = ["A date such as 2026-04-01."]
            query[name] = moment
    after = args.get("after", "0")
    start = int(after) if after.isdigit() else 0
    rows: list[dict[str, Any]] = []
    next_after = None
    if not problems:
        try:
            rows, next_after = ctx.services.referrals.disclosures(query, start)
        except ValidationFailed as exc:
            problems = exc.fields or {"": [exc.message]}
    return ctx.render("disclosures.html", status=422 if problems else 200, title="Disclosure log", rows=rows,
                      filters=shown, problems=problems, next_after=next_after, partners=_codes(ctx), after=start,
                      query=urlencode({k: v for k, v in shown.items() if v}))


def _codes(ctx: Ctx) -> list[tuple[str, str]]:
    return [(p["code"], p["name"]) for p in ctx.services.referrals.partners()]
