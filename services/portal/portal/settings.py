"""The portal's settings: one validated object built at start from YAML and the environment.

``${VAR:default}`` placeholders are substituted after parsing (``hcs.config.substitute``), so a
secret is never re-read as YAML. Nothing else in the portal reads the environment.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate

from hcs.config import AuthSettings, ConfigError, HttpSettings, read_yaml, substitute

ROOT = Path(__file__).resolve().parents[3]


@dataclass(frozen=True)
class SessionSettings:
    secret: str = field(repr=False)
    idle_minutes: int = 30
    absolute_hours: int = 10
    secure_cookie: bool = False


@dataclass(frozen=True)
class SignInSettings:
    mode: str = "local"
    accounts_file: str | None = None


@dataclass(frozen=True)
class RpcSettings:
    timeout_seconds: float = 10.0
    pool_size: int = 8


@dataclass(frozen=True)
class PortalSettings:
    amqp_uri: str = field(repr=False)
    http: HttpSettings
    auth: AuthSettings
    session: SessionSettings
    sign_in: SignInSettings
    rpc: RpcSettings

    def accounts_path(self) -> Path | None:
        if not self.sign_in.accounts_file:
            return None
        path = Path(self.sign_in.accounts_file)
        return path if path.is_absolute() else ROOT / path


class _Http(Schema):
    host = fields.String(load_default="127.0.0.1")
    port = fields.Integer(required=True, validate=validate.Range(min=1, max=65535))


class _Auth(Schema):
    secret = fields.String(required=True, validate=validate.Length(min=32))
    audience = fields.String(load_default="hcs")
    issuer = fields.String(load_default="hcs")
    token_minutes = fields.Integer(load_default=5, validate=validate.Range(min=1, max=60))


class _Session(Schema):
    secret = fields.String(required=True, validate=validate.Length(min=32))
    idle_minutes = fields.Integer(load_default=30, validate=validate.Range(min=1, max=24 * 60))
    absolute_hours = fields.Integer(load_default=10, validate=validate.Range(min=1, max=24))
    secure_cookie = fields.Boolean(load_default=False)


class _SignIn(Schema):
    mode = fields.String(load_default="local", validate=validate.OneOf(("local", "oidc")))
    accounts_file = fields.String(load_default=None, allow_none=True)


class _Rpc(Schema):
    timeout_seconds = fields.Float(load_default=10.0, validate=validate.Range(min=0.5, max=120))
    pool_size = fields.Integer(load_default=8, validate=validate.Range(min=1, max=100))


class _Portal(Schema):
    amqp_uri = fields.String(required=True, validate=validate.Regexp(r"^(py)?amqps?://"))
    http = fields.Nested(_Http, required=True)
    auth = fields.Nested(_Auth, required=True)
    session = fields.Nested(_Session, required=True)
    sign_in = fields.Nested(_SignIn, load_default=dict)
    rpc = fields.Nested(_Rpc, load_default=dict)


def parse_settings(raw: Mapping[str, Any], env: Mapping[str, str], source: str = "config") -> PortalSettings:
    tree = substitute(dict(raw), env)
    try:
        data = _Portal().load(tree)
    except ValidationError as exc:
        # name the bad fields only: the values may be secrets
        raise ConfigError(f"invalid {source}: bad or missing {', '.join(sorted(_paths(exc.messages)))}") from None
    sign_in = SignInSettings(**data["sign_in"])
    if sign_in.mode == "local" and not sign_in.accounts_file:
        raise ConfigError(f"invalid {source}: sign_in.accounts_file is needed for local sign-in")
    return PortalSettings(
        amqp_uri=data["amqp_uri"], http=HttpSettings(**data["http"]), auth=AuthSettings(**data["auth"]),
        session=SessionSettings(**data["session"]), sign_in=sign_in, rpc=RpcSettings(**data["rpc"]))


def _paths(messages: Any, prefix: str = "") -> list[str]:
    if isinstance(messages, dict):
        out: list[str] = []
        for key, inner in messages.items():
            out.extend(_paths(inner, f"{prefix}.{key}" if prefix else str(key)))
        return out
    return [prefix]


def load_settings(path: str | os.PathLike[str], env: Mapping[str, str] | None = None) -> PortalSettings:
    return parse_settings(read_yaml(path), os.environ if env is None else env, source=str(path))
