"""The HTTP side of partners' requests: size limit, Standard Webhooks signature with the partner's
own secret, replay protection by webhook-id, JSON bodies, and typed errors as HTTP statuses.

A request that does not verify is refused with 401 and audited (who it claimed to be, never what it
carried)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from werkzeug.wrappers import Request, Response

from hcs.audit import AuditEntry
from hcs.errors import HcsError, Unauthenticated, ValidationFailed, to_dict
from hcs.web import parse_json, read_body
from referrals.adapters.webhooks import BadSignature, verify

MAX_BODY_BYTES = 16 * 1024
STATUS = {"unauthenticated": 401, "forbidden": 403, "consent_refused": 403, "not_found": 404, "conflict": 409,
          "payload_too_large": 413}


def verified_body(start_uow: Callable[[], Any], request: Request, partner: str, action: str) -> bytes:
    """The body, once the request is proven to come from ``partner``; raises a typed error."""
    body = read_body(request, MAX_BODY_BYTES)
    with start_uow() as uow:
        line = uow.partners.line(partner[:64])
    try:
        if line is None or not line.secret:
            raise BadSignature("unknown partner")
        verify(line.secret, body, dict(request.headers))
    except BadSignature:
        with start_uow() as uow:
            uow.audit.record(AuditEntry(f"claimed:partner:{partner[:64]}", "unknown", f"referrals.{action}",
                                        "refused", "partner", partner[:64], "signature not verified"))
            uow.commit()
        raise Unauthenticated("the request's signature could not be verified") from None
    if len(request.headers["webhook-id"]) > 100:
        raise ValidationFailed("request is invalid", {"webhook-id": ["At most 100 characters."]})
    return body


def json_body(body: bytes) -> Any:
    """The JSON document in ``body``, None for an empty body."""
    try:
        return parse_json(body)
    except ValueError:
        raise ValidationFailed("request is not JSON", {"_schema": ["Not valid JSON."]}) from None


def answer(body: Any, status: int = 200) -> Response:
    return Response(json.dumps(body, default=str), status=status, content_type="application/json")


def error(exc: HcsError) -> Response:
    return answer(to_dict(exc), STATUS.get(exc.code, 400))
