"""The triage outcome of a report: what kind of matter it is, and why (POL-1, POL-2).

In order:
1. **Not a landlord matter**: the household says it is not the landlord's tenant, no alleged
   perpetrator is a tenant, and it did not happen in the landlord's communal areas. Unknown tenancy
   never excludes a report.
2. **Hate incident**: any perceived hostility, whoever perceived it. Perception is enough (POL-2).
   Locally recorded strands (sex or gender, age, other) count too unless the landlord says not.
3. **Harassment**: deliberate acts against a person (abuse, threats, assault), or against property
   aimed at a particular person or household (graffiti, damage, arson at their home ...) (POL-1).
4. **Neighbour dispute / household noise**: only noise, at home or in communal areas (POL-1).
5. **Other ASB**, categorised as the police and landlords do: *personal* (aimed at a particular
   person or household), *environmental* (damage to shared or public space), else *nuisance*.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from intake.domain.vocabulary import HATE_STRANDS, STRANDS, listed

if TYPE_CHECKING:
    from intake.domain.triage import TriageRules

AGAINST_PEOPLE = frozenset({"verbal_abuse", "written_abuse", "physical_assault", "threats_of_violence"})
AGAINST_PROPERTY = frozenset({"graffiti", "damage_to_property", "arson"})
NOISE = frozenset({"excessive_noise"})
LANDLORD_PLACES = frozenset({"communal_area"})
NOT_LANDLORDS = ("The household is not the landlord's tenant, no alleged perpetrator is, and it did not happen on the "
                 "landlord's property: not a landlord matter (POL-1). The report is kept; with consent, pass it to the "
                 "police or council (POL-5).")
HARASSMENT = ("Deliberate acts reported: {acts}. Harassment is deliberate, with intent to cause harm, fear or "
              "distress (POL-1).")
NOISE_ONLY = ("Only noise was reported, with no deliberate act and no perceived hostility: a neighbour dispute or "
              "household noise, for the nuisance procedure (POL-1). The report is kept.")
LOCAL_NOT_COUNTED = (" This landlord does not count locally recorded strands as hate incidents; the perception is "
                     "kept (POL-2).")
PERCEIVED_BY = {"victim": "the victim", "witness": "a witness", "reporter": "the person reporting",
                "staff": "a member of staff", "other": "another person"}


@dataclass(frozen=True)
class Outcome:
    outcome: str
    reasons: tuple[str, ...]
    asb_category: str | None = None
    strands: tuple[str, ...] = ()
    perceived_by: str | None = None


def perceived_strands(details: Mapping[str, Any]) -> tuple[str, ...]:
    wanted = set((details.get("perception") or {}).get("strands") or [])
    return tuple(s for s in STRANDS if s in wanted)


def is_targeted(details: Mapping[str, Any]) -> bool:
    """Aimed at a particular person or household: someone is recorded as the victim, the victim
    reports it, or it happened at their home."""
    return (bool(details.get("victims")) or (details.get("reporter") or {}).get("role") == "victim"
            or (details.get("incident") or {}).get("location_type") == "home")


def is_landlord_matter(details: Mapping[str, Any]) -> bool:
    if (details.get("household") or {}).get("tenant") is not False:
        return True
    if any(p.get("is_tenant") for p in details.get("perpetrators") or []):
        return True
    return (details.get("incident") or {}).get("location_type") in LANDLORD_PLACES


def classify(details: Mapping[str, Any], rules: TriageRules) -> Outcome:
    types = set((details.get("incident") or {}).get("types") or [])
    strands = perceived_strands(details)
    perceived_by = (details.get("perception") or {}).get("perceived_by") if strands else None
    hostility = _hostility_reason(strands, perceived_by)

    def outcome(name: str, reason: str, category: str | None = None, noted: tuple[str, ...] = ()) -> Outcome:
        return Outcome(name, (reason, *noted), category, strands, perceived_by)

    if not is_landlord_matter(details):
        return outcome("not_landlord_matter", NOT_LANDLORDS, noted=(hostility,) if strands else ())
    counted = strands if rules.local_strands_are_hate_incidents else tuple(s for s in strands if s in HATE_STRANDS)
    if counted:
        return outcome("hate_incident", hostility + " Perception is enough to record a hate incident (POL-2).")
    noted = (hostility + LOCAL_NOT_COUNTED,) if strands else ()
    deliberate = sorted(types & AGAINST_PEOPLE) + (sorted(types & AGAINST_PROPERTY) if is_targeted(details) else [])
    if deliberate:
        return outcome("harassment", HARASSMENT.format(acts=listed(deliberate)), noted=noted)
    place = (details.get("incident") or {}).get("location_type")
    if types and types <= NOISE and place in (None, "home", "communal_area"):
        return outcome("neighbour_dispute", NOISE_ONLY, noted=noted)
    category, why = _asb_category(details, types)
    return outcome("other_asb", why, category, noted)


def _asb_category(details: Mapping[str, Any], types: set[str]) -> tuple[str, str]:
    if is_targeted(details):
        return "personal", ("No deliberate act against a person and no perceived hostility, but aimed at a "
                            "particular person or household: other anti-social behaviour, personal.")
    if types & AGAINST_PROPERTY:
        return "environmental", (f"{listed(sorted(types & AGAINST_PROPERTY)).capitalize()} in shared or public "
                                 "space, aimed at no one in particular and with no perceived hostility: other "
                                 "anti-social behaviour, environmental.")
    return "nuisance", ("No deliberate act against a person, no one targeted and no perceived hostility: other "
                        "anti-social behaviour, nuisance to the wider community.")


def _hostility_reason(strands: tuple[str, ...], perceived_by: str | None) -> str:
    who = PERCEIVED_BY.get(perceived_by or "", "someone")
    local = [s for s in strands if s not in HATE_STRANDS]
    note = f" ({listed(local)}: recorded locally)" if local and len(local) < len(strands) else (
        " (a locally recorded strand)" if local else "")
    return f"Perceived by {who} as motivated by hostility or prejudice based on {listed(list(strands))}{note}."
