"""The event envelope and its validation against the contract catalogue.

Envelope: ``{event_id, event_type, schema_version, occurred_at, aggregate_id, data}`` and, optionally,
``correlation_id`` (the id that follows a report through every service, see ``hcs.logs``; envelopes
without it stay valid). ``data`` is validated against the catalogue's marshmallow schema for that
type and version, on publish and on receipt.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate

from hcs.contracts import CATALOGUE, latest_version, source_of
from hcs.errors import flatten_messages


class InvalidEvent(Exception):
    """An envelope or payload that breaks its contract. Never retried: parked at once."""


class ContractViolation(Exception):
    """A service tried to publish an event that breaks its contract: a programming error."""


@dataclass(frozen=True)
class Event:
    event_id: str
    event_type: str
    schema_version: int
    occurred_at: datetime
    aggregate_id: str
    data: dict[str, Any]
    correlation_id: str | None = None

    @property
    def source(self) -> str:
        return source_of(self.event_type)

    def to_envelope(self) -> dict[str, Any]:
        """The JSON-safe envelope: ``data`` dumped through its contract's schema."""
        envelope: dict[str, Any] = _EnvelopeSchema().dump(self)
        if envelope.get("correlation_id") is None:
            envelope.pop("correlation_id", None)
        envelope["data"] = CATALOGUE[(self.event_type, self.schema_version)]().dump(self.data)
        return envelope


class _EnvelopeSchema(Schema):
    event_id = fields.UUID(required=True)
    event_type = fields.String(required=True, validate=validate.OneOf(sorted({t for t, _ in CATALOGUE})))
    schema_version = fields.Integer(required=True, strict=True, validate=validate.Range(min=1))
    occurred_at = fields.AwareDateTime(required=True)
    aggregate_id = fields.String(required=True, validate=validate.Length(min=1, max=64))
    data = fields.Dict(required=True)
    correlation_id = fields.String(load_default=None, allow_none=True,
                                   validate=validate.Regexp(r"^[A-Za-z0-9._:-]{1,64}$"))


def _loaded_data(event_type: str, version: int, wire_data: Any) -> dict[str, Any]:
    """Validate JSON-safe ``wire_data`` against its contract; return it typed (datetimes etc.)."""
    schema_cls = CATALOGUE.get((event_type, version))
    if schema_cls is None:
        raise ValidationError({"schema_version": [f"no contract for {event_type} v{version}"]})
    return schema_cls().load(wire_data)  # type: ignore[no-any-return]


def new_event(event_type: str, aggregate_id: str, data: dict[str, Any], occurred_at: datetime,
              version: int | None = None, correlation_id: str | None = None) -> Event:
    """Build an event, validating ``data`` against its contract (raises ContractViolation)."""
    version = version or latest_version(event_type)
    try:
        schema_cls = CATALOGUE.get((event_type, version))
        wire = schema_cls().dump(data) if schema_cls else data
        clean = _loaded_data(event_type, version, wire)
    except ValidationError as exc:
        fields_ = ", ".join(sorted(flatten_messages(exc.messages)))
        raise ContractViolation(f"{event_type} v{version} breaks its contract at: {fields_}") from None
    return Event(str(uuid.uuid4()), event_type, version, occurred_at, str(aggregate_id), clean,
                 correlation_id)


def parse_envelope(payload: Any) -> Event:
    """Validate a received envelope and its data; raise InvalidEvent naming the bad fields only."""
    if not isinstance(payload, dict):
        raise InvalidEvent("event body is not a JSON object")
    try:
        env = _EnvelopeSchema().load(payload)
        data = _loaded_data(env["event_type"], env["schema_version"], env["data"])
    except ValidationError as exc:
        bad = ", ".join(sorted(flatten_messages(exc.messages)))
        raise InvalidEvent(f"event breaks its contract at: {bad}") from None
    return Event(str(env["event_id"]), env["event_type"], env["schema_version"], env["occurred_at"],
                 env["aggregate_id"], data, env["correlation_id"])
