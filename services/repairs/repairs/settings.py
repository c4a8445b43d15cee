"""Repairs' part of the settings (``extra`` in config.yaml), validated once when the service starts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate

from hcs.config import ConfigError
from hcs.errors import flatten_messages
from repairs.domain.delivery import Contractor


@dataclass(frozen=True)
class DispatchSettings:
    interval_seconds: float
    timeout_seconds: float
    max_backoff_seconds: float
    batch_size: int


@dataclass(frozen=True)
class RepairsSettings:
    dispatch: DispatchSettings
    contractors: tuple[Contractor, ...]

    def contractor(self, name: str) -> Contractor | None:
        return next((c for c in self.contractors if c.name == name), None)


class _DispatchSchema(Schema):
    interval_seconds = fields.Float(load_default=0.2, validate=validate.Range(min=0.01, max=60))
    timeout_seconds = fields.Float(load_default=5.0, validate=validate.Range(min=0.1, max=60))
    max_backoff_seconds = fields.Float(load_default=30.0, validate=validate.Range(min=0.1, max=3600))
    batch_size = fields.Integer(load_default=20, validate=validate.Range(min=1, max=500))


class _ContractorSchema(Schema):
    endpoint = fields.Url(required=True, require_tld=False, schemes={"http", "https"})
    secret = fields.String(required=True, validate=validate.Regexp(
        r"^whsec_[A-Za-z0-9+/]{24,}={0,2}$", error="A Standard Webhooks secret: whsec_ and base64."))
    trades = fields.List(fields.String(validate=validate.Length(min=1, max=40)), load_default=list)


class _ExtraSchema(Schema):
    dispatch = fields.Nested(_DispatchSchema, load_default=lambda: _DispatchSchema().load({}))
    contractors = fields.Dict(keys=fields.String(validate=validate.Regexp(r"^[a-z0-9][a-z0-9_-]{0,63}$")),
                              values=fields.Nested(_ContractorSchema), required=True,
                              validate=validate.Length(min=1))


def repairs_settings(extra: Mapping[str, Any]) -> RepairsSettings:
    try:
        loaded = _ExtraSchema().load({k: extra[k] for k in ("dispatch", "contractors") if k in extra})
    except ValidationError as exc:
        # name the bad fields only: the values may be secrets
        raise ConfigError("invalid repairs settings at: " + ", ".join(
            sorted(flatten_messages(exc.messages)))) from None
    contractors = tuple(Contractor(name, c["endpoint"], c["secret"], tuple(c["trades"]))
                        for name, c in loaded["contractors"].items())
    return RepairsSettings(DispatchSettings(**loaded["dispatch"]), contractors)
