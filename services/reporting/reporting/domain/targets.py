"""The target to increase reporting (code of practice 1.3.3) and the monthly trend beside it.

The landlord sets a target to *increase* the number of incidents reported (more reports mean more
confidence to report, code 1.3.7). Each period is compared with the same months a year earlier (or,
if configured, with the period just before); the target is met when reports rose by at least the
configured percentage.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from reporting.domain.figures import TOTAL, Figure
from reporting.domain.suppression import is_small

TARGETED = (("reports_received", "Reports received"), ("racist_incidents", "Racist incidents reported"))


@dataclass(frozen=True)
class TargetLine:
    key: str
    label: str
    column: str  # a stream, or TOTAL
    now: Figure
    before: Figure
    increase_target: float  # per cent

    @property
    def change(self) -> float | None:
        """Per cent change from ``before`` to ``now``; None when there is no base or a figure is hidden."""
        if self.now.hidden or self.before.hidden or not self.before.numerator:
            return None
        return round((self.now.numerator - self.before.numerator) * 100 / self.before.numerator, 1)

    @property
    def met(self) -> bool | None:
        if self.now.hidden or self.before.hidden:
            return None
        if not self.before.numerator:
            return self.now.numerator > 0 if self.increase_target > 0 else True
        change = self.change
        return change is not None and change >= self.increase_target

    @property
    def change_text(self) -> str:
        if self.now.hidden or self.before.hidden:
            return "*"
        change = self.change
        return "new" if change is None else f"{change:+.1f}%"

    @property
    def met_text(self) -> str:
        return {True: "met", False: "not met", None: "*"}[self.met]


def target_lines(now: Mapping[str, Mapping[str, int]], before: Mapping[str, Mapping[str, int]],
                 columns: tuple[str, ...], increase_target: float, suppressed: bool) -> list[TargetLine]:
    """``now`` and ``before``: for each targeted figure, counts per column (streams and TOTAL)."""
    lines = []
    for key, label in TARGETED:
        for column in columns:
            a, b = Figure("count", now[key].get(column, 0)), Figure("count", before[key].get(column, 0))
            if suppressed:
                a, b = (a.hide("small") if is_small(a) else a), (b.hide("small") if is_small(b) else b)
            lines.append(TargetLine(key, label, column, a, b, increase_target))
    return lines


@dataclass(frozen=True)
class Trend:
    """Monthly counts of reports for each month of ``months`` and the same months a year before."""

    months: list[int]
    now: dict[str, list[int | None]]  # per column; None where a small figure is hidden
    year_before: dict[str, list[int | None]]


def trend(months: list[int], counts: Mapping[tuple[str, int], int], columns: tuple[str, ...],
          suppressed: bool) -> Trend:
    """``counts``: reports per (stream, month YYYYMM); TOTAL is the sum over the other columns."""
    streams = [c for c in columns if c != TOTAL]

    def value(column: str, month: int) -> int | None:
        n = sum(counts.get((s, month), 0) for s in (streams if column == TOTAL else [column]))
        return None if suppressed and 0 < n < 5 else n

    return Trend(months, {c: [value(c, m) for m in months] for c in columns},
                 {c: [value(c, m - 100) for m in months] for c in columns})
