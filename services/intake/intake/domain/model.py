"""A harassment report as intake keeps it: what was reported, by which channel, and its triage."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from intake.domain.triage import Triage

CHANNELS = ("phone", "visit", "letter", "email", "web_form", "third_party_centre", "partner_agency",
            "staff_observed")
REPORTER_ROLES = ("victim", "witness", "third_party", "staff")
PERCEIVERS = ("victim", "witness", "reporter", "staff", "other")


@dataclass
class Report:
    report_id: str
    idempotency_key: str
    received_at: datetime
    channel: str
    stream: str
    submitted_by: str
    details: dict[str, Any]
    triage: Triage
    history: list[dict[str, Any]] = field(default_factory=list)

    @property
    def address(self) -> dict[str, Any] | None:
        victims = self.details.get("victims") or []
        return victims[0].get("address") if victims else None

    @property
    def household_key(self) -> str | None:
        """What makes two reports about 'the same party': the victim household's UPRN or postcode."""
        address = self.address or {}
        if address.get("uprn"):
            return f"uprn:{address['uprn']}"
        if address.get("postcode"):
            return "postcode:" + str(address["postcode"]).replace(" ", "").upper()
        return None

    def downstream_summary(self) -> dict[str, Any]:
        """Only what other services need (report_received): no names, no narrative."""
        damage = self.details.get("damage")
        address = self.address
        return {
            "report_id": self.report_id, "received_at": self.received_at, "channel": self.channel,
            "stream": self.stream, "triage": self.triage.outcome, "strands": list(self.triage.strands),
            "flags": list(self.triage.flags),
            "address": ({k: address.get(k) for k in ("uprn", "postcode", "line")} if address else None),
            "household_key": self.household_key,
            "damage": ({"description": damage["description"], "location": damage.get("location")}
                       if damage else None),
        }
