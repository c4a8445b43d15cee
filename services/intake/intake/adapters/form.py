"""The HTTP side of the common reporting form: who is posting (a registered centre's API key), and
the body (JSON only, size-capped) before the schema sees it."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from werkzeug.wrappers import Request

from hcs.auth import PARTNER, Caller
from hcs.errors import HcsError, Unauthenticated, ValidationFailed
from intake import schemas
from intake.schemas import ReportSchema
from intake.settings import Centre, IntakeSettings


class PayloadTooLarge(HcsError):
    code = "payload_too_large"


class UnsupportedMediaType(HcsError):
    code = "unsupported_media_type"


HTTP_STATUS = {"validation_failed": 400, "unauthenticated": 401, "forbidden": 403, "not_found": 404,
               "conflict": 409, "payload_too_large": 413, "unsupported_media_type": 415}


def authenticate(request: Request, settings: IntakeSettings) -> Centre:
    scheme, _, key = request.headers.get("Authorization", "").partition(" ")
    key = key.strip()
    if scheme.lower() == "bearer" and 16 <= len(key) <= 200:
        centre = settings.centre_with_key_digest(hashlib.sha256(key.encode()).hexdigest())
        if centre is not None:
            return centre
    raise Unauthenticated("a registered reporting centre's API key is required (Authorization: Bearer <key>)")


def centre_caller(centre: Centre) -> Caller:
    """A report from a centre is attributed to that centre."""
    return Caller(user_id=f"centre:{centre.name}", role=PARTNER)


def read_json(request: Request, max_bytes: int) -> Any:
    if request.mimetype != "application/json":
        raise UnsupportedMediaType("the reporting form takes JSON only (Content-Type: application/json)")
    if request.content_length is not None and request.content_length > max_bytes:
        raise PayloadTooLarge(f"a report is at most {max_bytes} bytes")
    body = request.stream.read(max_bytes + 1)
    if len(body) > max_bytes:
        raise PayloadTooLarge(f"a report is at most {max_bytes} bytes")
    try:
        return json.loads(body.decode("utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise ValidationFailed("report is not JSON", {"_schema": ["Not valid JSON (UTF-8)."]}) from None


def load_report(payload: Any, centre: Centre, now: datetime) -> dict[str, Any]:
    """The common form, checked as a whole. The channel of a centre's report is the centre's own
    (third-party reporting centre or partner agency): left out, it is filled in; another is refused."""
    problems: dict[str, list[str]] = {}
    if isinstance(payload, dict):
        if payload.get("channel", centre.channel) != centre.channel:
            problems["channel"] = [f"Reports from this centre arrive by the channel {centre.channel}; "
                                   "leave channel out or send that."]
        payload = {**payload, "channel": centre.channel}
    try:
        details: dict[str, Any] = schemas.load(ReportSchema(now=now), payload, "report")
    except ValidationFailed as exc:
        raise ValidationFailed(exc.message, {**exc.fields, **problems}) from None
    if problems:
        raise ValidationFailed("report is invalid", problems)
    return details
