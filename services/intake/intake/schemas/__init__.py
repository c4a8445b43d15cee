"""Marshmallow schemas for intake's RPC and HTTP payloads, and the loader that turns every bad
payload into one ``ValidationFailed`` naming each bad field, without echoing what was sent."""

from __future__ import annotations

import json
import re
from typing import Any

from marshmallow import Schema, ValidationError

from hcs.errors import ValidationFailed, flatten_messages
from intake.schemas.report import ReportDetailsSchema, ReportSchema
from intake.schemas.requests import AmendmentSchema, ExtractSchema, ListFilterSchema, WithdrawalSchema
from intake.schemas.views import (
    AmendReceiptSchema,
    FormReceiptSchema,
    PageSchema,
    ReceiptSchema,
    ReportViewSchema,
    WithdrawReceiptSchema,
)

__all__ = ["AmendReceiptSchema", "AmendmentSchema", "ExtractSchema", "FormReceiptSchema", "ListFilterSchema",
           "PageSchema", "ReceiptSchema", "ReportDetailsSchema", "ReportSchema", "ReportViewSchema",
           "WithdrawReceiptSchema", "WithdrawalSchema", "load", "safe_path"]

MAX_PAYLOAD_CHARS = 256 * 1024
_SEGMENT = re.compile(r"^[A-Za-z0-9_]{1,40}$")


def safe_path(path: str) -> str:
    """A field path fit to send back: a key that is not a plain name (an unknown key may hold
    anything, personal data included) is shown as ``<unknown>``."""
    return ".".join(s if _SEGMENT.match(s) else "<unknown>" for s in path.split("."))


def problems(messages: Any, prefix: str = "") -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for path, found in flatten_messages(messages).items():
        key = safe_path(f"{prefix}.{path}" if prefix else path)
        out.setdefault(key, []).extend(m for m in found if m not in out.get(key, []))
    return out


def load(schema: Schema, payload: Any, what: str = "payload", prefix: str = "") -> Any:
    if not isinstance(payload, dict):
        raise ValidationFailed(f"{what} must be a JSON object", {prefix or "_schema": ["Not an object."]})
    try:
        size = len(json.dumps(payload, default=str))
    except (TypeError, ValueError):
        raise ValidationFailed(f"{what} is not JSON", {prefix or "_schema": ["Not JSON."]}) from None
    if size > MAX_PAYLOAD_CHARS:
        raise ValidationFailed(f"{what} is too large", {prefix or "_schema": ["At most 256 KiB."]})
    try:
        return schema.load(payload)
    except ValidationError as exc:
        raise ValidationFailed(f"{what} is invalid", problems(exc.messages, prefix)) from None
