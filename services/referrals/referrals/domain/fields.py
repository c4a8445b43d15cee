"""The catalogue of case data that can ever be shared with a partner agency (code 1.3.3).

Every field a sharing agreement may allow is named here, with the category of data it belongs to
(what a victim consents to, in words they understand) and the service that holds it. Nothing outside
this catalogue can be put in an agreement, so nothing outside it can ever leave.

Field names are the keys the data sources answer with: ``cases`` for the case's own record, and
``intake`` for what was reported (per report). Special category data (UK GDPR art. 9) and criminal
offence data (art. 10) are marked, so a portal can warn before a victim consents to them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

CASES = "cases"
INTAKE = "intake"


SPECIAL_CATEGORY = "special_category"  # UK GDPR art. 9
CRIMINAL_OFFENCE = "criminal_offence"  # UK GDPR art. 10


@dataclass(frozen=True)
class Field:
    name: str
    category: str
    source: str
    sensitivity: str | None = None


CATEGORIES: dict[str, str] = {
    "case": "the landlord's case reference and the officer to contact",
    "contact": "the victim's name and how to contact them",
    "address": "the victim's address",
    "language": "the victim's language and whether an interpreter is needed (code 1.4.4)",
    "incident": "what happened, when and where, without the victim's own account",
    "incident_account": "the victim's own account of the incident",
    "hate_perception": "the hostility the victim or others perceived (race, religion ...)",
    "risk": "the landlord's assessment of risk to the victim",
    "vulnerability": "health, disability and other vulnerability of the victim",
    "support": "support the victim has agreed with the landlord",
    "perpetrator": "what is known about the alleged perpetrator",
    "police": "whether the police were told, and their crime reference",
}

_FIELDS = (
    Field("case.reference", "case", CASES),
    Field("case.officer", "case", CASES),
    Field("case.opened_at", "case", CASES),
    Field("case.asb_category", "incident", CASES),
    Field("case.hate_incident", "hate_perception", CASES, SPECIAL_CATEGORY),
    Field("case.strands", "hate_perception", CASES, SPECIAL_CATEGORY),
    Field("case.risk_level", "risk", CASES),
    Field("case.vulnerabilities", "vulnerability", CASES, SPECIAL_CATEGORY),
    Field("case.support_actions", "support", CASES),
    Field("victim.name", "contact", INTAKE),
    Field("victim.phone", "contact", INTAKE),
    Field("victim.email", "contact", INTAKE),
    Field("victim.preferred_contact", "contact", INTAKE),
    Field("victim.address", "address", INTAKE),
    Field("victim.language", "language", INTAKE),
    Field("victim.interpreter_needed", "language", INTAKE),
    Field("incident.occurred_at", "incident", INTAKE),
    Field("incident.types", "incident", INTAKE),
    Field("incident.location_type", "incident", INTAKE),
    Field("incident.narrative", "incident_account", INTAKE, SPECIAL_CATEGORY),
    Field("perpetrator.description", "perpetrator", INTAKE, CRIMINAL_OFFENCE),
    Field("police.informed", "police", INTAKE),
    Field("police.crime_reference", "police", INTAKE, CRIMINAL_OFFENCE),
)

FIELDS: dict[str, Field] = {f.name: f for f in _FIELDS}


def category_of(name: str) -> str:
    return FIELDS[name].category


def fields_in(categories: Iterable[str]) -> frozenset[str]:
    wanted = set(categories)
    return frozenset(f.name for f in _FIELDS if f.category in wanted)


def split_by_source(names: Iterable[str]) -> tuple[list[str], list[str]]:
    """(fields held by cases, fields held by intake), each sorted."""
    chosen = sorted(set(names))
    return ([n for n in chosen if FIELDS[n].source == CASES],
            [n for n in chosen if FIELDS[n].source == INTAKE])


def unknown_fields(names: Iterable[str]) -> list[str]:
    return sorted(n for n in set(names) if n not in FIELDS)


def unknown_categories(names: Iterable[str]) -> list[str]:
    return sorted(n for n in set(names) if n not in CATEGORIES)
