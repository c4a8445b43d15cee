"""What reporting keeps of each event, and what it forgets when a record is erased.

Facts are kept so the read model can be rebuilt, and only what the rules need is kept (UK GDPR art.
5(1)(c)): on receipt, a report's address line, household and perpetrator keys and damage description,
a case's household key, and a repair request's address, description, location and access notes are
dropped. What stays that points at a home is a report's UPRN and postcode (for hot spots, code
1.2.2).

When the report is erased (``report_erased``, or ``case_erased`` naming it), its facts are anonymised
in place: the UPRN goes and the postcode is cut to its sector, so every figure, hot spots by sector
included, is the same before and after, and after a rebuild; only the postcode-unit clusters no
longer count it. Each result still meets its event's contract (a rebuild validates every fact again).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reporting.domain.postcodes import sector_of

REPORT_EVENTS = ("report_received", "report_amended")
NOT_KEPT = "(not kept by reporting)"


def minimise(event_type: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """The event's data as a fact keeps it."""
    out = dict(data)
    if event_type in REPORT_EVENTS:
        address = out.get("address")
        if address:
            out["address"] = {"uprn": address.get("uprn"), "postcode": address.get("postcode"), "line": None}
        out.update(household_key=None, perpetrator_keys=[], damage=None)
    elif event_type == "case_opened":
        out["household_key"] = None
    elif event_type == "repair_requested":
        out.update(address={"uprn": None, "postcode": None, "line": None}, description=NOT_KEPT, location=None,
                   access_notes=None)
    return out


def anonymise(event_type: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """A report fact once the report is erased: no UPRN, the postcode's sector only."""
    out = minimise(event_type, data)
    address = out.get("address")
    if event_type in REPORT_EVENTS and address:
        out["address"] = {"uprn": None, "postcode": sector_of(address.get("postcode")), "line": None}
    return out


def erased_reports(event_type: str, data: Mapping[str, Any]) -> list[str]:
    """The reports an erasure event names (whose facts are anonymised)."""
    if event_type == "report_erased":
        return [str(data["report_id"])]
    if event_type == "case_erased":
        return [str(r) for r in data.get("report_ids") or []]
    return []
