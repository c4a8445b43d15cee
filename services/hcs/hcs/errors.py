"""Typed errors that cross service boundaries.

Each class is registered with nameko's exception registry, so an RPC caller that imports this module
receives an instance of the same class (with the same arguments) instead of a bare ``RemoteError``.
Arguments must be JSON-safe. Messages never carry personal or special category data.
"""

from __future__ import annotations

from typing import Any

from nameko.exceptions import deserialize_to_instance


class HcsError(Exception):
    """Base class of every error a service sends to its callers."""

    code = "error"

    def __init__(self, message: str, *details: Any) -> None:
        super().__init__(message, *details)
        self.message = message

    def __str__(self) -> str:
        return self.message


@deserialize_to_instance
class ValidationFailed(HcsError):
    """A payload failed validation. ``fields`` maps each bad field's dotted path to its messages."""

    code = "validation_failed"

    def __init__(self, message: str, fields: dict[str, list[str]] | None = None) -> None:
        super().__init__(message, fields or {})
        self.fields: dict[str, list[str]] = fields or {}


@deserialize_to_instance
class NotFound(HcsError):
    code = "not_found"


@deserialize_to_instance
class Unauthenticated(HcsError):
    """No valid caller token: missing, unsigned, expired, tampered or for another audience."""

    code = "unauthenticated"


@deserialize_to_instance
class Forbidden(HcsError):
    """The caller is known but may not do this, or may not see this record."""

    code = "forbidden"


@deserialize_to_instance
class ConsentRefused(Forbidden):
    """The consent gate refused a referral to a partner agency (POL-5). ``reason`` is one of the
    referral_refused contract's reasons (no_consent, consent_withdrawn, consent_expired ...)."""

    code = "consent_refused"

    def __init__(self, message: str, reason: str = "no_consent") -> None:
        HcsError.__init__(self, message, reason)
        self.reason = reason


@deserialize_to_instance
class Conflict(HcsError):
    """The request clashes with the record's state (an illegal transition, a reused key)."""

    code = "conflict"


EXPECTED = (ValidationFailed, NotFound, Unauthenticated, Forbidden, Conflict)


MAX_FIELDS = 50  # a payload of ten thousand unknown keys gets a short answer, not one line per key
MAX_PATH = 120


def flatten_messages(messages: Any, prefix: str = "") -> dict[str, list[str]]:
    """Turn marshmallow's nested error dict into ``{"victims.0.postcode": ["..."]}``: at most
    ``MAX_FIELDS`` fields (then ``_more``), each path short and printable (the keys are the caller's)."""
    out = _flatten(messages, prefix)
    if len(out) <= MAX_FIELDS:
        return out
    kept = dict(list(out.items())[:MAX_FIELDS])
    kept["_more"] = [f"{len(out) - MAX_FIELDS} more fields are invalid."]
    return kept


def _flatten(messages: Any, prefix: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    if isinstance(messages, dict):
        for key, inner in messages.items():
            part = _printable(str(key))
            path = f"{prefix}.{part}" if prefix else part
            out.update(_flatten(inner, path[:MAX_PATH]))
    elif isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        out[prefix or "_schema"] = list(messages)
    elif isinstance(messages, list):
        for i, inner in enumerate(messages):
            out.update(_flatten(inner, f"{prefix}.{i}" if prefix else str(i)))
    else:
        out[prefix or "_schema"] = [str(messages)]
    return out


def _printable(text: str) -> str:
    text = "".join(ch if ch.isprintable() else "?" for ch in text[:MAX_PATH])
    return text or "?"


def to_dict(error: HcsError) -> dict[str, Any]:
    """The JSON body an HTTP entrypoint returns for a typed error."""
    body: dict[str, Any] = {"error": error.code, "message": error.message}
    if isinstance(error, ValidationFailed):
        body["fields"] = error.fields
    if isinstance(error, ConsentRefused):
        body["reason"] = error.reason
    return body
