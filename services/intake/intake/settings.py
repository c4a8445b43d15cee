"""Intake's part of the settings (``extra`` in config.yaml), validated once when the service starts.

    extra:
      centres:                        # reporting centres and partner agencies posting the common form
        demo-centre: <sha256 of its API key>                 # a third-party reporting centre
        police-hub: {key_sha256: <sha256>, channel: partner_agency}
      form: {max_bytes: 65536}
      triage:
        repeat_victim: {reports: 3, days: 91}
        duplicate_window_hours: 3
        urgent_incident_types: [threats_of_violence, physical_assault, arson]
        local_strands_are_hate_incidents: true
        care_support_is_vulnerable: true
      place_key_secret: ${HCS_PLACE_KEY_SECRET:}   # keys reports to households and perpetrators

A centre whose digest is empty is switched off. Only the SHA-256 of a centre's key is ever stored.
Without ``place_key_secret`` the place keys are derived from the token secret: set it in production,
once, so that keys survive a rotation of the token secret.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate

from hcs.config import ConfigError
from hcs.errors import flatten_messages
from intake.domain.triage import URGENT_INCIDENT_TYPES, TriageRules
from intake.domain.vocabulary import CENTRE_CHANNELS, INCIDENT_TYPES

SHA256 = validate.Regexp(r"^([0-9a-fA-F]{64})?$", error="The SHA-256 of the key: 64 hexadecimal digits.")


@dataclass(frozen=True)
class Centre:
    name: str
    key_sha256: str
    channel: str


@dataclass(frozen=True)
class IntakeSettings:
    centres: tuple[Centre, ...]
    form_max_bytes: int
    triage: TriageRules
    place_key_secret: bytes

    def centre_with_key_digest(self, digest: str) -> Centre | None:
        found = None
        for centre in self.centres:  # compare with every centre, so timing says nothing
            if hmac.compare_digest(centre.key_sha256, digest):
                found = centre
        return found


class _CentreSchema(Schema):
    key_sha256 = fields.String(required=True, validate=SHA256)
    channel = fields.String(load_default="third_party_centre", validate=validate.OneOf(CENTRE_CHANNELS))


class _CentreField(fields.Field):
    """A centre is its key's digest, or ``{key_sha256, channel}``."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> dict[str, Any]:
        if value is None or isinstance(value, str):
            value = {"key_sha256": value or ""}
        if not isinstance(value, Mapping):
            raise ValidationError("A SHA-256 digest, or {key_sha256, channel}.")
        return _CentreSchema().load(dict(value))  # type: ignore[no-any-return]


class _RepeatSchema(Schema):
    reports = fields.Integer(load_default=3, validate=validate.Range(min=2, max=50))
    days = fields.Integer(load_default=91, validate=validate.Range(min=1, max=730))


class _TriageSchema(Schema):
    repeat_victim = fields.Nested(_RepeatSchema, load_default=lambda: _RepeatSchema().load({}))
    duplicate_window_hours = fields.Float(load_default=3.0, validate=validate.Range(min=0, max=24 * 14))
    urgent_incident_types = fields.List(fields.String(validate=validate.OneOf(INCIDENT_TYPES)),
                                        load_default=lambda: sorted(URGENT_INCIDENT_TYPES))
    local_strands_are_hate_incidents = fields.Boolean(load_default=True)
    care_support_is_vulnerable = fields.Boolean(load_default=True)


class _FormSchema(Schema):
    max_bytes = fields.Integer(load_default=64 * 1024, validate=validate.Range(min=1024, max=1024 * 1024))


class _ExtraSchema(Schema):
    centres = fields.Dict(keys=fields.String(validate=validate.Regexp(r"^[a-z0-9][a-z0-9_-]{0,47}$")),
                          values=_CentreField(), load_default=dict)
    form = fields.Nested(_FormSchema, load_default=lambda: _FormSchema().load({}))
    triage = fields.Nested(_TriageSchema, load_default=lambda: _TriageSchema().load({}))
    place_key_secret = fields.String(load_default="", validate=validate.Regexp(
        r"^(.{32,})?$", error="At least 32 characters, or empty to derive it from the token secret."))


def intake_settings(extra: Mapping[str, Any], token_secret: str) -> IntakeSettings:
    wanted = ("centres", "form", "triage", "place_key_secret")
    try:
        loaded = _ExtraSchema().load({k: extra[k] for k in wanted if k in extra})
    except ValidationError as exc:
        # name the bad fields only: the values may be secrets
        raise ConfigError("invalid intake settings at: " + ", ".join(sorted(flatten_messages(exc.messages)))) from None
    centres = tuple(Centre(name, c["key_sha256"].lower(), c["channel"])
                    for name, c in sorted(loaded["centres"].items()) if c["key_sha256"])
    triage = loaded["triage"]
    rules = TriageRules(
        repeat_victim_reports=triage["repeat_victim"]["reports"], repeat_victim_days=triage["repeat_victim"]["days"],
        duplicate_window_hours=triage["duplicate_window_hours"],
        urgent_incident_types=frozenset(triage["urgent_incident_types"]),
        local_strands_are_hate_incidents=triage["local_strands_are_hate_incidents"],
        care_support_is_vulnerable=triage["care_support_is_vulnerable"])
    secret = loaded["place_key_secret"].encode() or hashlib.sha256(
        b"hcs-intake-place-keys|" + token_secret.encode()).digest()
    return IntakeSettings(centres, loaded["form"]["max_bytes"], rules, secret)
