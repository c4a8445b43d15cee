"""A harassment report as intake keeps it: what was reported, by whom and by which channel, its
triage, every version it has had and, if it was withdrawn, why. Nothing is ever deleted (POL-1,
POL-2: the original perception and who held it are kept forever, in version 1)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from intake.domain.keys import Keys
from intake.domain.times import incident_window
from intake.domain.triage import Triage


class ReportRuleBroken(Exception):
    """A command that the report's state does not allow (amending a withdrawn report ...)."""


def jsonable(value: Any) -> Any:
    """The canonical JSON-safe form a report is stored and compared in (times in UTC)."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return value


def fingerprint(details: dict[str, Any]) -> str:
    """Two submissions with the same idempotency key must carry the same report: this says whether."""
    canonical = json.dumps(jsonable(details), sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass(frozen=True)
class Withdrawal:
    at: datetime
    by: str
    reason: str
    note: str | None = None


@dataclass(frozen=True)
class Version:
    """One state of the report. Version 1 is the report as received."""

    version: int
    recorded_at: datetime
    recorded_by: str
    role: str
    details: dict[str, Any]
    triage: Triage
    reason: str | None = None
    changed: tuple[str, ...] = ()


@dataclass
class Report:
    report_id: str
    submitted_by: str
    submitter_role: str
    idempotency_key: str
    received_at: datetime
    details: dict[str, Any]
    triage: Triage
    keys: Keys = field(default_factory=Keys)
    centre: str | None = None
    version: int = 1
    withdrawal: Withdrawal | None = None
    submission_fingerprint: str = ""  # of the report as first submitted: a retry must match it

    def __post_init__(self) -> None:
        self.details = jsonable(self.details)
        self.submission_fingerprint = self.submission_fingerprint or fingerprint(self.details)

    @property
    def channel(self) -> str:
        return str(self.details["channel"])

    @property
    def stream(self) -> str:
        return str(self.details["stream"])

    @property
    def anonymous(self) -> bool:
        return bool(self.details.get("anonymous"))

    @property
    def status(self) -> str:
        return "withdrawn" if self.withdrawal else "received"

    @property
    def incident_window(self) -> tuple[datetime, datetime] | None:
        return incident_window(self.details)

    @property
    def address(self) -> dict[str, Any] | None:
        """The household's address (else the first victim's, else where it happened)."""
        household = self.details.get("household") or {}
        victims = self.details.get("victims") or []
        incident = self.details.get("incident") or {}
        for address in (household.get("address"), *(v.get("address") for v in victims), incident.get("address")):
            if address:
                return {k: address.get(k) for k in ("uprn", "postcode", "line")}
        return None

    def first_version(self) -> Version:
        return Version(1, self.received_at, self.submitted_by, self.submitter_role, self.details, self.triage)

    def amend(self, details: dict[str, Any], triage: Triage, keys: Keys, *, by: str, role: str, reason: str,
              at: datetime) -> Version:
        if self.withdrawal is not None:
            raise ReportRuleBroken("a withdrawn report cannot be amended")
        details = jsonable(details)
        changed = tuple(sorted(k for k in set(details) | set(self.details) if details.get(k) != self.details.get(k)))
        self.details, self.triage, self.keys, self.version = details, triage, keys, self.version + 1
        return Version(self.version, at, by, role, details, triage, reason, changed)

    def withdraw(self, *, by: str, reason: str, note: str | None, at: datetime) -> Withdrawal:
        if self.withdrawal is not None:
            raise ReportRuleBroken("the report was already withdrawn")
        self.withdrawal = Withdrawal(at, by, reason, note)
        return self.withdrawal

    def summary(self) -> dict[str, Any]:
        """What downstream services know of the report (``ReportSummaryV1``): no names, contact
        details, narrative or special category detail beyond the perceived strands."""
        details, triage = self.details, self.triage
        incident = details.get("incident") or {}
        damage = details.get("damage")
        offer = details.get("officer_offer") or {}
        window = self.incident_window
        return {
            "report_id": self.report_id, "stream": self.stream, "channel": self.channel,
            "triage": triage.outcome, "asb_category": triage.asb_category,
            "triage_reasons": list(triage.reasons), "strands": list(triage.strands),
            "perceived_by": triage.perceived_by, "incident_types": list(incident.get("types") or []),
            "incident_at": window[0] if window else None, "location_type": incident.get("location_type"),
            "flags": list(triage.flags), "address": self.address, "household_key": self.keys.household,
            "perpetrator_keys": list(self.keys.perpetrators)[:10],
            "perpetrator_identified": any(p.get("known") for p in details.get("perpetrators") or []),
            "damage": {"description": damage["description"], "location": damage.get("location")} if damage else None,
            "anonymous": self.anonymous,
            "officer_preference": offer.get("answer") if offer.get("offered") else "not_offered",
            "contact_consent": bool(details.get("contact_consent")),
            "police_informed": bool((details.get("police") or {}).get("informed")),
            "possible_duplicate_of": list(triage.possible_duplicate_of)[:10],
        }
