"""Report an incident (the full intake form), the receipt with its triage and its case, and the list
of reports received (no names), filtered and read page by page."""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlencode

from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from hcs.errors import ValidationFailed
from portal.forms import FormState, day_start, map_errors
from portal.navigation import CASEWORKERS, REPORT_READERS
from portal.report_form import LABELS, report_payload
from portal.web import Ctx, page

FILTERS = ("stream", "triage", "flag", "channel", "status")


def _blank(ctx: Ctx) -> FormState:
    # the form's own idempotency key: sending it twice (a double click, a retry) stores one report
    return FormState(MultiDict({"idempotency_key": f"portal-{uuid.uuid4()}", "reporter.role": "victim",
                                "channel": "phone", "stream": _home_stream(ctx)}))


def _home_stream(ctx: Ctx) -> str:
    streams = ctx.identity.streams
    return streams[0] if len(streams) == 1 else ""


@page("/reports/new", CASEWORKERS)
def new_report(ctx: Ctx) -> Response:
    return ctx.render("report_form.html", title="Report an incident", form=_blank(ctx))


@page("/reports", REPORT_READERS, methods=("GET", "POST"))
def reports(ctx: Ctx) -> Response:
    if ctx.request.method == "POST":
        return submit_report(ctx)
    args = ctx.request.args
    filters = {name: args.get(name, "") for name in FILTERS}
    dates = {"received_from": args.get("from", ""), "received_until": args.get("until", "")}
    problems: dict[str, list[str]] = {}
    wanted: dict[str, str | None] = dict(filters)
    for name, typed in dates.items():
        wanted[name] = day_start(typed) if typed else None
        if typed and wanted[name] is None:
            problems[name] = ["A date such as 2026-04-01."]
    page_: dict[str, Any] = {"reports": [], "next_cursor": None}
    if not problems:
        try:
            page_ = ctx.services.intake.list_reports(wanted, args.get("cursor") or None)
        except ValidationFailed as exc:
            problems = exc.fields or {"": [exc.message]}
    kept = urlencode({k: v for k, v in args.items() if k != "cursor" and v})
    first = "/reports" + (f"?{kept}" if kept else "")
    after = page_.get("next_cursor")
    return ctx.render("reports.html", status=422 if problems else 200, title="Reports received", page=page_,
                      filters=filters, dates=dates, problems=problems, cursor=args.get("cursor") or "",
                      first_href=first, next_href=f"/reports?{urlencode({**dict(args.items()), 'cursor': after})}"
                      if after else None)


def submit_report(ctx: Ctx) -> Response:
    if ctx.identity.role not in CASEWORKERS:
        return ctx.render("error.html", status=403, title="Not available to your role",
                          message="Only housing officers, seniors and managers report incidents here.")
    try:
        receipt = ctx.services.intake.submit_report(report_payload(ctx.form))
    except ValidationFailed as exc:
        state = map_errors(exc.fields, LABELS, ctx.form.copy())
        return ctx.render("report_form.html", status=422, title="Report an incident: check the form", form=state)
    return ctx.redirect(f"/reports/{receipt['report_id']}",
                        flash="This report was already received; nothing new was stored."
                        if receipt.get("duplicate_submission") else "The report has been received.")


@page("/reports/<report_id>", REPORT_READERS)
def receipt(ctx: Ctx, report_id: str) -> Response:
    report = ctx.services.intake.get_report(report_id)
    case = ctx.services.cases.case_for_report(report_id)
    return ctx.render("report_receipt.html", title=f"Report {report_id}", report=report, case=case,
                      may_report=ctx.identity.role in CASEWORKERS)
