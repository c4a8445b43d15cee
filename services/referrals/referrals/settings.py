"""Referrals' part of the settings (``extra`` in config.yaml), validated once when the service starts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate

from hcs.config import ConfigError
from hcs.errors import flatten_messages
from referrals.domain.targets import Targets
from referrals.schemas import SeedPartnerSchema
from referrals.service_layer.delivery import DeliveryPolicy


@dataclass(frozen=True)
class ReferralsSettings:
    interval_seconds: float
    timeout_seconds: float
    data_timeout_seconds: float
    policy: DeliveryPolicy
    targets: Targets
    seeds: tuple[dict[str, Any], ...] = field(repr=False)


class _DeliverySchema(Schema):
    interval_seconds = fields.Float(load_default=0.5, validate=validate.Range(min=0.01, max=60))
    timeout_seconds = fields.Float(load_default=5.0, validate=validate.Range(min=0.1, max=60))
    max_backoff_seconds = fields.Float(load_default=60.0, validate=validate.Range(min=0.1, max=3600))
    batch_size = fields.Integer(load_default=20, validate=validate.Range(min=1, max=500))


class _TargetsSchema(Schema):
    delivery_within_minutes = fields.Integer(load_default=60, validate=validate.Range(min=1, max=24 * 60))
    amber_fraction = fields.Float(load_default=0.75, validate=validate.Range(min=0.1, max=0.99))


class _ExtraSchema(Schema):
    delivery = fields.Nested(_DeliverySchema, load_default=lambda: _DeliverySchema().load({}))
    targets = fields.Nested(_TargetsSchema, load_default=lambda: _TargetsSchema().load({}))
    data_timeout_seconds = fields.Float(load_default=5.0, validate=validate.Range(min=0.1, max=60))
    callback_base_url = fields.Url(load_default="", require_tld=False, schemes={"http", "https"})
    partners = fields.Dict(keys=fields.String(), values=fields.Dict(), load_default=dict)


def referrals_settings(extra: Mapping[str, Any]) -> ReferralsSettings:
    known = ("delivery", "targets", "data_timeout_seconds", "callback_base_url", "partners")
    try:
        loaded = _ExtraSchema().load({k: extra[k] for k in known if k in extra})
        seeds = tuple(SeedPartnerSchema().load({**seed, "code": code}) for code, seed in loaded["partners"].items())
    except ValidationError as exc:
        # name the bad fields only: the values may be secrets
        bad = ", ".join(sorted(flatten_messages(exc.messages)))
        raise ConfigError(f"invalid referrals settings at: {bad}") from None
    d, t = loaded["delivery"], loaded["targets"]
    policy = DeliveryPolicy(batch_size=d["batch_size"], lease_seconds=d["timeout_seconds"] * 2 + 1,
                            max_backoff_seconds=d["max_backoff_seconds"],
                            callback_base_url=loaded["callback_base_url"].rstrip("/"))
    targets = Targets(timedelta(minutes=t["delivery_within_minutes"]), t["amber_fraction"])
    return ReferralsSettings(d["interval_seconds"], d["timeout_seconds"], loaded["data_timeout_seconds"], policy,
                             targets, seeds)
