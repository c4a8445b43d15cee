"""One validated settings object per service process, built from YAML and the environment.

``${VAR}`` and ``${VAR:default}`` are substituted in string values *after* the YAML is parsed, so a
substituted value is never re-read as YAML (``00123`` stays the string ``"00123"``); typed fields are
converted by the schema below. Nothing else in the code base reads the environment.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from marshmallow import Schema, ValidationError, fields, post_load, validate, validates_schema

_PLACEHOLDER = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?\}")


class ConfigError(Exception):
    """A configuration problem, worded as one line an operator can act on."""


@dataclass(frozen=True)
class HttpSettings:
    host: str
    port: int

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"


@dataclass(frozen=True)
class AuthSettings:
    secret: str = field(repr=False)
    audience: str
    issuer: str
    token_minutes: int


@dataclass(frozen=True)
class EncryptionSettings:
    """Keys for special category columns at rest (hcs.crypto): key id -> base64 of 32 bytes."""

    active: str
    keys: Mapping[str, str] = field(repr=False)


@dataclass(frozen=True)
class RelaySettings:
    interval_seconds: float
    batch_size: int
    max_backoff_seconds: float
    confirm_timeout_seconds: float


@dataclass(frozen=True)
class ConsumerSettings:
    attempts: int
    retry_delay_seconds: float


@dataclass(frozen=True)
class Settings:
    service: str
    amqp_uri: str = field(repr=False)
    database_url: str = field(repr=False)
    http: HttpSettings
    auth: AuthSettings
    encryption: EncryptionSettings
    relay: RelaySettings
    consumer: ConsumerSettings
    rpc_timeout_seconds: float
    max_workers: int
    extra: Mapping[str, Any] = field(default_factory=dict)
    log_level: str = "INFO"

    def nameko_config(self) -> dict[str, Any]:
        """The dict nameko's containers read; our settings travel inside it under ``HCS``."""
        return {
            "AMQP_URI": self.amqp_uri,
            "WEB_SERVER_ADDRESS": self.http.address,
            "max_workers": self.max_workers,
            "parent_calls_tracked": 10,
            "serializer": "json",
            "ACCEPT": ["json"],
            "HCS": self,
        }


class _HttpSchema(Schema):
    host = fields.String(load_default="127.0.0.1")
    port = fields.Integer(required=True, validate=validate.Range(min=1, max=65535))

    @post_load
    def make(self, data: dict[str, Any], **kwargs: Any) -> HttpSettings:
        return HttpSettings(**data)


class _AuthSchema(Schema):
    secret = fields.String(required=True, validate=validate.Length(min=32))
    audience = fields.String(load_default="hcs")
    issuer = fields.String(load_default="hcs")
    token_minutes = fields.Integer(load_default=15, validate=validate.Range(min=1, max=24 * 60))

    @post_load
    def make(self, data: dict[str, Any], **kwargs: Any) -> AuthSettings:
        return AuthSettings(**data)


class _EncryptionSchema(Schema):
    active = fields.String(required=True, validate=validate.Regexp(r"^[A-Za-z0-9_-]{1,20}$"))
    keys = fields.Dict(keys=fields.String(validate=validate.Regexp(r"^[A-Za-z0-9_-]{1,20}$")),
                       values=fields.String(validate=validate.Length(min=1)), required=True,
                       validate=validate.Length(min=1))

    @validates_schema
    def keys_are_keys(self, data: dict[str, Any], **kwargs: Any) -> None:
        from hcs.crypto import CryptoError, Keyring

        try:
            Keyring.from_config(data["active"], data["keys"])
        except CryptoError as exc:
            raise ValidationError(str(exc), "keys") from None

    @post_load
    def make(self, data: dict[str, Any], **kwargs: Any) -> EncryptionSettings:
        return EncryptionSettings(**data)


class _RelaySchema(Schema):
    interval_seconds = fields.Float(load_default=0.2, validate=validate.Range(min=0.01, max=60))
    batch_size = fields.Integer(load_default=200, validate=validate.Range(min=1, max=10_000))
    max_backoff_seconds = fields.Float(load_default=30.0, validate=validate.Range(min=0.1))
    confirm_timeout_seconds = fields.Float(load_default=5.0, validate=validate.Range(min=0.1))

    @post_load
    def make(self, data: dict[str, Any], **kwargs: Any) -> RelaySettings:
        return RelaySettings(**data)


