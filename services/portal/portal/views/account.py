"""Signing in and out, and the home page."""

from __future__ import annotations

from werkzeug.wrappers import Response

from portal.accounts import SignInRefused
from portal.navigation import home_for
from portal.web import Ctx, page

ANYONE = ("housing_officer", "senior", "manager", "operations_director", "board_member", "data_protection_officer")


@page("/", ANYONE)
def home(ctx: Ctx) -> Response:
    return ctx.redirect(home_for(ctx.identity.role))


@page("/account", ANYONE)
def account(ctx: Ctx) -> Response:
    return ctx.render("account.html", title="Your account")


@page("/sign-in", None, methods=("GET", "POST"))
def sign_in(ctx: Ctx) -> Response:
    target = _safe_next(ctx.request.values.get("next", ""))
    if ctx.request.method == "GET":
        if ctx.session.signed_in:
            return ctx.redirect(target or home_for(ctx.identity.role))
        return ctx.render("sign_in.html", title="Sign in", next=target, error=None, username="")
    username = ctx.form.get("username", "")
    try:
        identity = ctx.app.sign_in.sign_in(username, ctx.form.get("password", ""))
    except SignInRefused as exc:
        return ctx.render("sign_in.html", status=401, title="Sign in", next=target, error=str(exc),
                          username=username[:80])
    sessions = ctx.app.sessions
    sessions.revoke(ctx.session)  # a new session at sign-in: no fixation
    ctx.new_session = sessions.new(identity)
    return ctx.redirect(target or home_for(identity.role), flash=f"Signed in as {identity.name}.")


@page("/sign-out", ANYONE, methods=("POST",))
def sign_out(ctx: Ctx) -> Response:
    sessions = ctx.app.sessions
    sessions.revoke(ctx.session)
    ctx.new_session = sessions.new()
    return ctx.redirect("/sign-in", flash="You have signed out.")


def _safe_next(target: str) -> str:
    """Only a path on this site (never ``//elsewhere`` or a full URL): no open redirect."""
    if target.startswith("/") and not target.startswith("//") and "\\" not in target and len(target) < 300:
        return target
    return ""
