"""What intake hands the referrals service for one report, field by field (POL-5, code 1.3.3).

Referrals asks for only the fields the victim's consent and the sharing agreement cover; intake
returns exactly those, as JSON-safe values, and audits which fields went out (never the values).
Victim fields describe the *principal victim* (the first listed), whose consent referrals holds;
other household members' details are never extracted. Anonymous reports give ``None`` for every
victim field.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

Fields = Mapping[str, Any]

REFERRAL_FIELDS: dict[str, str] = {
    "victim_name": "the principal victim's name",
    "victim_contact": "the principal victim's phone number, email or other contact",
    "safe_contact": "when and how the victim may safely be contacted: {times, method, notes}",
    "address": "the household's address: {line, uprn, postcode}",
    "language": "the victim's preferred language",
    "interpreter_needed": "whether the victim needs an interpreter (true/false)",
    "vulnerabilities": "the victim's recorded vulnerabilities (list)",
    "support_needs": "the victim's recorded support needs (list)",
    "accessibility_needs": "the victim's accessibility needs (list)",
    "incident_summary": "the account of what happened, as reported",
    "incident_at": "when it happened (ISO 8601; the start of a range)",
    "incident_until": "the end of the time range, when one was given (ISO 8601)",
    "incident_place": "where it happened: {location_type, place}",
    "incident_types": "what happened (list of incident types)",
    "strands": "the perceived hostility (list of strands)",
    "perceived_by": "who perceived the hostility",
    "perpetrator_description": "each alleged perpetrator's description (list)",
    "perpetrator_name": "each known alleged perpetrator's name (list)",
    "perpetrator_address": "each alleged perpetrator's address (list of {line, uprn, postcode})",
    "police_informed": "whether the police were informed (true/false)",
    "crime_reference": "the police crime reference",
    "damage": "damage needing repair: {description, location}",
    "previous_incidents": "earlier incidents the reporter mentioned: {count, details}",
}


def _victim(details: Fields) -> Fields:
    victims = details.get("victims") or []
    return victims[0] if victims and not details.get("anonymous") else {}


def _incident(details: Fields) -> Fields:
    return details.get("incident") or {}


def _address(address: Fields | None) -> dict[str, Any] | None:
    return {k: address.get(k) for k in ("line", "uprn", "postcode")} if address else None


def _household_address(details: Fields) -> dict[str, Any] | None:
    if details.get("anonymous"):
        return None
    return _address((details.get("household") or {}).get("address") or _victim(details).get("address"))


def _perpetrators(details: Fields) -> list[Fields]:
    return list(details.get("perpetrators") or [])


_EXTRACTORS: dict[str, Callable[[Fields], Any]] = {
    "victim_name": lambda d: _victim(d).get("name"),
    "victim_contact": lambda d: _victim(d).get("contact"),
    "safe_contact": lambda d: _victim(d).get("safe_contact"),
    "address": _household_address,
    "language": lambda d: _victim(d).get("language"),
    "interpreter_needed": lambda d: bool(_victim(d).get("interpreter_needed")),
    "vulnerabilities": lambda d: list(_victim(d).get("vulnerabilities") or []),
    "support_needs": lambda d: list(_victim(d).get("support_needs") or []),
    "accessibility_needs": lambda d: list(_victim(d).get("accessibility_needs") or []),
    "incident_summary": lambda d: _incident(d).get("narrative"),
    "incident_at": lambda d: _incident(d).get("occurred_at") or _incident(d).get("occurred_from"),
    "incident_until": lambda d: _incident(d).get("occurred_until"),
    "incident_place": lambda d: {"location_type": _incident(d).get("location_type"),
                                 "place": _incident(d).get("place")},
    "incident_types": lambda d: list(_incident(d).get("types") or []),
    "strands": lambda d: list((d.get("perception") or {}).get("strands") or []),
    "perceived_by": lambda d: (d.get("perception") or {}).get("perceived_by"),
    "perpetrator_description": lambda d: [p.get("description") for p in _perpetrators(d) if p.get("description")],
    "perpetrator_name": lambda d: [p.get("name") for p in _perpetrators(d) if p.get("known") and p.get("name")],
    "perpetrator_address": lambda d: [_address(p.get("address")) for p in _perpetrators(d) if p.get("address")],
    "police_informed": lambda d: bool((d.get("police") or {}).get("informed")),
    "crime_reference": lambda d: (d.get("police") or {}).get("crime_reference"),
    "damage": lambda d: ({"description": d["damage"].get("description"), "location": d["damage"].get("location")}
                         if d.get("damage") else None),
    "previous_incidents": lambda d: ({"count": d["previous_incidents"].get("count"),
                                      "details": d["previous_incidents"].get("details")}
                                     if d.get("previous_incidents") else None),
}
assert set(_EXTRACTORS) == set(REFERRAL_FIELDS)


def extract(details: Fields, fields: list[str]) -> dict[str, Any]:
    """The named fields of one report's (stored, JSON-safe) details, and nothing else."""
    return {name: _EXTRACTORS[name](details) for name in fields}
