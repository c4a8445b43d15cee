"""Which case a report belongs to: the regulator's rule (DOMAIN "A case"; POL-1).

- Reports triaged as neighbour disputes or matters for other bodies are recorded, never opened as
  harassment cases.
- A report about the same party as an open case in the same stream joins that case: the same
  victim household, the same address, or the same alleged perpetrator. Household first, then
  address, then perpetrator; the longest-open case wins a tie.
- After a case is closed, a report about the same party opens a new case.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cases.domain.classification import Classification

OPENS_A_CASE = frozenset({"hate_incident", "harassment", "other_asb"})
LINK_REASONS = ("same_household", "same_address", "same_perpetrator")
PARTY_KINDS = {"household": "same_household", "address": "same_address", "perpetrator": "same_perpetrator"}


@dataclass(frozen=True)
class IncomingReport:
    """What cases learns of a report from intake (report_received or report_amended)."""

    report_id: str
    received_at: datetime
    stream: str
    triage: str
    strands: tuple[str, ...] = ()
    household_key: str | None = None
    address: dict[str, Any] | None = None
    damage: dict[str, Any] | None = None
    perpetrator_keys: tuple[str, ...] = ()
    perpetrator_identified: bool = False
    flags: tuple[str, ...] = ()
    perceived_by: str | None = None
    incident_types: tuple[str, ...] = ()
    incident_at: datetime | None = None
    officer_preference: str | None = None
    anonymous: bool = False
    contact_consent: bool = False
    version: int = 1

    @property
    def opens_a_case(self) -> bool:
        return self.triage in OPENS_A_CASE

    @property
    def classification(self) -> Classification:
        return Classification.perceived(self.triage, self.strands)

    @property
    def threats_of_violence(self) -> bool:
        return "threats_of_violence" in self.incident_types

    def party_keys(self) -> list[tuple[str, str]]:
        """The (kind, key) pairs that say 'the same party'."""
        keys: list[tuple[str, str]] = []
        if self.household_key:
            keys.append(("household", self.household_key))
        address = address_key(self.address)
        if address:
            keys.append(("address", address))
        keys.extend(("perpetrator", key) for key in dict.fromkeys(self.perpetrator_keys) if key)
        return keys


def address_key(address: dict[str, Any] | None) -> str | None:
    """The property itself: its UPRN, or postcode and first line when there is no UPRN."""
    if not address:
        return None
    if address.get("uprn"):
        return f"uprn:{address['uprn']}"
    postcode, line = address.get("postcode"), address.get("line")
    if postcode and line:
        return "addr:" + str(postcode).replace(" ", "").upper() + ":" + " ".join(str(line).lower().split())
    return None


@dataclass(frozen=True)
class Candidate:
    """An open case holding one of the report's party keys."""

    case_id: str
    stream: str
    opened_at: datetime
    kind: str


def case_to_join(report: IncomingReport, candidates: Iterable[Candidate]) -> tuple[str, str] | None:
    """``(case_id, link reason)`` of the open case this report joins, or None for a new case."""
    order = list(PARTY_KINDS)
    eligible = [c for c in candidates if c.stream == report.stream and c.kind in PARTY_KINDS]
    if not eligible:
        return None
    best = min(eligible, key=lambda c: (order.index(c.kind), c.opened_at, c.case_id))
    return best.case_id, PARTY_KINDS[best.kind]
