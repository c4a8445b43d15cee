"""Triage of a report (POL-1, POL-2). Perception is enough: any perceived hate strand, whoever
perceived it, makes a hate incident. Triage never discards a report; every outcome says why."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

HATE_STRANDS = ("disability", "race", "religion", "sexual_orientation", "transgender_identity")
LOCAL_STRANDS = ("sex_gender", "age", "other")
INCIDENT_TYPES = ("verbal_abuse", "written_abuse", "graffiti", "damage_to_property", "physical_assault",
                  "threats_of_violence", "arson", "excessive_noise", "other")
DELIBERATE = frozenset({"verbal_abuse", "written_abuse", "graffiti", "damage_to_property",
                        "physical_assault", "threats_of_violence", "arson"})
URGENT = frozenset({"threats_of_violence", "physical_assault", "arson"})
NOISE = frozenset({"excessive_noise"})


@dataclass(frozen=True)
class Triage:
    outcome: str
    reasons: tuple[str, ...]
    strands: tuple[str, ...] = ()
    flags: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return {"outcome": self.outcome, "reasons": list(self.reasons), "strands": list(self.strands),
                "flags": list(self.flags)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Triage":
        return cls(data["outcome"], tuple(data["reasons"]), tuple(data.get("strands", ())),
                   tuple(data.get("flags", ())))


def triage(details: Mapping[str, Any]) -> Triage:
    incident = details.get("incident") or {}
    types = set(incident.get("types") or [])
    perception = details.get("perception") or {}
    strands = tuple(s for s in HATE_STRANDS + LOCAL_STRANDS if s in set(perception.get("strands") or []))
    flags = _flags(details, types)
    if strands:
        who = perception.get("perceived_by", "someone")
        named = ", ".join(s.replace("_", " ") for s in strands)
        return Triage("hate_incident", (f"perceived by the {who} as motivated by hostility: {named}",),
                      strands, flags)
    deliberate = sorted(types & DELIBERATE)
    if deliberate:
        named = ", ".join(t.replace("_", " ") for t in deliberate)
        return Triage("harassment", (f"deliberate acts reported: {named}",), (), flags)
    if types and types <= NOISE:
        return Triage("neighbour_dispute", ("only household noise reported; handled under the "
                                            "nuisance procedure, the record is kept",), (), flags)
    return Triage("other_asb", ("no deliberate act or perceived hostility reported; kept as other "
                                "anti-social behaviour",), (), flags)


def _flags(details: Mapping[str, Any], types: set[str]) -> tuple[str, ...]:
    flags = []
    if types & URGENT:
        flags.append("urgent")
    if details.get("damage"):
        flags.append("repair_needed")
    if any(v.get("interpreter_needed") for v in details.get("victims") or []):
        flags.append("interpreter_needed")
    if any(v.get("vulnerabilities") for v in details.get("victims") or []):
        flags.append("vulnerable_victim")
    return tuple(flags)
