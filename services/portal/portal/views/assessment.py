"""Assessing a case: the risk and vulnerability matrix (re-run with the victim), the classification
(recategorising needs a written rationale and a senior's approval; a hate flag is never removed
without both, POL-2), how often the victim wants updates, and the offer of an officer of the same
sex or ethnic origin (POL-3)."""

from __future__ import annotations

from typing import Any

from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from portal import words
from portal.forms import flag, integer, prune, text
from portal.forms import words as chosen
from portal.navigation import CASEWORKERS
from portal.pages import form_page
from portal.web import Ctx, page

RISK = {"factors": "Risk factors", **{f"factors.{name}": label for name, (label, _) in words.RISK_FACTORS.items()},
        "notes": "Notes from the assessment"}


@page("/cases/<case_id>/risk", CASEWORKERS, methods=("GET", "POST"))
def assess_risk(ctx: Ctx, case_id: str) -> Response:
    def submit(form: MultiDict[str, str]) -> Any:
        return ctx.services.cases.assess_risk(case_id, prune({
            "idempotency_key": text(form, "idempotency_key"),
            "factors": {name: integer(form, f"factors.{name}") for name in words.RISK_FACTORS},
            "notes": text(form, "notes")}))

    def done(result: Any) -> str:
        return f"Risk assessed: {words.say(result.get('level'))} (score {result.get('score')})."

    case = ctx.services.cases.case_detail(case_id)
    latest = (case.get("risk_assessments") or [{}])[0]
    defaults = {f"factors.{k}": str(v) for k, v in (latest.get("factors") or {}).items()}
    return form_page(ctx, "forms/risk.html", "Assess risk and vulnerability", RISK, submit, f"/cases/{case_id}#risk",
                     done, defaults, case_id=case_id, case=case)


CLASSIFICATION = {"hate_incident": "A hate incident", "strands": "Perceived hostility based on",
                  "asb_category": "ASB category", "rationale": "Why (the rationale the senior reads)"}


@page("/cases/<case_id>/classification", CASEWORKERS, methods=("GET", "POST"))
def propose_classification(ctx: Ctx, case_id: str) -> Response:
    def submit(form: MultiDict[str, str]) -> Any:
        payload = prune({"idempotency_key": text(form, "idempotency_key"), "asb_category": text(form, "asb_category"),
                         "rationale": text(form, "rationale")})
        return ctx.services.cases.propose_classification(case_id, {
            **payload, "hate_incident": flag(form, "hate_incident"), "strands": chosen(form, "strands")})

    def done(result: Any) -> str:
        if result.get("applied"):
            return "The classification has been added to."
        return "The change needs a senior's approval: it waits in their supervision queue (POL-2)."

    case = ctx.services.cases.case_detail(case_id)
    defaults = MultiDict([("hate_incident", "yes" if case.get("hate_incident") else "no"),
                          ("asb_category", case.get("asb_category") or "")]
                         + [("strands", s) for s in case.get("strands") or []])
    return form_page(ctx, "forms/classification.html", "Change the classification", CLASSIFICATION, submit,
                     f"/cases/{case_id}#summary", done, defaults, case_id=case_id, case=case)


FREQUENCY = {"every_working_days": "Update the victim every"}


@page("/cases/<case_id>/updates", CASEWORKERS, methods=("GET", "POST"))
def choose_update_frequency(ctx: Ctx, case_id: str) -> Response:
    def submit(form: MultiDict[str, str]) -> Any:
        return ctx.services.cases.choose_update_frequency(case_id, prune({
            "every_working_days": integer(form, "every_working_days")}))

    return form_page(ctx, "forms/updates.html", "How often the victim wants updates", FREQUENCY, submit,
                     f"/cases/{case_id}#summary", "The victim's update frequency has been recorded.",
                     {"every_working_days": "10"}, case_id=case_id)


PREFERENCE = {"preference": "The victim's answer", "match": "What the victim asked for", "match.sex": "Sex",
              "match.ethnic_origin": "Ethnic origin"}


@page("/cases/<case_id>/preference", CASEWORKERS, methods=("GET", "POST"))
def record_officer_preference(ctx: Ctx, case_id: str) -> Response:
    def submit(form: MultiDict[str, str]) -> Any:
        return ctx.services.cases.record_officer_preference(case_id, prune({
            "preference": text(form, "preference"),
            "match": {"sex": text(form, "match.sex"), "ethnic_origin": text(form, "match.ethnic_origin")}}))

    return form_page(ctx, "forms/preference.html", "Offer an officer of the same sex or ethnic origin", PREFERENCE,
                     submit, f"/cases/{case_id}#summary", "The victim's answer has been recorded (POL-3).",
                     case_id=case_id)
