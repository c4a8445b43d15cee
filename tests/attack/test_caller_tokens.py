"""Issue 8, bad input and attack: forged, stale and misdirected caller tokens. Every service refuses
each with ``Unauthenticated`` before any worker runs, writes exactly one audit row for the refusal
and nothing else; a valid token of a role that may not call an RPC is refused with ``Forbidden``,
audited too. Nothing else is written, and every service still answers."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

import jwt
import pytest
from nameko.standalone.rpc import ClusterRpcProxy
from sqlalchemy import Engine, func, select

from hcs import tables
from hcs.auth import TOKEN_KEY
from hcs.db import make_engine
from hcs.errors import Forbidden, Unauthenticated
from hcs.testing.plugin import TEST_SECRET
from tests.attack.figures import Tally
from tests.attack.rpc_surface import changed, fingerprint

pytestmark = pytest.mark.broker

# one cheap read per service, and one write
TARGETS: list[tuple[str, str, tuple[Any, ...]]] = [
    ("intake", "list_reports", ()), ("cases", "my_cases", ()), ("repairs", "job_types", ()),
    ("referrals", "list_partners", ()), ("reporting", "list_packs", ()),
    ("intake", "submit_report", ({"idempotency_key": "token-attack", "channel": "phone"},)),
]
# a valid housing officer's token on RPCs for other roles
OTHER_ROLES_RPCS: list[tuple[str, str, tuple[Any, ...]]] = [
    ("cases", "decide_approval", ("no-such-approval", {"decision": "approved"})),
    ("referrals", "register_partner", ({"code": "evil", "name": "Evil"},)),
    ("reporting", "rebuild", ()),
    ("repairs", "run_retention", (True,)),
    ("intake", "referral_extract", (["no-such-report"], ["victim.name"])),
    *[(service, "list_parked", ()) for service in ("intake", "cases", "repairs", "referrals", "reporting")],
]


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def claims(**changes: Any) -> dict[str, Any]:
    now = datetime.now(UTC)
    body: dict[str, Any] = {"sub": "mallory", "role": "manager", "team": "north", "streams": ["general_needs"],
                            "aud": "hcs", "iss": "hcs", "iat": int(now.timestamp()), "jti": uuid.uuid4().hex,
                            "exp": int((now + timedelta(minutes=15)).timestamp())}
    body.update(changes)
    return {k: v for k, v in body.items() if v is not None}


def signed(body: dict[str, Any], secret: str = TEST_SECRET, algorithm: str = "HS256") -> str:
    return jwt.encode(body, secret, algorithm=algorithm)


def by_hand(header: dict[str, Any], body: dict[str, Any], key: bytes | None = None) -> str:
    """A JWT assembled by hand: any header, signed (HMAC-SHA256 with ``key``) or not."""
    signing_input = f"{b64(json.dumps(header).encode())}.{b64(json.dumps(body).encode())}"
    signature = b64(hmac.new(key, signing_input.encode(), hashlib.sha256).digest()) if key else ""
    return f"{signing_input}.{signature}"


def tampered() -> str:
    """A valid housing officer's token whose payload now says administrator, old signature kept."""
    header, _, signature = signed(claims(role="housing_officer")).split(".")
    return f"{header}.{b64(json.dumps(claims(role='administrator')).encode())}.{signature}"


def hostile_tokens() -> dict[str, Any]:
    now = datetime.now(UTC)
    secret = TEST_SECRET.encode()
    return {
        "no token": None,
        "empty token": "",
        "a number": 12345,
        "a list": ["eyJ", "x"],
        "an object": {"sub": "admin", "role": "administrator"},
        "garbage": "not-a-token",
        "three garbage parts": "aaa.bbb.ccc",
        "100 KB": "e" * 100_000,
        "unsigned (alg none)": by_hand({"alg": "none", "typ": "JWT"}, claims()),
        "unsigned, NUL and newline in the subject": by_hand({"alg": "none"}, claims(sub="root\x00\nadmin")),
        "unsigned, huge subject": by_hand({"alg": "none"}, claims(sub="s" * 60_000)),
        "signed with another secret": signed(claims(), "another-secret-" + "y" * 40),
        "expired": signed(claims(iat=int((now - timedelta(hours=2)).timestamp()),
                                 exp=int((now - timedelta(hours=1)).timestamp()))),
        "not yet valid (nbf)": signed(claims(nbf=int((now + timedelta(hours=1)).timestamp()))),
        "issued in the future": signed(claims(iat=int((now + timedelta(hours=1)).timestamp()))),
        "no expiry": signed(claims(exp=None)),
        "no subject": signed(claims(sub=None)),
        "wrong audience": signed(claims(aud="another-system")),
        "wrong issuer": signed(claims(iss="evil-issuer")),
        "unknown role": signed(claims(role="superuser")),
        "system role": signed(claims(role="system")),
        "unknown stream": signed(claims(streams=["general_needs", "secret_stream"])),
        "streams not a list": signed(claims(streams="general_needs")),
        "tampered role": tampered(),
        "HS512 with the secret": signed(claims(), algorithm="HS512"),
        "RS256 header, HMAC signature": by_hand({"alg": "RS256", "typ": "JWT"}, claims(), secret),
        "no alg header, HMAC signature": by_hand({"typ": "JWT"}, claims(), secret),
        "alg list header": by_hand({"alg": ["HS256"], "typ": "JWT"}, claims(), secret),
    }


