"""The portal as a WSGI application: sessions, CSRF, sign-in checks, roles, error pages and security
headers around the pages in ``portal.views``.

Every POST carries the session's CSRF token (a hidden field, compared in constant time) and, when the
browser sends one, an Origin of this host. Pages with case data are never cached.
"""

from __future__ import annotations

import hmac
import logging
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound
from werkzeug.middleware.shared_data import SharedDataMiddleware
from werkzeug.wrappers import Request, Response

from hcs.auth import TOKEN_KEY, issue_token
from hcs.errors import Forbidden, HcsError, Unauthenticated
from hcs.errors import NotFound as RecordNotFound
from portal import views  # noqa: F401 - registers the pages
from portal.clients import RpcPool, Services, ServiceUnavailable, services_for
from portal.identity import StaffIdentity
from portal.sessions import Session, Sessions
from portal.settings import PortalSettings
from portal.web import ROUTES, Ctx, environment, url_map

log = logging.getLogger("portal")
STATIC = Path(__file__).parent / "static"
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                               "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}
ServicesFactory = Callable[[StaffIdentity, str], Services]
MAX_BODY_BYTES = 1024 * 1024  # no form comes near it (and no field may pass 256 KiB)


def rpc_services(settings: PortalSettings, pool: RpcPool) -> ServicesFactory:
    """Services called with a caller token minted for ``identity`` (short-lived, one per request)."""

    def make(identity: StaffIdentity, correlation_id: str) -> Services:
        token: list[str] = []

        def context() -> dict[str, Any]:
            if not token:
                token.append(issue_token(settings.auth, identity.user_id, identity.role, team=identity.team,
                                         streams=identity.streams, minutes=settings.auth.token_minutes))
            return {TOKEN_KEY: token[0], "correlation_id": correlation_id}

        return services_for(pool, context)

    return make


class Portal:
    def __init__(self, sessions: Sessions, sign_in: Any, services: ServicesFactory) -> None:
        self.sessions, self.sign_in, self.services = sessions, sign_in, services
        self.templates = environment()
        self.urls = url_map()
        self.wsgi = SharedDataMiddleware(self._app, {"/static": str(STATIC)}, cache_timeout=3600)

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        return self.wsgi(environ, start_response)  # type: ignore[no-any-return]

    def _app(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        request = Request(environ)
        request.max_form_memory_size = 256 * 1024
        response = self.handle(request)
        return response(environ, start_response)  # type: ignore[no-any-return]

    def handle(self, request: Request) -> Response:
        loaded = self.sessions.load(request.cookies.get(self.sessions.cookie_name))
        session = loaded or self.sessions.new()
        correlation_id = uuid.uuid4().hex
        ctx = Ctx(request, session, self.templates, lambda: self.services(ctx.identity, correlation_id), self)
        ctx.new_session = None if loaded else session
        if loaded is not None:
            ctx.new_session = self.sessions.touch(session)
        if session.flash:  # shown once
            ctx.new_session = _without_flash(ctx.new_session or session)
        response = self._dispatch(ctx)
        if ctx.new_session is not None:
            response.set_cookie(self.sessions.cookie_name, self.sessions.dump(ctx.new_session),
                                **self.sessions.cookie_options())
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    def _dispatch(self, ctx: Ctx) -> Response:
        request = ctx.request
        try:
            endpoint, args = self.urls.bind_to_environ(request.environ).match()
        except NotFound:
            return self._error(ctx, 404, "Page not found", "There is no page at this address.")
        except MethodNotAllowed:
            return self._error(ctx, 405, "Not allowed", "This page does not take that kind of request.")
        except HTTPException as exc:  # a redirect to the canonical address
            return exc.get_response(request.environ)  # type: ignore[return-value]
        route = ROUTES[endpoint]
        if (request.content_length or 0) > MAX_BODY_BYTES:  # refused before the form is read
            return self._error(ctx, 413, "Too much to send",
                               "This form holds more than the portal takes. Shorten it and send it again.")
        if request.method == "POST" and not self._csrf_ok(ctx):
            return self._error(ctx, 400, "The form has expired",
                               "For your security the form could not be accepted. Go back, reload the page and "
                               "send it again.")
        if route.roles is not None:
            if not ctx.session.signed_in:
                return ctx.redirect("/sign-in?next=" + quote(request.full_path.rstrip("?"), safe="/?=&"))
            if ctx.identity.role not in route.roles:
                return self._error(ctx, 403, "Not available to your role",
                                   f"A {ctx.identity.role_name.lower()} does not use this page.")
        try:
            return route.view(ctx, **args)
        except ServiceUnavailable as exc:
            return self._error(ctx, 503, "Not available right now",
                               f"The {exc.service} service {exc.reason}. Nothing was changed by this page; "
                               "try again in a moment.")
        except Unauthenticated:
            return self._sign_out_and_retry(ctx)
        except Forbidden:
            return self._error(ctx, 403, "Not yours to see",
                               "This record is in a stream or team your account does not cover.")
        except RecordNotFound:
            return self._error(ctx, 404, "Not found", "There is no such record, or it is not yet recorded.")
        except HcsError as exc:  # a conflict not handled by the page
            return self._error(ctx, 409, "That could not be done", exc.message)

    def _csrf_ok(self, ctx: Ctx) -> bool:
        sent = ctx.request.form.get("csrf_token", "")
        origin = ctx.request.headers.get("Origin")
        if origin and origin != "null" and urlsplit(origin).netloc != ctx.request.host:
            return False
        return bool(sent) and hmac.compare_digest(sent.encode(), ctx.session.csrf.encode())

    def _sign_out_and_retry(self, ctx: Ctx) -> Response:
        self.sessions.revoke(ctx.session)
        ctx.new_session = self.sessions.new()
        return ctx.redirect("/sign-in", flash="Your sign-in was not accepted by the services. Sign in again.")

    def _error(self, ctx: Ctx, status: int, title: str, message: str) -> Response:
        return ctx.render("error.html", status=status, title=title, message=message)


def _without_flash(session: Session) -> Session:
    from dataclasses import replace

    return replace(session, flash=None)