class _ConsumerSchema(Schema):
    attempts = fields.Integer(load_default=3, validate=validate.Range(min=1, max=20))
    retry_delay_seconds = fields.Float(load_default=0.2, validate=validate.Range(min=0, max=60))

    @post_load
    def make(self, data: dict[str, Any], **kwargs: Any) -> ConsumerSettings:
        return ConsumerSettings(**data)


class _SettingsSchema(Schema):
    service = fields.String(required=True, validate=validate.Regexp(r"^[a-z][a-z_]{1,30}$"))
    amqp_uri = fields.String(required=True, validate=validate.Regexp(r"^(py)?amqps?://"))
    database_url = fields.String(required=True, validate=validate.Regexp(r"^(sqlite|postgresql)"))
    http = fields.Nested(_HttpSchema, required=True)
    auth = fields.Nested(_AuthSchema, required=True)
    encryption = fields.Nested(_EncryptionSchema, required=True)
    relay = fields.Nested(_RelaySchema, load_default=lambda: _RelaySchema().load({}))
    consumer = fields.Nested(_ConsumerSchema, load_default=lambda: _ConsumerSchema().load({}))
    rpc_timeout_seconds = fields.Float(load_default=10.0, validate=validate.Range(min=0.1, max=300))
    max_workers = fields.Integer(load_default=10, validate=validate.Range(min=1, max=200))
    extra = fields.Dict(keys=fields.String(), load_default=dict)
    log_level = fields.String(load_default="INFO",
                              validate=validate.OneOf(["DEBUG", "INFO", "WARNING", "ERROR"]))

    @post_load
    def make(self, data: dict[str, Any], **kwargs: Any) -> Settings:
        return Settings(**data)


def substitute(value: Any, env: Mapping[str, str], where: str = "") -> Any:
    """Replace ``${VAR:default}`` placeholders in every string of a parsed YAML tree."""
    if isinstance(value, dict):
        return {k: substitute(v, env, f"{where}.{k}" if where else str(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [substitute(v, env, f"{where}[{i}]") for i, v in enumerate(value)]
    if not isinstance(value, str):
        return value

    def replace(match: re.Match[str]) -> str:
        name, default = match.group(1), match.group(2)
        if name in env:
            return env[name]
        if default is None:
            raise ConfigError(f"environment variable {name} is not set (needed by {where})")
        return default

    return _PLACEHOLDER.sub(replace, value)


def _flatten(messages: Any, prefix: str = "") -> list[str]:
    if isinstance(messages, dict):
        out: list[str] = []
        for key, inner in messages.items():
            out.extend(_flatten(inner, f"{prefix}.{key}" if prefix else str(key)))
        return out
    if isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        return [f"{prefix}: {' '.join(messages)}"]
    return [f"{prefix}: {messages}"]


def parse_settings(raw: Mapping[str, Any], env: Mapping[str, str], source: str = "config") -> Settings:
    tree = substitute(dict(raw), env)
    try:
        return _SettingsSchema().load(tree)  # type: ignore[no-any-return]
    except ValidationError as exc:
        raise ConfigError(f"invalid {source}: " + "; ".join(_flatten(exc.messages))) from None


def load_settings(path: str | os.PathLike[str], env: Mapping[str, str] | None = None) -> Settings:
    """Read, substitute and validate one service's YAML config; raise ConfigError in one line."""
    return parse_settings(read_yaml(path), os.environ if env is None else env, source=str(path))


def read_yaml(path: str | os.PathLike[str]) -> dict[str, Any]:
    """A config file's top-level mapping, or ConfigError in one line."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"config file {path} does not exist") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"config file {path} is not valid YAML: {str(exc).splitlines()[0]}") from None
    if not isinstance(raw, dict):
        raise ConfigError(f"config file {path} must hold a mapping at the top level")
    return raw