def audit_rows(engine: Engine, action: str, outcome: str) -> int:
    a = tables.audit_log
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(a).where(
            a.c.action == action, a.c.outcome == outcome)).scalar_one())


def attempt(tally: Tally, engine: Engine, action: str, expected: type[Exception], send: Callable[[], Any],
            label: str = "") -> None:
    """One refused call: ``expected`` comes back, exactly one audit row records it, the reply is short."""
    label = f"{action}{label}"
    audited = audit_rows(engine, action, "refused")
    try:
        send()
    except expected as exc:
        written = audit_rows(engine, action, "refused") - audited
        message = str(exc)
        if written != 1:
            tally.leak(f"{label}: {written} audit rows")
        elif not message.isprintable() or len(message) > 200:
            tally.leak(f"{label}: the refusal repeats what was sent")
        else:
            tally.refused()
    except Exception as exc:
        tally.leak(f"{label}: {type(exc).__name__} {str(exc)[:200]}")
    else:
        tally.leak(f"{label}: accepted")


def test_forged_stale_and_misdirected_tokens_are_refused_and_audited(start_system: Callable[..., Any]) -> None:
    """Each hostile token, alone and with a correlation id that is no id, on one cheap read per service
    and on intake's submit_report; then a housing officer's valid token on other roles' RPCs."""
    system = start_system()
    engines = {name: make_engine(url) for name, url in system.database_urls.items()}
    before = {name: fingerprint(engine) for name, engine in engines.items()}
    forged = Tally("forged, stale and misdirected caller tokens")
    tokens = hostile_tokens()
    for what, token in tokens.items():
        for extra in ({}, {"correlation_id": {"x": "\x00" * 200}}):
            context = ({TOKEN_KEY: token} if token is not None else {}) | extra
            with ClusterRpcProxy({"AMQP_URI": system.amqp_uri}, context_data=context, timeout=15) as proxy:
                for service, method, args in TARGETS:
                    rpc = getattr(getattr(proxy, service), method)
                    attempt(forged, engines[service], f"{service}.{method}", Unauthenticated,
                            partial(rpc, *args), f" with {what} {sorted(context)}")
    for size in (200_000, 1 << 20):  # over the broker's frame limit for headers: it refuses, nothing runs
        with pytest.raises(Exception, match="FRAME_ERROR"), ClusterRpcProxy(
                {"AMQP_URI": system.amqp_uri}, context_data={TOKEN_KEY: "e" * size}, timeout=15) as proxy:
            proxy.intake.list_reports()
        forged.refused()

    other_role = Tally("a housing officer's valid token on other roles' RPCs")
    officer = system.client("housing_officer", user_id="officer-9")
    for service, method, args in OTHER_ROLES_RPCS:
        rpc = getattr(getattr(officer, service), method)
        attempt(other_role, engines[service], f"{service}.{method}", Forbidden, partial(rpc, *args))

    after = {name: fingerprint(engine) for name, engine in engines.items()}
    assert not {name: changed(before[name], after[name]) for name in engines if before[name] != after[name]}
    for name in engines:  # every service still answers
        assert getattr(system.client("administrator"), name).list_parked() == []
    for engine in engines.values():
        engine.dispose()
    print(f"\n{len(tokens)} kinds of token, twice each, on {len(TARGETS)} RPCs of every service")
    forged.check()
    other_role.check()
