"""Who is signed in, and the seam for the landlord's single sign-on.

A ``StaffIdentity`` is all the portal keeps about a user: it mints each request's caller token from it
(``hcs.auth.issue_token``), and the services decide on it. Two ways produce one:

- local accounts (``portal.accounts``), for development and the demo;
- the landlord's single sign-on (OpenID Connect). The portal then sends the browser to the identity
  provider's authorisation endpoint (code flow with PKCE, ``state`` and ``nonce`` kept in the
  pre-sign-in session), exchanges the code for an ID token at the token endpoint, verifies the token
  (signature against the provider's JWKS with PyJWT's ``PyJWKClient``, ``iss``, ``aud``, ``exp``,
  ``nonce``) and turns its claims into an identity with ``identity_from_claims`` below, which maps
  the provider's group names to a role, a team and the streams. The mapping is real and tested;
  the redirect and the token exchange need the landlord's provider and are not wired yet
  (``sign_in.mode: oidc`` refuses to start, saying so).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from hcs.auth import (
    BOARD_MEMBER,
    DATA_PROTECTION_OFFICER,
    HOUSING_OFFICER,
    MANAGER,
    OPERATIONS_DIRECTOR,
    SENIOR,
    STREAMS,
)

PORTAL_ROLES = (HOUSING_OFFICER, SENIOR, MANAGER, OPERATIONS_DIRECTOR, BOARD_MEMBER, DATA_PROTECTION_OFFICER)
ROLE_NAMES = {
    HOUSING_OFFICER: "Housing officer",
    SENIOR: "Senior housing officer",
    MANAGER: "Housing manager",
    OPERATIONS_DIRECTOR: "Operations Director",
    BOARD_MEMBER: "Board member",
    DATA_PROTECTION_OFFICER: "Data protection officer",
}


@dataclass(frozen=True)
class StaffIdentity:
    user_id: str
    name: str
    role: str
    team: str | None = None
    streams: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if self.role not in PORTAL_ROLES:
            raise ValueError(f"role {self.role!r} cannot sign in to the staff portal")
        if not set(self.streams) <= STREAMS:
            raise ValueError("unknown stream")

    @property
    def role_name(self) -> str:
        return ROLE_NAMES[self.role]

    def to_claims(self) -> dict[str, Any]:
        return {"sub": self.user_id, "name": self.name, "role": self.role, "team": self.team,
                "streams": list(self.streams)}

    @classmethod
    def from_claims(cls, claims: Mapping[str, Any]) -> StaffIdentity:
        return cls(str(claims["sub"]), str(claims.get("name") or claims["sub"]), str(claims["role"]),
                   claims.get("team") or None, tuple(claims.get("streams") or ()))


@dataclass(frozen=True)
class OidcMapping:
    """How the landlord's directory groups become a role, a team and streams (config for SSO)."""

    roles: Mapping[str, str]  # group -> role; the most senior listed group wins, in PORTAL_ROLES order
    streams: Mapping[str, str]  # group -> stream
    team_prefix: str = "team-"  # a group "team-north" puts the user in team "north"
    groups_claim: str = "groups"


class NoPortalAccess(Exception):
    """The signed-in person holds no group that gives a portal role."""


def identity_from_claims(claims: Mapping[str, Any], mapping: OidcMapping) -> StaffIdentity:
    """A verified ID token's claims as a staff identity (deny by default: no mapped group, no access)."""
    groups = _strings(claims.get(mapping.groups_claim))
    roles = {mapping.roles[g] for g in groups if g in mapping.roles}
    ranked = [r for r in reversed(PORTAL_ROLES) if r in roles]
    if not ranked:
        raise NoPortalAccess("no group of this account gives access to the staff portal")
    teams = sorted(g[len(mapping.team_prefix):] for g in groups if g.startswith(mapping.team_prefix))
    streams = tuple(sorted({mapping.streams[g] for g in groups if g in mapping.streams}))
    name = str(claims.get("name") or claims.get("preferred_username") or claims["sub"])
    return StaffIdentity(str(claims["sub"]), name[:120], ranked[0], teams[0] if teams else None, streams)


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, Iterable):
        return [str(v) for v in value]
    return []
