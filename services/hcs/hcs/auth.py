"""Caller identity: signed, short-lived tokens carried in nameko context data.

Portals (and the command-line client) put a JWT in the context data key ``auth_token``; nameko sends
it as a message header and forwards it on nested calls, so every service decides on the *originating
user's* rights. Only HS256 tokens signed with the configured secret, for the configured audience and
issuer, unexpired, with a known role, are accepted. Anything else is refused with ``Unauthenticated``
before a worker starts, and the refusal is audited. Arguments holding text no database can store (NUL,
lone surrogates) are then refused with ``ValidationFailed``, also before a worker starts (``hcs.arguments``).
"""

from __future__ import annotations

import inspect
import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
from nameko.extensions import DependencyProvider
from nameko.rpc import Rpc

from hcs.arguments import refuse_unstorable
from hcs.audit import AuditEntry
from hcs.config import AuthSettings
from hcs.errors import EXPECTED, Forbidden, Unauthenticated
from hcs.guard import GuardedRpcConsumer
from hcs.logs import clean_correlation_id

log = logging.getLogger(__name__)

TOKEN_KEY = "auth_token"
ALGORITHM = "HS256"

HOUSING_OFFICER = "housing_officer"
SENIOR = "senior"
MANAGER = "manager"
OPERATIONS_DIRECTOR = "operations_director"
BOARD_MEMBER = "board_member"
DATA_PROTECTION_OFFICER = "data_protection_officer"
ADMINISTRATOR = "administrator"
CONTRACTOR = "contractor"
PARTNER = "partner"
SERVICE = "service"  # another service calling on its own account (e.g. referrals asking intake)
SYSTEM = "system"

STAFF_ROLES = frozenset({HOUSING_OFFICER, SENIOR, MANAGER})
ROLES = STAFF_ROLES | {OPERATIONS_DIRECTOR, BOARD_MEMBER, DATA_PROTECTION_OFFICER, ADMINISTRATOR,
                       CONTRACTOR, PARTNER, SERVICE}
STREAMS = frozenset({"general_needs", "care_support"})


@dataclass(frozen=True)
class Caller:
    user_id: str
    role: str
    team: str | None = None
    streams: frozenset[str] = field(default_factory=frozenset)

    def has_role(self, *roles: str) -> bool:
        return self.role in roles

    def may_see_stream(self, stream: str) -> bool:
        return stream in self.streams


def system_caller(service: str) -> Caller:
    """The identity of a service acting on an event or a timer, not on a user's request."""
    return Caller(user_id=f"system:{service}", role=SYSTEM, streams=STREAMS)


