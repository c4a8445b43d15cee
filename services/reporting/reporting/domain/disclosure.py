"""What reporting discloses to a subject access request: a victim's reports as counted (with the
UPRN and postcode that place them for hot spots), and how many copies of events it keeps about the
requester's reports and cases to rebuild its figures. No names, contact details or narratives are
ever held here. A reporter, witness or alleged perpetrator is told only that the figures hold nothing
about them (the UPRN is the victim's home)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from reporting.domain.classify import strands_of

VICTIM = "victim"
SHOWN = ("report_id", "stream", "received_at", "channel", "triage", "hate", "racist", "incident_at", "location_type",
         "incident_types", "uprn", "postcode_unit", "postcode_sector", "police_informed", "withdrawn_at")


def disclose_incidents(rows: Iterable[Mapping[str, Any]], roles: Mapping[str, list[str]]) -> list[dict[str, Any]]:
    out = []
    for row in rows:
        if VICTIM in roles.get(str(row["report_id"]), []):
            shown = {k: row.get(k) for k in SHOWN}
            shown["strands"] = strands_of(row.get("strand_mask") or 0)
            out.append(shown)
    return out


def fact_counts(event_types: Iterable[str]) -> dict[str, int]:
    return dict(sorted(Counter(event_types).items()))
