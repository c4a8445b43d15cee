"""The browser session: a signed cookie (HS256 JWT under the portal's own session secret), HttpOnly,
SameSite=Lax, Secure behind TLS, with an idle expiry and an absolute one.

Every visitor gets a session, signed in or not, so the sign-in form has a CSRF token too; signing in
starts a new session (a new id and a new CSRF token: no session fixation). Signing out forgets the
cookie and revokes its id for the rest of its life in this process. With several portal replicas the
revocations belong in a shared store; the idle expiry bounds the window meanwhile.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import jwt

from portal.identity import StaffIdentity
from portal.settings import SessionSettings

AUDIENCE = "hcs-portal-session"
REFRESH_AFTER_SECONDS = 60


@dataclass(frozen=True)
class Session:
    sid: str
    csrf: str
    started: int
    seen: int
    identity: StaffIdentity | None = None
    flash: str | None = None  # one message for the next page ("Report received")

    @property
    def signed_in(self) -> bool:
        return self.identity is not None


class Sessions:
    def __init__(self, settings: SessionSettings, clock: Callable[[], float] = time.time) -> None:
        self.settings = settings
        self.clock = clock
        self.revoked: dict[str, float] = {}

    @property
    def cookie_name(self) -> str:
        return "__Host-hcs_session" if self.settings.secure_cookie else "hcs_session"

    def new(self, identity: StaffIdentity | None = None) -> Session:
        now = int(self.clock())
        return Session(secrets.token_urlsafe(18), secrets.token_urlsafe(24), now, now, identity)

    def load(self, cookie: str | None) -> Session | None:
        """The session in a cookie, or None if it is missing, forged, expired or revoked."""
        if not cookie or len(cookie) > 4000:
            return None
        try:
            claims = jwt.decode(cookie, self.settings.secret, algorithms=["HS256"], audience=AUDIENCE,
                                options={"require": ["exp", "sid", "csrf", "started", "seen"],
                                         "verify_exp": False})  # checked below, on the injected clock
            identity = StaffIdentity.from_claims(claims["user"]) if claims.get("user") else None
        except (jwt.InvalidTokenError, KeyError, TypeError, ValueError):
            return None
        now = self.clock()
        if now >= claims["exp"] or claims["sid"] in self.revoked:
            return None
        if now - claims["seen"] > self.settings.idle_minutes * 60:
            return None
        if now - claims["started"] > self.settings.absolute_hours * 3600:
            return None
        return Session(claims["sid"], claims["csrf"], claims["started"], claims["seen"], identity,
                       claims.get("flash"))

    def touch(self, session: Session) -> Session | None:
        """The session with its last-seen time moved on, when due (None: the cookie can stay)."""
        now = int(self.clock())
        return replace(session, seen=now) if now - session.seen >= REFRESH_AFTER_SECONDS else None

    def dump(self, session: Session) -> str:
        expires = min(session.seen + self.settings.idle_minutes * 60,
                      session.started + self.settings.absolute_hours * 3600)
        claims: dict[str, Any] = {"aud": AUDIENCE, "exp": expires, "sid": session.sid, "csrf": session.csrf,
                                  "started": session.started, "seen": session.seen}
        if session.identity is not None:
            claims["user"] = session.identity.to_claims()
        if session.flash:
            claims["flash"] = session.flash[:200]
        return jwt.encode(claims, self.settings.secret, algorithm="HS256")

    def revoke(self, session: Session) -> None:
        now = self.clock()
        self.revoked = {sid: until for sid, until in self.revoked.items() if until > now}
        self.revoked[session.sid] = now + self.settings.absolute_hours * 3600

    def cookie_options(self) -> dict[str, Any]:
        return {"httponly": True, "samesite": "Lax", "secure": self.settings.secure_cookie, "path": "/",
                "max_age": self.settings.idle_minutes * 60}
