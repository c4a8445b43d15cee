"""Closing a case: the outcome and the checklist, decided by a senior or manager (POL-8), and the
answers to the satisfaction survey sent at closure, with the regulator's TP12 question (code 1.4.7)."""

from __future__ import annotations

from typing import Any

from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from portal.forms import checked, flag, prune, text
from portal.navigation import CASEWORKERS
from portal.pages import form_page
from portal.web import Ctx, page

CHECKLIST = ("victim_told", "actions_ended", "referrals_closed")
CLOSURE = {"outcome": "Outcome", "checklist": "Before closing", "checklist.victim_told": "The victim has been told",
           "checklist.actions_ended": "Every action has ended", "checklist.referrals_closed": "Referrals are closed",
           "note": "Summary for the senior"}


@page("/cases/<case_id>/closure", CASEWORKERS, methods=("GET", "POST"))
def request_closure(ctx: Ctx, case_id: str) -> Response:
    def submit(form: MultiDict[str, str]) -> Any:
        return ctx.services.cases.request_closure(case_id, prune({
            "idempotency_key": text(form, "idempotency_key"), "outcome": text(form, "outcome"),
            "checklist": {name: checked(form, f"checklist.{name}") for name in CHECKLIST},
            "note": text(form, "note")}))

    return form_page(ctx, "forms/closure.html", "Ask to close the case", CLOSURE, submit, f"/cases/{case_id}",
                     "Closure has been asked for; a senior will decide.", case_id=case_id)


SURVEY = {"tp12": "Satisfaction with the landlord's approach to handling anti-social behaviour (TP12)",
          "kept_informed": "Kept informed", "feels_safer": "Feels safer", "comments": "Comments",
          "declined": "The tenant declined to answer"}


@page("/cases/<case_id>/survey", CASEWORKERS, methods=("GET", "POST"))
def record_survey(ctx: Ctx, case_id: str) -> Response:
    def submit(form: MultiDict[str, str]) -> Any:
        declined = checked(form, "declined")
        return ctx.services.cases.record_survey_answers(case_id, prune({
            "tp12": None if declined else text(form, "tp12"), "kept_informed": flag(form, "kept_informed"),
            "feels_safer": flag(form, "feels_safer"), "comments": text(form, "comments"), "declined": declined}))

    case = ctx.services.cases.case_detail(case_id)
    return form_page(ctx, "forms/survey.html", "Record the survey answers", SURVEY, submit, f"/cases/{case_id}#survey",
                     "The survey answers have been recorded.", case_id=case_id, survey=case.get("survey") or {})
