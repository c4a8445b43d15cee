"""The action plan and the contact log: log a contact, add a support action with the victim's
agreement, record an agreement later, complete or cancel an action, and propose and progress action
against a perpetrator (POL-3, POL-4). Each form is its own page, so errors sit beside the fields with
nothing else in the way."""

from __future__ import annotations

from typing import Any

from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from portal.forms import moment, prune, text
from portal.navigation import CASEWORKERS
from portal.pages import form_page
from portal.web import Ctx, page

CONTACT = {"kind": "Kind of contact", "party": "With", "direction": "Direction", "successful": "Contact made",
           "contacted_at": "When", "summary": "What was said or done"}


@page("/cases/<case_id>/contacts/new", CASEWORKERS, methods=("GET", "POST"))
def record_contact(ctx: Ctx, case_id: str) -> Response:
    def submit(form: MultiDict[str, str]) -> Any:
        return ctx.services.cases.record_contact(case_id, prune({
            "idempotency_key": text(form, "idempotency_key"), "kind": text(form, "kind"),
            "party": text(form, "party"), "direction": text(form, "direction"),
            "successful": form.get("successful") != "no", "contacted_at": moment(form, "contacted_at"),
            "summary": text(form, "summary")}))

    return form_page(ctx, "forms/contact.html", "Log a contact", CONTACT, submit, f"/cases/{case_id}#contacts",
                     "The contact has been logged.", {"kind": "phone", "party": "victim", "direction": "outbound",
                                                      "successful": "yes"}, case_id=case_id)


ACTION = {"action_type": "Support action", "description": "What will be done", "due_at": "Due by",
          "agreement": "The victim's agreement", "agreement_note": "What the victim said",
          "location": "Where (for a repair)", "job_type": "Kind of repair", "access_notes": "Access notes"}


@page("/cases/<case_id>/actions/new", CASEWORKERS, methods=("GET", "POST"))
def add_support_action(ctx: Ctx, case_id: str) -> Response:
    def submit(form: MultiDict[str, str]) -> Any:
        return ctx.services.cases.add_support_action(case_id, prune({
            "idempotency_key": text(form, "idempotency_key"), "action_type": text(form, "action_type"),
            "description": text(form, "description"), "due_at": moment(form, "due_at"),
            "agreement": text(form, "agreement"), "agreement_note": text(form, "agreement_note"),
            "location": text(form, "location"), "job_type": text(form, "job_type"),
            "access_notes": text(form, "access_notes")}))

    return form_page(ctx, "forms/action.html", "Add a support action", ACTION, submit, f"/cases/{case_id}#plan",
                     "The action has been added to the plan.", case_id=case_id)


AGREEMENT = {"agreement": "The victim's agreement", "note": "What the victim said"}


@page("/cases/<case_id>/actions/<action_id>/agreement", CASEWORKERS, methods=("GET", "POST"))
def record_agreement(ctx: Ctx, case_id: str, action_id: str) -> Response:
    def submit(form: MultiDict[str, str]) -> Any:
        return ctx.services.cases.record_action_agreement(case_id, action_id, prune({
            "agreement": text(form, "agreement"), "note": text(form, "note")}))

    return form_page(ctx, "forms/agreement.html", "Record the victim's agreement", AGREEMENT, submit,
                     f"/cases/{case_id}#plan", "The victim's agreement has been recorded.", case_id=case_id,
                     action_id=action_id)


FINISH = {"note": "What was done", "reason": "Why it is cancelled"}


@page("/cases/<case_id>/actions/<action_id>/complete", CASEWORKERS, methods=("GET", "POST"))
def complete_action(ctx: Ctx, case_id: str, action_id: str) -> Response:
    def submit(form: MultiDict[str, str]) -> Any:
        return ctx.services.cases.complete_action(case_id, action_id, prune({"note": text(form, "note")}))

    return form_page(ctx, "forms/finish_action.html", "Mark an action done", FINISH, submit, f"/cases/{case_id}#plan",
                     "The action is done.", case_id=case_id, action_id=action_id, finishing="complete")


@page("/cases/<case_id>/actions/<action_id>/cancel", CASEWORKERS, methods=("GET", "POST"))
def cancel_action(ctx: Ctx, case_id: str, action_id: str) -> Response:
    def submit(form: MultiDict[str, str]) -> Any:
        return ctx.services.cases.cancel_action(case_id, action_id, prune({"reason": text(form, "reason")}))

    return form_page(ctx, "forms/finish_action.html", "Cancel an action", FINISH, submit, f"/cases/{case_id}#plan",
                     "The action is cancelled.", case_id=case_id, action_id=action_id, finishing="cancel")


REMEDY = {"remedy": "Remedy", "victim_view": "The victim's view", "reason": "Why"}


@page("/cases/<case_id>/perpetrator-actions/new", CASEWORKERS, methods=("GET", "POST"))
def propose_perpetrator_action(ctx: Ctx, case_id: str) -> Response:
    def submit(form: MultiDict[str, str]) -> Any:
        return ctx.services.cases.propose_perpetrator_action(case_id, prune({
            "idempotency_key": text(form, "idempotency_key"), "remedy": text(form, "remedy"),
            "victim_view": text(form, "victim_view"), "reason": text(form, "reason")}))

    return form_page(ctx, "forms/remedy.html", "Propose action against a perpetrator", REMEDY, submit,
                     f"/cases/{case_id}#perpetrator", "The action has been proposed.", case_id=case_id)


PROGRESS = {"status": "What happened", "at": "When", "note": "Note", "expires_on": "Order expires on"}


@page("/cases/<case_id>/perpetrator-actions/<action_id>/progress", CASEWORKERS, methods=("GET", "POST"))
def progress_perpetrator_action(ctx: Ctx, case_id: str, action_id: str) -> Response:
    def submit(form: MultiDict[str, str]) -> Any:
        return ctx.services.cases.progress_perpetrator_action(case_id, action_id, prune({
            "status": text(form, "status"), "at": moment(form, "at"), "note": text(form, "note"),
            "expires_on": text(form, "expires_on")}))

    return form_page(ctx, "forms/progress.html", "Record a step of a perpetrator action", PROGRESS, submit,
                     f"/cases/{case_id}#perpetrator", "The step has been recorded.", case_id=case_id,
                     action_id=action_id)
