"""Loading RPC and HTTP payloads at the boundary: one ValidationFailed naming every bad field."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError

from hcs.errors import ValidationFailed, flatten_messages


def load(schema: Schema, payload: Any, what: str = "payload") -> Any:
    if not isinstance(payload, dict):
        raise ValidationFailed(f"{what} must be a JSON object", {"_schema": ["Not an object."]})
    try:
        return schema.load(payload)
    except ValidationError as exc:
        raise ValidationFailed(f"{what} is invalid", flatten_messages(exc.messages)) from None
