from datetime import UTC, datetime, timedelta

import jwt
import pytest

from hcs.auth import issue_token, verify_token
from hcs.config import AuthSettings
from hcs.errors import Unauthenticated

AUTH = AuthSettings(secret="k" * 40, audience="hcs", issuer="hcs", token_minutes=15)


def test_a_valid_token_gives_the_caller():
    caller = verify_token(AUTH, issue_token(AUTH, "u1", "senior", team="north", streams=["care_support"]))
    assert (caller.user_id, caller.role, caller.team) == ("u1", "senior", "north")
    assert caller.may_see_stream("care_support") and not caller.may_see_stream("general_needs")


def claims(**changes):
    now = datetime.now(UTC)
    base = {"sub": "u1", "role": "manager", "streams": ["general_needs"], "aud": "hcs", "iss": "hcs",
            "iat": now, "exp": now + timedelta(minutes=5)}
    base.update(changes)
    return base


@pytest.mark.parametrize("token", [
    None, "", "not-a-jwt",
    jwt.encode(claims(), "", algorithm="none"),
    jwt.encode(claims(), "another-secret-" + "x" * 30, algorithm="HS256"),
    jwt.encode(claims(exp=datetime.now(UTC) - timedelta(minutes=1)), "k" * 40, algorithm="HS256"),
    jwt.encode(claims(aud="someone-else"), "k" * 40, algorithm="HS256"),
    jwt.encode(claims(role="emperor"), "k" * 40, algorithm="HS256"),
    jwt.encode(claims(streams=["everything"]), "k" * 40, algorithm="HS256"),
    jwt.encode({k: v for k, v in claims().items() if k != "exp"}, "k" * 40, algorithm="HS256"),
], ids=["missing", "empty", "garbage", "alg-none", "wrong-key", "expired", "wrong-audience",
        "unknown-role", "unknown-stream", "no-expiry"])
def test_bad_tokens_are_refused(token):
    with pytest.raises(Unauthenticated):
        verify_token(AUTH, token)


def test_tampered_claims_are_refused():
    token = issue_token(AUTH, "u1", "housing_officer", streams=["general_needs"])
    header, _payload, signature = token.split(".")
    forged = jwt.encode(claims(role="manager"), "k" * 40, algorithm="HS256").split(".")[1]
    with pytest.raises(Unauthenticated):
        verify_token(AUTH, f"{header}.{forged}.{signature}")


def test_a_service_token_names_the_calling_service_and_every_stream():
    from hcs.auth import SERVICE, STREAMS, issue_service_token

    caller = verify_token(AUTH, issue_service_token(AUTH, "referrals"))
    assert (caller.user_id, caller.role, caller.streams) == ("service:referrals", SERVICE, STREAMS)


def test_a_refused_tokens_claimed_subject_is_kept_printable_and_short():
    from hcs.auth import unverified_subject

    forged = jwt.encode(claims(sub="root\x00\n2026-01-01 INFO admin logged in" + "x" * 500), "", algorithm="none")
    subject = unverified_subject(forged)
    assert subject.startswith("claimed:root2026-01-01 INFO") and subject.isprintable() and len(subject) <= 88
    assert unverified_subject(12345) == unverified_subject("garbage") == "anonymous"
