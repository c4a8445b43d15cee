"""Contractor systems over Standard Webhooks: jobs go out signed, status callbacks come in signed.

The ``webhook-id`` of a job is its job id on every attempt, so a contractor that receives a retry of
a job it already has can recognise it. Each contractor has one secret, used both ways.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import requests
from standardwebhooks import Webhook

from repairs.domain.contractors import Contractor

log = logging.getLogger(__name__)


class BadSignature(Exception):
    """A callback whose signature, timestamp or contractor could not be verified."""


def signed_headers(secret: str, webhook_id: str, body: str, at: datetime | None = None) -> dict[str, str]:
    at = at or datetime.now(UTC)
    return {
        "webhook-id": webhook_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": Webhook(secret).sign(webhook_id, at, body),
        "content-type": "application/json",
    }


def verify(secret: str, body: bytes, headers: Mapping[str, str]) -> None:
    """Raise BadSignature unless the headers sign ``body`` with ``secret`` within five minutes."""
    try:
        Webhook(secret).verify(body, dict(headers), json_parse=False)
    except Exception as exc:  # malformed headers raise ValueError or binascii.Error, not only ours
        raise BadSignature(type(exc).__name__) from None


class ContractorClient:
    """Sends messages (offers, amendments, withdrawals): returns the HTTP status, or raises when there
    is no response (connection refused, timeout)."""

    def __init__(self, timeout_seconds: float, session: requests.Session | None = None) -> None:
        self.timeout = timeout_seconds
        self.session = session or requests.Session()

    def send(self, contractor: Contractor, webhook_id: str, payload: dict[str, Any]) -> int:
        body = json.dumps(payload, sort_keys=True, default=str)
        response = self.session.post(contractor.endpoint, data=body.encode(),
                                     headers=signed_headers(contractor.secret, webhook_id, body),
                                     timeout=self.timeout, allow_redirects=False)
        response.close()
        return response.status_code

    def close(self) -> None:
        self.session.close()
