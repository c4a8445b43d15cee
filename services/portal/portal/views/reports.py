"""Report an incident (the full intake form), and the receipt with its triage and its case."""

from __future__ import annotations

import uuid

from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from hcs.errors import ValidationFailed
from portal.forms import FormState, map_errors
from portal.navigation import CASEWORKERS
from portal.report_form import LABELS, report_payload
from portal.web import Ctx, page


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


@page("/reports", CASEWORKERS, methods=("POST",))
def submit_report(ctx: Ctx) -> Response:
    try:
        receipt = ctx.services.intake.submit_report(report_payload(ctx.form))
    except ValidationFailed as exc:
        state = map_errors(exc.fields, LABELS, ctx.form.copy())
        return ctx.render("report_form.html", status=422, title="Report an incident: check the form", form=state)
    return ctx.redirect(f"/reports/{receipt['report_id']}",
                        flash="This report was already received; nothing new was stored."
                        if receipt.get("duplicate_submission") else "The report has been received.")


@page("/reports/<report_id>", CASEWORKERS)
def receipt(ctx: Ctx, report_id: str) -> Response:
    report = ctx.services.intake.get_report(report_id)
    case = ctx.services.cases.case_for_report(report_id)
    return ctx.render("report_receipt.html", title="Report received", report=report, case=case)
