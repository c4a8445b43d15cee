"""Partners' systems over Standard Webhooks: referrals and stop notices go out signed, callbacks and
pulls come in signed, each partner with its own secret used both ways.

The ``webhook-id`` of a referral is the referral id on every attempt, and of a stop notice the
notice id, so a partner can de-duplicate retries. Inbound, a ``webhook-id`` is used once per partner
(replays are duplicates) and the timestamp must be within five minutes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import requests
from standardwebhooks import Webhook


class BadSignature(Exception):
    """A request whose signature, timestamp or partner could not be verified."""


def signed_headers(secret: str, webhook_id: str, body: str, at: datetime | None = None) -> dict[str, str]:
    at = at or datetime.now(UTC)
    return {"webhook-id": webhook_id, "webhook-timestamp": str(int(at.timestamp())),
            "webhook-signature": Webhook(secret).sign(webhook_id, at, body), "content-type": "application/json"}


def verify(secret: str, body: bytes, headers: Mapping[str, str]) -> None:
    """Raise BadSignature unless the headers sign ``body`` with ``secret`` within five minutes."""
    try:
        Webhook(secret).verify(body, dict(headers), json_parse=False)
    except Exception as exc:  # malformed headers raise ValueError or binascii.Error, not only ours
        raise BadSignature(type(exc).__name__) from None


class PartnerClient:
    """Sends signed bodies. Returns the HTTP status; raises for a connection failure or timeout."""

    def __init__(self, timeout_seconds: float, session: requests.Session | None = None) -> None:
        self.timeout = timeout_seconds
        self.session = session or requests.Session()

    def send(self, endpoint: str, secret: str, webhook_id: str, body: Mapping[str, Any]) -> int:
        text = json.dumps(body, sort_keys=True, default=str)
        response = self.session.post(endpoint, data=text.encode(), headers=signed_headers(secret, webhook_id, text),
                                     timeout=self.timeout, allow_redirects=False)
        response.close()
        return response.status_code

    def close(self) -> None:
        self.session.close()
