"""Supervision (POL-8): cases are discussed at each supervision between Officer and Senior, and
reported at each supervision between Senior and Manager.

The cadence follows the risk level (defaults: officer-senior every 14 days when high, 28 medium,
56 standard; senior-manager every 28, 56, 84). The risk matrix is re-run at every officer-senior
review. A review that is late is still recorded, and says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from cases.domain.vocabulary import RISK_LEVELS

OFFICER_SENIOR, SENIOR_MANAGER = "officer_senior", "senior_manager"


def _days(high: int, medium: int, standard: int) -> dict[str, int]:
    return {"high": high, "medium": medium, "standard": standard}


@dataclass(frozen=True)
class ReviewCadence:
    officer_senior_days: Mapping[str, int] = field(default_factory=lambda: _days(14, 28, 56))
    senior_manager_days: Mapping[str, int] = field(default_factory=lambda: _days(28, 56, 84))

    def __post_init__(self) -> None:
        for table in (self.officer_senior_days, self.senior_manager_days):
            if set(table) != set(RISK_LEVELS) or min(table.values()) < 1:
                raise ValueError("review cadence needs days >= 1 for high, medium and standard")

    def due_after(self, kind: str, last: datetime, risk_level: str) -> datetime:
        table = self.officer_senior_days if kind == OFFICER_SENIOR else self.senior_manager_days
        return last + timedelta(days=table[risk_level])


@dataclass(frozen=True)
class Review:
    review_id: str
    case_id: str
    kind: str
    reviewed_at: datetime
    reviewer_id: str
    officer_id: str | None
    due_at: datetime | None
    risk_level: str | None
    assessment_id: str | None
    notes: str
    next_steps: str | None = None

    @property
    def on_time(self) -> bool:
        return self.due_at is None or self.reviewed_at <= self.due_at
