"""Loading RPC and HTTP payloads at the boundary: one ValidationFailed naming every bad field."""

from __future__ import annotations

import re
from typing import Any

from marshmallow import Schema, ValidationError

from hcs.errors import ValidationFailed, flatten_messages

_NAME = re.compile(r"^[A-Za-z0-9_]{1,40}$")


def load(schema: Schema, payload: Any, what: str = "payload") -> Any:
    if not isinstance(payload, dict):
        raise ValidationFailed(f"{what} must be a JSON object", {"_schema": ["Not an object."]})
    try:
        return schema.load(payload)
    except ValidationError as exc:
        raise ValidationFailed(f"{what} is invalid", safe_fields(flatten_messages(exc.messages))) from None


def safe_fields(fields: dict[str, list[str]]) -> dict[str, list[str]]:
    """Field paths fit to send back: a key that is not a plain name (an unknown key may hold anything,
    personal data or markup included) is shown as ``<unknown>``."""
    out: dict[str, list[str]] = {}
    for path, messages in fields.items():
        key = ".".join(s if _NAME.match(s) else "<unknown>" for s in path.split("."))
        known = out.setdefault(key, [])
        known.extend(m for m in messages if m not in known)
    return out


RECORD_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_:.\-]{0,63}")


def record_id(value: Any, field: str) -> str:
    """A record's id as a caller gave it: 1 to 64 letters, digits, ``_ : . -`` (a UUID, a partner's
    code), or ValidationFailed. An error about an unknown record may then name it without ever
    repeating free text the caller sent."""
    if not isinstance(value, str) or not RECORD_ID.fullmatch(value):
        raise ValidationFailed(f"{field} is invalid",
                               {field: ["An id of 1 to 64 letters, digits and the characters _ : . -"]})
    return value
