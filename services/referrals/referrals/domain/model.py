"""A referral to a partner agency, and the cases referrals knows about (from case_opened)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

REQUESTED = "requested"


@dataclass(frozen=True)
class CaseEntry:
    case_id: str
    stream: str


@dataclass(frozen=True)
class Referral:
    referral_id: str
    idempotency_key: str
    case_id: str
    stream: str
    partner: str
    purpose: str
    data_categories: frozenset[str]
    status: str
    requested_at: datetime
    requested_by: str
    consent_id: str

    def same_request(self, case_id: str, partner: str, purpose: str) -> bool:
        return (self.case_id, self.partner, self.purpose) == (case_id, partner, purpose)

    def requested_event(self) -> dict[str, Any]:
        """referral_requested: no data categories' contents, only which partner and why."""
        return {"referral_id": self.referral_id, "case_id": self.case_id, "stream": self.stream,
                "partner": self.partner, "purpose": self.purpose, "requested_at": self.requested_at}
