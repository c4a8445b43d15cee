"""Work on a case: log a contact, add a support action and record the victim's agreement, propose an
action against a perpetrator, ask for closure, record consent and send a referral (POL-3, POL-4,
POL-5). Each form is its own page, so errors are shown beside the fields with nothing else in the way.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from typing import Any

from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from hcs.errors import Conflict, Forbidden, ValidationFailed
from portal.clients.referrals import CATEGORIES, CONSENT_FORMS, SPECIAL_CATEGORIES
from portal.forms import FORM, FormState, checked, map_errors, moment, prune, text, words
from portal.navigation import CASEWORKERS
from portal.web import Ctx, page

Submit = Callable[[MultiDict[str, str]], Any]


def form_page(ctx: Ctx, template: str, title: str, labels: Mapping[str, str], submit: Submit, done: str,
              flash: str, defaults: Mapping[str, str] | None = None, **values: Any) -> Response:
    """GET shows the form; POST sends it, shows the service's field errors beside the fields, or goes
    on to ``done``."""
    if ctx.request.method == "GET":
        state = FormState(MultiDict({"idempotency_key": f"portal-{uuid.uuid4()}", **(defaults or {})}))
        return ctx.render(template, title=title, form=state, labels=labels, **values)
    try:
        submit(ctx.form)
    except ValidationFailed as exc:
        state = map_errors(exc.fields or {FORM: [exc.message]}, labels, ctx.form.copy())
        return ctx.render(template, status=422, title=f"{title}: check the form", form=state, labels=labels, **values)
    except (Conflict, Forbidden) as exc:
        # the consent gate's refusal (ConsentRefused, a Forbidden with code "consent_refused") and an
        # illegal transition are answers about this form; any other refusal is the page's
        if isinstance(exc, Forbidden) and exc.code != "consent_refused":
            raise
        state = map_errors({FORM: [exc.message]}, labels, ctx.form.copy())
        return ctx.render(template, status=409, title=title, form=state, labels=labels, **values)
    return ctx.redirect(done, flash=flash)


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
                     "The contact has been logged.", {"kind": "phone", "party": "victim", "direction": "outbound"},
                     case_id=case_id)


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


REMEDY = {"remedy": "Remedy", "victim_view": "The victim's view", "reason": "Why", "perpetrator_key": "Which person"}


@page("/cases/<case_id>/perpetrator-actions/new", CASEWORKERS, methods=("GET", "POST"))
def propose_perpetrator_action(ctx: Ctx, case_id: str) -> Response:
    def submit(form: MultiDict[str, str]) -> Any:
        return ctx.services.cases.propose_perpetrator_action(case_id, prune({
            "idempotency_key": text(form, "idempotency_key"), "remedy": text(form, "remedy"),
            "victim_view": text(form, "victim_view"), "reason": text(form, "reason")}))

    return form_page(ctx, "forms/remedy.html", "Propose action against a perpetrator", REMEDY, submit,
                     f"/cases/{case_id}#perpetrator", "The action has been proposed.", case_id=case_id)


CLOSURE = {"outcome": "Outcome", "checklist": "Before closing", "checklist.victim_told": "The victim has been told",
           "checklist.actions_ended": "Every action has ended", "checklist.referrals_closed": "Referrals are closed",
           "note": "Summary for the senior"}


@page("/cases/<case_id>/closure", CASEWORKERS, methods=("GET", "POST"))
def request_closure(ctx: Ctx, case_id: str) -> Response:
    def submit(form: MultiDict[str, str]) -> Any:
        return ctx.services.cases.request_closure(case_id, prune({
            "idempotency_key": text(form, "idempotency_key"), "outcome": text(form, "outcome"),
            "checklist": {name: checked(form, f"checklist.{name}")
                          for name in ("victim_told", "actions_ended", "referrals_closed")},
            "note": text(form, "note")}))

    return form_page(ctx, "forms/closure.html", "Ask to close the case", CLOSURE, submit, f"/cases/{case_id}",
                     "Closure has been asked for; a senior will decide.", case_id=case_id)


CONSENT = {"partners": "Partner agencies", "purposes": "Purposes", "data_categories": "What may be shared",
           "how": "How the victim gave consent", "given_at": "When", "expires_at": "Until",
           "withhold": "Anything to keep back"}


@page("/cases/<case_id>/consent", CASEWORKERS, methods=("GET", "POST"))
def record_consent(ctx: Ctx, case_id: str) -> Response:
    partners = ctx.services.referrals.partners()

    def submit(form: MultiDict[str, str]) -> Any:
        return ctx.services.referrals.record_consent(prune({
            "case_id": case_id, "idempotency_key": text(form, "idempotency_key"),
            "partners": words(form, "partners"), "purposes": words(form, "purposes"),
            "data_categories": words(form, "data_categories"), "how": text(form, "how"),
            "given_at": moment(form, "given_at"), "expires_at": moment(form, "expires_at")}))

    return form_page(ctx, "forms/consent.html", "Record the victim's consent", CONSENT, submit,
                     f"/cases/{case_id}#referrals", "The victim's consent has been recorded.", {"how": "verbal"},
                     case_id=case_id, partners=partners, categories=CATEGORIES, special=SPECIAL_CATEGORIES,
                     forms=CONSENT_FORMS, purposes=_purposes(partners))


REFERRAL = {"partner": "Partner agency", "purpose": "Purpose", "data_categories": "What to share"}


@page("/cases/<case_id>/referrals/new", CASEWORKERS, methods=("GET", "POST"))
def request_referral(ctx: Ctx, case_id: str) -> Response:
    partners = ctx.services.referrals.partners()
    consents = ctx.services.referrals.consents(case_id)

    def submit(form: MultiDict[str, str]) -> Any:
        return ctx.services.referrals.request_referral(prune({
            "case_id": case_id, "idempotency_key": text(form, "idempotency_key"), "partner": text(form, "partner"),
            "purpose": text(form, "purpose"), "data_categories": words(form, "data_categories")}))

    return form_page(ctx, "forms/referral.html", "Send a referral", REFERRAL, submit, f"/cases/{case_id}#referrals",
                     "The referral has been asked for; it is sent once the consent gate lets it through.",
                     case_id=case_id, partners=partners, categories=CATEGORIES, purposes=_purposes(partners),
                     consents=[c for c in consents if c.get("status") == "given"])


def _purposes(partners: list[dict[str, Any]]) -> list[str]:
    found: set[str] = set()
    for partner in partners:
        found.update(((partner.get("agreement") or {}).get("purposes") or {}).keys())
    return sorted(found)