def issue_token(settings: AuthSettings, user_id: str, role: str, *, team: str | None = None,
                streams: Iterable[str] = (), minutes: int | None = None,
                now: datetime | None = None) -> str:
    """Mint a caller token (tests, the demo, the command-line client; portals in production)."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    now = now or datetime.now(UTC)
    claims = {
        "sub": user_id, "role": role, "team": team, "streams": sorted(set(streams)),
        "aud": settings.audience, "iss": settings.issuer, "iat": now, "jti": uuid.uuid4().hex,
        "exp": now + timedelta(minutes=minutes or settings.token_minutes),
    }
    return jwt.encode(claims, settings.secret, algorithm=ALGORITHM)


def issue_service_token(settings: AuthSettings, service: str, *, minutes: int | None = None,
                        now: datetime | None = None) -> str:
    """Mint the token a service sends when it calls another service on its own account (role
    ``service``, subject ``service:<name>``, every stream). Only RPCs that name the service role
    accept it; no user-facing RPC does."""
    return issue_token(settings, f"service:{service}", SERVICE, streams=STREAMS, minutes=minutes, now=now)


def verify_token(settings: AuthSettings, token: Any) -> Caller:
    if not token or not isinstance(token, str):
        raise Unauthenticated("a signed caller token is required")
    try:
        claims = jwt.decode(
            token, settings.secret, algorithms=[ALGORITHM], audience=settings.audience,
            issuer=settings.issuer, options={"require": ["exp", "iat", "sub", "aud", "iss"]},
            leeway=5,
        )
    except jwt.ExpiredSignatureError:
        raise Unauthenticated("the caller token has expired") from None
    except jwt.InvalidTokenError as exc:
        raise Unauthenticated(f"the caller token was refused ({type(exc).__name__})") from None
    role, streams = claims.get("role"), claims.get("streams") or []
    if role not in ROLES or not isinstance(streams, list) or not set(streams) <= STREAMS:
        raise Unauthenticated("the caller token names an unknown role or stream")
    team = claims.get("team")
    return Caller(str(claims["sub"]), role, str(team) if team else None, frozenset(streams))


def unverified_subject(token: Any) -> str:
    """Who a refused token *claims* to be, for the audit row only; never trusted."""
    try:
        claims = jwt.decode(token, options={"verify_signature": False})
    except Exception:
        return "anonymous"
    claimed = "".join(ch for ch in str(claims.get("sub", "unknown"))[:80] if ch.isprintable())
    return f"claimed:{claimed or 'unknown'}"  # printable: no NUL (PostgreSQL refuses it), no forged log lines


class AuthenticatedRpc(Rpc):
    """``@rpc`` that refuses a request before any worker runs unless its caller token verifies.

    The typed errors of ``hcs.errors`` are expected exceptions: logged as warnings, not as crashes.
    """

    rpc_consumer = GuardedRpcConsumer()

    def __init__(self, expected_exceptions: tuple[type[Exception], ...] = EXPECTED,
                 **kwargs: Any) -> None:
        super().__init__(expected_exceptions=expected_exceptions, **kwargs)

    def handle_message(self, body: Any, message: Any) -> None:
        context = self.unpack_message_headers(message)
        settings = self.container.config["HCS"]
        try:
            verify_token(settings.auth, context.get(TOKEN_KEY))
        except Unauthenticated as exc:
            self._audit_refusal(context, exc)
            raise  # nameko's RPC consumer turns this into an error reply and acks the request
        if isinstance(body, dict):
            refuse_unstorable(body.get("args"), body.get("kwargs"), self._parameters())
        super().handle_message(body, message)

    def _parameters(self) -> list[str]:
        """The method's parameter names, to say which argument was refused."""
        method = getattr(self.container.service_cls, self.method_name)
        return [name for name in inspect.signature(method).parameters if name != "self"]

    def _audit_refusal(self, context: dict[str, Any], exc: Unauthenticated) -> None:
        from hcs.db import Database  # local import: db imports this module's neighbours

        for dependency in self.container.dependencies:
            if isinstance(dependency, Database) and dependency.store is not None:
                try:
                    with dependency.store.unit_of_work() as uow:
                        # the caller's own id only if well formed: the refusal is audited whatever it sent
                        uow.audit.correlation_id = clean_correlation_id(context.get("correlation_id"))
                        uow.audit.record(AuditEntry(
                            actor=unverified_subject(context.get(TOKEN_KEY)), role="unknown",
                            action=f"{self.container.service_name}.{self.method_name}",
                            outcome="refused", reason=exc.message))
                        uow.commit()
                except Exception:
                    log.exception("could not audit a refused call to %s", self.method_name)
                return


rpc = AuthenticatedRpc.decorator


class Identity(DependencyProvider):
    """``self.caller``: the verified originating user of an RPC, or the service's own identity for
    events and timers."""

    def get_dependency(self, worker_ctx: Any) -> Caller:
        settings = self.container.config["HCS"]
        if isinstance(worker_ctx.entrypoint, AuthenticatedRpc):
            try:
                return verify_token(settings.auth, worker_ctx.data.get(TOKEN_KEY))
            except Unauthenticated:  # expired in the moment since the entrypoint checked it
                return Caller(user_id="anonymous", role="none")
        return system_caller(self.container.service_name)


def require_role(caller: Caller, roles: Iterable[str], action: str) -> None:
    if caller.role not in set(roles):
        raise Forbidden(f"role {caller.role} may not {action}")
