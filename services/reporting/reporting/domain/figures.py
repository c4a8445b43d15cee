"""Indicators as data, and the figures they give: per stream (POL-7) and in total.

An ``Indicator`` has a definition a manager reads beside the figure and one or more rows; its first
row is the headline. A row's measure is a ``Tally`` (a count), a ``Share`` (a count out of a base) or
a rate ``PerThousandHomes`` (the regulator's NM01). A row marked ``part_of`` another is one of the
parts that row is split into (they add up to it), which small-number suppression needs to know.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from reporting.domain.measures import Count

STREAMS = ("general_needs", "care_support")
TOTAL = "total"
STREAM_NAMES = {"general_needs": "General Needs", "care_support": "Care & Support", TOTAL: "Total"}


@dataclass(frozen=True)
class Tally:
    count: Count


@dataclass(frozen=True)
class Share:
    part: Count
    whole: Count


@dataclass(frozen=True)
class PerThousandHomes:
    count: Count


Measure = Tally | Share | PerThousandHomes


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    measure: Measure
    part_of: str | None = None


@dataclass(frozen=True)
class Indicator:
    key: str
    title: str
    definition: str
    source: str  # the policy and code of practice it answers
    rows: tuple[Row, ...]

    @property
    def counts(self) -> set[Count]:
        out: set[Count] = set()
        for row in self.rows:
            m = row.measure
            out.update((m.part, m.whole) if isinstance(m, Share) else (m.count,))
        return out


@dataclass(frozen=True)
class Figure:
    """One cell. ``hidden`` is ``small`` (shown as "<5") or ``withheld`` (shown as "*", so that a
    small figure cannot be worked out from the others)."""

    kind: str  # count | share | rate
    numerator: int
    denominator: int | None = None  # a share's base; a rate's homes owned
    hidden: str | None = None

    @property
    def value(self) -> float | int | None:
        if self.hidden:
            return None
        if self.kind == "count":
            return self.numerator
        if not self.denominator:
            return None
        if self.kind == "share":
            return round(self.numerator / self.denominator, 4)
        return round(self.numerator * 1000 / self.denominator, 2)

    @property
    def text(self) -> str:
        if self.hidden == "small":
            return "<5"
        if self.hidden:
            return "*"
        value = self.value
        if value is None:
            return "no base" if self.kind == "share" else "homes not set"
        if self.kind == "count":
            return f"{value:,}"
        if self.kind == "share":
            return f"{value * 100:.1f}% ({self.numerator:,} of {self.denominator:,})"
        return f"{value:.2f}"

    def hide(self, how: str) -> Figure:
        return self if self.hidden == "small" else replace(self, hidden=how)


@dataclass(frozen=True)
class RowFigures:
    row: Row
    cells: dict[str, Figure] = field(default_factory=dict)  # each stream, and TOTAL


@dataclass(frozen=True)
class IndicatorFigures:
    indicator: Indicator
    rows: list[RowFigures]

    @property
    def headline(self) -> RowFigures:
        return self.rows[0]


Counted = Mapping[Count, Mapping[str, int]]


def evaluate(indicators: Iterable[Indicator], counted: Counted, streams: Iterable[str],
             homes: Mapping[str, int]) -> list[IndicatorFigures]:
    """Turn counts (per stream) into the figures of each indicator, per stream and in total."""
    streams = tuple(streams)
    out = []
    for indicator in indicators:
        rows = []
        for row in indicator.rows:
            cells = {s: _figure(row.measure, counted, (s,), homes) for s in streams}
            cells[TOTAL] = _figure(row.measure, counted, streams, homes)
            rows.append(RowFigures(row, cells))
        out.append(IndicatorFigures(indicator, rows))
    return out


def _figure(measure: Measure, counted: Counted, streams: tuple[str, ...], homes: Mapping[str, int]) -> Figure:
    def total(count: Count) -> int:
        return sum(counted.get(count, {}).get(s, 0) for s in streams)

    if isinstance(measure, Tally):
        return Figure("count", total(measure.count))
    if isinstance(measure, Share):
        return Figure("share", total(measure.part), total(measure.whole))
    owned = sum(homes.get(s, 0) for s in streams)
    return Figure("rate", total(measure.count), owned or None)
