"""The three packs of POL-9 and code 1.3.5, and what goes into them.

- quarterly: performance indicators for the Operations Director, every figure exact, with UPRN
  clusters among the hot spots (an internal management paper);
- six_monthly: the report to the committee, at least every six months (code 1.3.5);
- annual: the report to the Board.
Committee and Board packs hold aggregates only, with small numbers suppressed (see ``suppression``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from reporting.domain.document import Document
from reporting.domain.figures import STREAM_NAMES, IndicatorFigures
from reporting.domain.hotspots import HotSpots
from reporting.domain.pack_sections import (
    cases_section,
    hot_spot_section,
    notes_section,
    partners_section,
    repairs_section,
    reporting_section,
    strands_section,
    summary_section,
    victims_section,
)
from reporting.domain.periods import ReportingPeriod
from reporting.domain.targets import TargetLine, Trend


@dataclass(frozen=True)
class PackKind:
    key: str
    period_kind: str  # quarter | half | year
    audience: str
    title: str
    suppressed: bool
    clusters: bool


PACK_KINDS = {
    "quarterly": PackKind("quarterly", "quarter", "Operations Director",
                          "Harassment and ASB: quarterly performance indicators", False, True),
    "six_monthly": PackKind("six_monthly", "half", "Committee",
                            "Harassment and ASB: six-monthly report to the committee", True, False),
    "annual": PackKind("annual", "year", "Board", "Harassment and ASB: annual report to the Board", True, False),
}


@dataclass(frozen=True)
class PackContent:
    """Everything a pack shows, already computed (and suppressed, for the committee and the Board)."""

    kind: PackKind
    landlord: str
    period: ReportingPeriod
    previous: ReportingPeriod  # hot spots change since this one
    compared: ReportingPeriod  # the reporting target compares with this one
    figures: list[IndicatorFigures]
    targets: list[TargetLine]
    increase_target: float
    trend: Trend
    hot_spots: HotSpots
    heat_months: list[int]
    heat: list[list[int | None]]
    clusters: HotSpots | None
    generated_at: datetime
    data_as_at: datetime | None
    parked: int
    homes: Mapping[str, int]
    year_starts: int = 4  # the month the landlord's financial year starts

    def indicator(self, key: str) -> IndicatorFigures:
        return next(f for f in self.figures if f.indicator.key == key)


def compose(content: PackContent) -> Document:
    kind = content.kind
    marking = "OFFICIAL-SENSITIVE: internal management information" if not kind.suppressed else \
        "OFFICIAL: aggregates only, small numbers suppressed"
    facts = [
        ("Landlord", content.landlord),
        ("Period", content.period.title),
        ("For", kind.audience),
        ("Streams", " and ".join(STREAM_NAMES[s] for s in ("general_needs", "care_support")) + ", reported apart"),
        ("Generated", content.generated_at.strftime("%d %B %Y %H:%M UTC")),
        ("Figures include events up to",
         content.data_as_at.strftime("%d %B %Y %H:%M UTC") if content.data_as_at else "no events yet"),
    ]
    sections = [
        summary_section(content),
        reporting_section(content),
        strands_section(content),
        cases_section(content),
        victims_section(content),
        repairs_section(content),
        partners_section(content),
        hot_spot_section(content),
        notes_section(content),
    ]
    return Document(kind.title, f"{content.landlord}: {content.period.title}", marking, facts, sections)
