"""How a case is classified: hate incident or not, the hate strands, the racist flag and the ASB
category (POL-2, POL-7; the regulator's five monitored strands plus the landlord's local ones).

Perception first: anything perceived by the victim or anyone else is recorded as it was perceived,
and the original perception (what, and who perceived it) is kept forever. Adding to the
classification (a strand, the hate flag, a first ASB category) applies at once: believing the
victim needs no approval. Anything that takes away or changes (a strand removed, the hate flag
removed, the ASB category changed) is a recategorisation: it needs a written rationale and a
senior's approval, and the full history is kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cases.domain.errors import InvalidCommand
from cases.domain.vocabulary import ASB_CATEGORIES, HATE_STRANDS, STRANDS

MIN_RATIONALE = 20


@dataclass(frozen=True)
class Classification:
    hate_incident: bool
    strands: tuple[str, ...]
    asb_category: str | None = None

    @property
    def racist(self) -> bool:
        """A racist incident (Macpherson): perceived as racist by the victim or any other person."""
        return "race" in self.strands

    @classmethod
    def perceived(cls, triage: str, strands: Iterable[str], asb_category: str | None = None) -> "Classification":
        ordered = tuple(dict.fromkeys(strands))
        hate = triage == "hate_incident" or bool(set(ordered) & set(HATE_STRANDS))
        return cls(hate, ordered, asb_category)

    def merged_with(self, other: "Classification") -> "Classification":
        """What a further perception adds (a linked or amended report): never takes anything away."""
        return Classification(self.hate_incident or other.hate_incident,
                              tuple(dict.fromkeys(self.strands + other.strands)),
                              self.asb_category or other.asb_category)

    def removes_from(self, current: "Classification") -> bool:
        """True when going from ``current`` to this takes something away or changes it."""
        return ((current.hate_incident and not self.hate_incident)
                or bool(set(current.strands) - set(self.strands))
                or (current.asb_category is not None and self.asb_category != current.asb_category))

    def as_dict(self) -> dict[str, Any]:
        return {"hate_incident": self.hate_incident, "strands": list(self.strands),
                "asb_category": self.asb_category, "racist": self.racist}


def proposed(hate_incident: bool, strands: Iterable[str], asb_category: str | None) -> Classification:
    strands = tuple(dict.fromkeys(strands))
    bad = [s for s in strands if s not in STRANDS]
    if bad:
        raise InvalidCommand("strands", f"Unknown strands: {', '.join(sorted(bad))}.")
    if asb_category is not None and asb_category not in ASB_CATEGORIES:
        raise InvalidCommand("asb_category", "Unknown ASB category.")
    if hate_incident and not set(strands) & set(HATE_STRANDS):
        raise InvalidCommand("strands", "A hate incident names at least one of the five monitored strands.")
    return Classification(hate_incident, strands, asb_category)


def check_rationale(rationale: str | None) -> str:
    text = (rationale or "").strip()
    if len(text) < MIN_RATIONALE:
        raise InvalidCommand("rationale", f"Write the reasons for the change (at least {MIN_RATIONALE} characters).")
    return text


@dataclass(frozen=True)
class ClassificationChange:
    """One line of the classification's history."""

    case_id: str
    at: datetime
    kind: str  # perceived (opening), added (linked/amended report, officer), recategorised
    before: dict[str, Any] | None
    after: dict[str, Any]
    by: str
    rationale: str | None = None
    approved_by: str | None = None
    report_id: str | None = None
