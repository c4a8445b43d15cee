"""Consent and referrals (POL-5): record the victim's consent in the words of referrals' sharing
catalogue, withdraw it as easily, send a referral through the consent gate, follow it, revoke it, and
the board of open referrals red / amber / green."""

from __future__ import annotations

from typing import Any

from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from portal.clients.referrals import CONSENT_FORMS, REVOKE_REASONS
from portal.forms import moment, prune, text, words
from portal.navigation import CASE_READERS, CASEWORKERS
from portal.pages import form_page
from portal.web import Ctx, page

CONSENT = {"partners": "Partner agencies", "purposes": "Purposes", "data_categories": "What may be shared",
           "how": "How the victim gave consent", "given_at": "When", "expires_at": "Until",
           "withhold": "Anything to keep back"}


def _catalogue(ctx: Ctx) -> dict[str, Any]:
    """Referrals' catalogue: each category in the words read to the victim, and its fields."""
    catalogue = ctx.services.referrals.sharing_catalogue()
    fields: dict[str, list[dict[str, Any]]] = {}
    for entry in catalogue.get("fields") or []:
        fields.setdefault(entry["category"], []).append(entry)
    return {"categories": catalogue.get("categories") or [], "fields": fields}


def _withheld(form: MultiDict[str, str], partners: list[str]) -> dict[str, list[str]]:
    kept_back = words(form, "withhold")
    return dict.fromkeys(partners, kept_back) if kept_back else {}


@page("/cases/<case_id>/consent", CASEWORKERS, methods=("GET", "POST"))
def record_consent(ctx: Ctx, case_id: str) -> Response:
    partners = ctx.services.referrals.partners()

    def submit(form: MultiDict[str, str]) -> Any:
        chosen = words(form, "partners")
        return ctx.services.referrals.record_consent(prune({
            "case_id": case_id, "idempotency_key": text(form, "idempotency_key"), "partners": chosen,
            "purposes": words(form, "purposes"), "data_categories": words(form, "data_categories"),
            "withhold": _withheld(form, chosen), "how": text(form, "how"), "given_at": moment(form, "given_at"),
            "expires_at": moment(form, "expires_at")}))

    return form_page(ctx, "forms/consent.html", "Record the victim's consent", CONSENT, submit,
                     f"/cases/{case_id}#referrals", "The victim's consent has been recorded.", {"how": "verbal"},
                     case_id=case_id, partners=partners, catalogue=_catalogue(ctx), forms=CONSENT_FORMS,
                     purposes=_purposes(partners))


WITHDRAWAL = {"partners": "Withdraw consent for", "how": "How the victim withdrew it", "withdrawn_at": "When"}


@page("/cases/<case_id>/consent/withdraw", CASEWORKERS, methods=("GET", "POST"))
def withdraw_consent(ctx: Ctx, case_id: str) -> Response:
    in_force = _in_force(ctx.services.referrals.consents(case_id))

    def submit(form: MultiDict[str, str]) -> Any:
        chosen = words(form, "partners")
        return ctx.services.referrals.withdraw_consent(prune({
            "case_id": case_id, "idempotency_key": text(form, "idempotency_key"),
            "partners": None if "*" in chosen else chosen, "how": text(form, "how"),
            "withdrawn_at": moment(form, "withdrawn_at")}))

    return form_page(ctx, "forms/withdraw_consent.html", "Withdraw the victim's consent", WITHDRAWAL, submit,
                     f"/cases/{case_id}#referrals",
                     "Consent has been withdrawn. Referrals not yet sent are stopped, and agencies that hold "
                     "information are told to delete it.", {"how": "verbal", "partners": "*"}, case_id=case_id,
                     consents=in_force, forms=CONSENT_FORMS)


REFERRAL = {"partner": "Partner agency", "purpose": "Purpose", "data_categories": "What to share"}


@page("/cases/<case_id>/referrals/new", CASEWORKERS, methods=("GET", "POST"))
def request_referral(ctx: Ctx, case_id: str) -> Response:
    partners = ctx.services.referrals.partners()
    consents = _in_force(ctx.services.referrals.consents(case_id))

    def submit(form: MultiDict[str, str]) -> Any:
        return ctx.services.referrals.request_referral(prune({
            "case_id": case_id, "idempotency_key": text(form, "idempotency_key"), "partner": text(form, "partner"),
            "purpose": text(form, "purpose"), "data_categories": words(form, "data_categories")}))

    return form_page(ctx, "forms/referral.html", "Send a referral", REFERRAL, submit, f"/cases/{case_id}#referrals",
                     "The referral has been asked for; it is sent once the consent gate lets it through.",
                     case_id=case_id, partners=partners, catalogue=_catalogue(ctx), purposes=_purposes(partners),
                     consents=consents)


@page("/referrals/<referral_id>", CASE_READERS)
def referral_detail(ctx: Ctx, referral_id: str) -> Response:
    referral = ctx.services.referrals.referral(referral_id)
    return ctx.render("referral.html", title=f"Referral to {referral.get('partner')}", referral=referral,
                      may_work=ctx.identity.role in CASEWORKERS)


REVOKE = {"reason": "Why the referral is revoked"}


@page("/referrals/<referral_id>/revoke", CASEWORKERS, methods=("GET", "POST"))
def revoke_referral(ctx: Ctx, referral_id: str) -> Response:
    referral = ctx.services.referrals.referral(referral_id)

    def submit(form: MultiDict[str, str]) -> Any:
        return ctx.services.referrals.revoke_referral(prune({"referral_id": referral_id,
                                                             "reason": text(form, "reason")}))

    return form_page(ctx, "forms/revoke.html", "Revoke a referral", REVOKE, submit, f"/referrals/{referral_id}",
                     "The referral has been revoked; the agency is told to delete what it holds.",
                     case_id=referral.get("case_id"), referral=referral, reasons=REVOKE_REASONS)


@page("/referrals", CASE_READERS)
def referral_board(ctx: Ctx) -> Response:
    partner = ctx.request.args.get("partner") or None
    board = ctx.services.referrals.referral_board(partner)
    return ctx.render("referral_board.html", title="Open referrals", board=board, partner=partner or "",
                      partners=ctx.services.referrals.partners())


def _in_force(consents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The newest record per partner, where it is a consent in force."""
    newest: dict[str, dict[str, Any]] = {}
    for record in consents:
        if record.get("version", 0) >= newest.get(record["partner"], {}).get("version", 0):
            newest[record["partner"]] = record
    return [c for c in newest.values() if c.get("status") == "given"]


def _purposes(partners: list[dict[str, Any]]) -> list[str]:
    found: set[str] = set()
    for partner in partners:
        found.update(((partner.get("agreement") or {}).get("purposes") or {}).keys())
    return sorted(found)
