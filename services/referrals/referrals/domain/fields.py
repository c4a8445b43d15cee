"""The catalogue of case data that can ever be shared with a partner agency (code 1.3.3).

Every field a sharing agreement may allow is named here, with the category of data it belongs to
(what a victim consents to, in words they understand), the service that holds it and the name that
service answers with. Nothing outside this catalogue can be put in an agreement, so nothing outside
it can ever leave. Partners see the catalogue's names (``victim.name``, ``case.strands``), which say
whose data a field is; the sources' own names stay inside.

``cases`` answers ``shareable_case(case_id)`` with the case's shareable view; ``intake`` answers
``referral_extract(report_ids, fields)`` per report (victim fields are the principal victim's, whose
consent this is). Special category data (UK GDPR art. 9) and criminal offence data (art. 10) are
marked, so a portal can warn before a victim consents to them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

CASES = "cases"
INTAKE = "intake"


SPECIAL_CATEGORY = "special_category"  # UK GDPR art. 9
CRIMINAL_OFFENCE = "criminal_offence"  # UK GDPR art. 10


@dataclass(frozen=True)
class Field:
    name: str  # what the partner sees
    category: str
    source: str
    source_name: str  # what the source service calls it
    sensitivity: str | None = None


CATEGORIES: dict[str, str] = {
    "case": "the landlord's case reference, status and the officer and team holding it",
    "contact": "the victim's name and how (and when) to contact them safely",
    "address": "the victim's address",
    "language": "the victim's language and whether an interpreter is needed (code 1.4.4)",
    "incident": "what happened, when and where, and any damage, without the victim's own account",
    "incident_account": "the victim's own account of the incident",
    "hate_perception": "the hostility the victim or others perceived (race, religion ...)",
    "risk": "the landlord's assessment of risk to the victim",
    "vulnerability": "health, disability, accessibility and other vulnerability of the victim",
    "support": "the victim's support needs, and the support agreed with the landlord",
    "perpetrator": "what is known about the alleged perpetrator (name, description, address)",
    "police": "whether the police were told, and their crime reference",
}

_FIELDS = (
    Field("case.reference", "case", CASES, "case_id"),
    Field("case.officer", "case", CASES, "officer_id"),
    Field("case.team", "case", CASES, "team"),
    Field("case.status", "case", CASES, "status"),
    Field("case.asb_category", "incident", CASES, "asb_category"),
    Field("case.hate_incident", "hate_perception", CASES, "hate_incident", SPECIAL_CATEGORY),
    Field("case.racist", "hate_perception", CASES, "racist", SPECIAL_CATEGORY),
    Field("case.strands", "hate_perception", CASES, "strands", SPECIAL_CATEGORY),
    Field("case.risk_level", "risk", CASES, "risk_level"),
    Field("case.support_needs", "support", CASES, "support_needs"),
    Field("victim.name", "contact", INTAKE, "victim_name"),
    Field("victim.contact", "contact", INTAKE, "victim_contact"),
    Field("victim.safe_contact", "contact", INTAKE, "safe_contact"),
    Field("victim.address", "address", INTAKE, "address"),
    Field("victim.language", "language", INTAKE, "language"),
    Field("victim.interpreter_needed", "language", INTAKE, "interpreter_needed"),
    Field("victim.vulnerabilities", "vulnerability", INTAKE, "vulnerabilities", SPECIAL_CATEGORY),
    Field("victim.accessibility_needs", "vulnerability", INTAKE, "accessibility_needs", SPECIAL_CATEGORY),
    Field("victim.support_needs", "support", INTAKE, "support_needs"),
    Field("incident.occurred_at", "incident", INTAKE, "incident_at"),
    Field("incident.occurred_until", "incident", INTAKE, "incident_until"),
    Field("incident.place", "incident", INTAKE, "incident_place"),
    Field("incident.types", "incident", INTAKE, "incident_types"),
    Field("incident.damage", "incident", INTAKE, "damage"),
    Field("incident.previous", "incident", INTAKE, "previous_incidents"),
    Field("incident.account", "incident_account", INTAKE, "incident_summary", SPECIAL_CATEGORY),
    Field("incident.strands", "hate_perception", INTAKE, "strands", SPECIAL_CATEGORY),
    Field("incident.perceived_by", "hate_perception", INTAKE, "perceived_by"),
    Field("perpetrator.description", "perpetrator", INTAKE, "perpetrator_description", CRIMINAL_OFFENCE),
    Field("perpetrator.name", "perpetrator", INTAKE, "perpetrator_name", CRIMINAL_OFFENCE),
    Field("perpetrator.address", "perpetrator", INTAKE, "perpetrator_address", CRIMINAL_OFFENCE),
    Field("police.informed", "police", INTAKE, "police_informed"),
    Field("police.crime_reference", "police", INTAKE, "crime_reference", CRIMINAL_OFFENCE),
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


def source_names(names: Iterable[str]) -> list[str]:
    """What to ask the source for: its own names for these fields."""
    return [FIELDS[n].source_name for n in sorted(set(names))]


def from_source(answer: Mapping[str, Any], names: Iterable[str]) -> dict[str, Any]:
    """A source's answer under the catalogue's names, for the fields asked for only."""
    return {n: answer[FIELDS[n].source_name] for n in sorted(set(names)) if FIELDS[n].source_name in answer}


def unknown_fields(names: Iterable[str]) -> list[str]:
    return sorted(n for n in set(names) if n not in FIELDS)


def unknown_categories(names: Iterable[str]) -> list[str]:
    return sorted(n for n in set(names) if n not in CATEGORIES)
