"""The risk and vulnerability matrix (issue 4; POL-3 "safety, health and welfare come first").

Five factors, each scored 0 (none), 1 (low), 2 (medium) or 3 (high):

- ``victim_vulnerability``: age, disability, mental health, isolation, language, dependants;
- ``harm``: how serious what happened is (abuse, damage, assault, arson);
- ``repeat``: repeat victimisation, how often and how long;
- ``threats``: threats of violence, and whether the perpetrator is identifiable;
- ``household_impact``: the effect on the household (fear, children, staying away from home).

The weighted score is 0-100. The level is high from ``high_from``, medium from ``medium_from``,
otherwise standard, with two floors a score cannot talk down: threats scored 3 make a case high,
and any factor scored 3 makes it at least medium. A case opens with a provisional assessment from
the report; the officer completes it, and it is re-run at every officer-senior review.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from cases.domain.errors import InvalidCommand

FACTORS = ("victim_vulnerability", "harm", "repeat", "threats", "household_impact")
DEFAULT_WEIGHTS = {"victim_vulnerability": 3, "harm": 3, "repeat": 2, "threats": 3, "household_impact": 2}
LEVEL_ORDER = {"standard": 0, "medium": 1, "high": 2}

SERIOUS_HARM = frozenset({"physical_assault", "arson"})
MODERATE_HARM = frozenset({"damage_to_property", "threats_of_violence"})


@dataclass(frozen=True)
class RiskMatrix:
    medium_from: int = 30
    high_from: int = 60
    weights: Mapping[str, int] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))

    def __post_init__(self) -> None:
        if set(self.weights) != set(FACTORS) or min(self.weights.values()) < 0 or not any(self.weights.values()):
            raise ValueError(f"risk weights must give each of {', '.join(FACTORS)} a weight >= 0")
        if not 0 < self.medium_from < self.high_from <= 100:
            raise ValueError("risk thresholds need 0 < medium_from < high_from <= 100")

    def score(self, factors: Mapping[str, int]) -> int:
        total = sum(self.weights[name] * factors[name] for name in FACTORS)
        return round(100 * total / (3 * sum(self.weights.values())))

    def level(self, factors: Mapping[str, int]) -> str:
        score = self.score(factors)
        level = "high" if score >= self.high_from else "medium" if score >= self.medium_from else "standard"
        if factors["threats"] == 3:
            level = "high"
        elif max(factors.values()) == 3:
            level = higher(level, "medium")
        return level


def higher(a: str, b: str) -> str:
    return a if LEVEL_ORDER[a] >= LEVEL_ORDER[b] else b


def checked_factors(factors: Mapping[str, object]) -> dict[str, int]:
    """Every factor present, each a whole number from 0 to 3."""
    out: dict[str, int] = {}
    for name in FACTORS:
        value = factors.get(name)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 3:
            raise InvalidCommand(f"factors.{name}", "Score each factor 0, 1, 2 or 3.")
        out[name] = value
    return out


@dataclass(frozen=True)
class RiskAssessment:
    assessment_id: str
    case_id: str
    assessed_at: datetime
    assessed_by: str
    factors: dict[str, int]
    score: int
    level: str
    occasion: str  # report (provisional), assessment, review
    notes: str | None = None

    @property
    def provisional(self) -> bool:
        return self.occasion == "report"


def assess(matrix: RiskMatrix, assessment_id: str, case_id: str, factors: Mapping[str, object],
           assessed_by: str, at: datetime, occasion: str, notes: str | None = None) -> RiskAssessment:
    clean = checked_factors(factors)
    return RiskAssessment(assessment_id, case_id, at, assessed_by, clean, matrix.score(clean),
                          matrix.level(clean), occasion, notes)


def factors_from_reports(incident_types: Iterable[str], flags: Iterable[str], perpetrator_identified: bool,
                         report_count: int) -> dict[str, int]:
    """A provisional reading of the reports, until the officer has spoken to the victim."""
    types, flag_set = set(incident_types), set(flags)
    harm = 3 if types & SERIOUS_HARM else 2 if types & MODERATE_HARM else 1 if types else 0
    threats = 0
    if "threats_of_violence" in types:
        threats = 3 if perpetrator_identified else 2
    repeat = 3 if report_count >= 3 else 2 if "repeat_victim" in flag_set or report_count == 2 else 0
    return {"victim_vulnerability": 2 if "vulnerable_victim" in flag_set else 0, "harm": harm,
            "repeat": repeat, "threats": threats, "household_impact": 1 if "urgent" in flag_set else 0}
