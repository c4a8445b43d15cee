"""The portal's config is validated at start, demo accounts never run in production, and the single
sign-on seam maps the landlord's directory groups to a role, a team and streams (deny by default)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hcs.config import ConfigError
from portal.accounts import LocalAccounts
from portal.identity import NoPortalAccess, OidcMapping, identity_from_claims
from portal.server import build
from portal.settings import load_settings, parse_settings

ROOT = Path(__file__).resolve().parents[4]
RAW = {"amqp_uri": "amqp://guest:guest@127.0.0.1:5672/", "http": {"port": 8100},
       "auth": {"secret": "${HCS_TOKEN_SECRET}"}, "session": {"secret": "${HCS_PORTAL_SESSION_SECRET}"},
       "sign_in": {"accounts_file": "services/portal/demo-accounts.yaml"}}
ENV = {"HCS_TOKEN_SECRET": "t" * 40, "HCS_PORTAL_SESSION_SECRET": "s" * 40}


def test_the_shipped_config_loads_with_its_secrets_from_the_environment():
    settings = load_settings(ROOT / "services/portal/config.yaml", ENV)
    assert settings.http.port == 8100 and settings.rpc.timeout_seconds == 10 and settings.auth.token_minutes == 5
    assert "s" * 40 not in repr(settings)  # secrets never printed


def test_a_missing_or_short_secret_stops_the_portal_naming_the_field_not_the_value():
    with pytest.raises(ConfigError, match="HCS_PORTAL_SESSION_SECRET"):
        parse_settings(RAW, {"HCS_TOKEN_SECRET": "t" * 40})
    with pytest.raises(ConfigError) as refused:
        parse_settings(RAW, {**ENV, "HCS_PORTAL_SESSION_SECRET": "short-secret"})
    assert "session.secret" in str(refused.value) and "short-secret" not in str(refused.value)


def test_demo_accounts_are_refused_behind_tls_and_oidc_is_not_wired_yet():
    secure = parse_settings({**RAW, "session": {"secret": "s" * 40, "secure_cookie": True}}, ENV)
    with pytest.raises(ConfigError, match="demo accounts"):
        build(secure)
    with pytest.raises(ConfigError, match="single sign-on"):
        build(parse_settings({**RAW, "sign_in": {"mode": "oidc"}}, ENV))


def test_the_demo_accounts_file_signs_in_each_role():
    accounts = LocalAccounts.from_file(ROOT / "services/portal/demo-accounts.yaml")
    assert accounts.demo
    roles = {name: accounts.sign_in(name, f"demo-{name}-password").role for name in accounts.accounts}
    assert roles == {"officer": "housing_officer", "senior": "senior", "manager": "manager",
                     "director": "operations_director", "board": "board_member", "dpo": "data_protection_officer"}


MAPPING = OidcMapping(roles={"HCS Officers": "housing_officer", "HCS Seniors": "senior", "Board": "board_member"},
                      streams={"Stream GN": "general_needs", "Stream CS": "care_support"})


def test_single_sign_on_groups_become_role_team_and_streams():
    identity = identity_from_claims({"sub": "u-9", "name": "Ola Officer",
                                     "groups": ["HCS Officers", "HCS Seniors", "team-north", "Stream GN"]}, MAPPING)
    assert (identity.role, identity.team, identity.streams) == ("senior", "north", ("general_needs",))


def test_single_sign_on_without_a_portal_group_is_refused():
    with pytest.raises(NoPortalAccess):
        identity_from_claims({"sub": "u-9", "groups": ["Finance"]}, MAPPING)
