"""Month roll-ups of the read model: how many rows of a table fall in each UK calendar month, per
stream and per combination of a few low-cardinality columns. A count over whole months whose
condition tests only those columns is answered from its roll-up (a few hundred rows a month) instead
of the table (thousands of rows a month); anything else (a condition on the clock, a day-bounded
period) reads the table. Both give the same figure: the store contract tests say so.

A roll-up column is either a value (``outcome``) or, for a moment, only whether it is set
(``accepted_at``): that is all ``Present`` and ``Is(c, None)`` ask of it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from reporting.domain.measures import All, Before, Condition, Count, Either, HasBits, Is, Not, OneOf, Present
from reporting.domain.periods import Period, local_month


@dataclass(frozen=True)
class Rollup:
    name: str
    table: str
    when: str
    values: tuple[str, ...] = ()
    presence: tuple[str, ...] = ()

    @property
    def columns(self) -> frozenset[str]:
        return frozenset(self.values + self.presence)

    def key(self, row: Mapping[str, Any] | None) -> tuple[int, str, str] | None:
        """(month, stream, dims) a row is counted under, or None if it is not counted at all."""
        if row is None or row.get(self.when) is None or not row.get("stream"):
            return None
        dims = [row.get(c) for c in self.values] + [True if row.get(c) is not None else None for c in self.presence]
        return local_month(row[self.when]), str(row["stream"]), json.dumps(dims)

    def dims(self, encoded: str) -> dict[str, Any]:
        return dict(zip(self.values + self.presence, json.loads(encoded), strict=True))

    def answers(self, count: Count) -> bool:
        return (count.table, count.when) == (self.table, self.when) and set(count.by) <= self.columns | {
            "received_month"} and _columns(count.where) is not None and _columns(count.where) <= self.columns  # type: ignore[operator]


def _columns(condition: Condition) -> frozenset[str] | None:
    """The columns a condition tests, or None when it asks the clock or compares two columns."""
    if isinstance(condition, (Is, OneOf, HasBits, Present)):
        return frozenset({condition.column})
    if isinstance(condition, Before):
        return None
    parts = condition.parts if isinstance(condition, (All, Either)) else (condition.part,) if isinstance(
        condition, Not) else ()
    found: frozenset[str] = frozenset()
    for part in parts:
        inner = _columns(part)
        if inner is None:
            return None
        found |= inner
    return found


ROLLUPS: tuple[Rollup, ...] = (
    Rollup("reports", "incidents", "received_at", ("void", "hate", "racist", "strand_mask", "channel")),
    Rollup("report_areas", "incidents", "received_at", ("void", "postcode_sector")),
    Rollup("cases_opened", "cases", "opened_at", ("hate_at_opening",)),
    Rollup("cases_closed", "cases", "closed_at", ("outcome",)),
    Rollup("cases_flagged", "cases", "trigger_at"),
    Rollup("surveys", "surveys", "answered_at", ("tp12", "kept_informed", "feels_safer")),
    Rollup("actions", "actions", "recorded_at", ("agreement",)),
    Rollup("referrals", "referrals", "requested_at", ("partner_kind",), ("accepted_at", "rejected_at")),
    Rollup("refusals", "refusals", "refused_at", ("reason",)),
    Rollup("reviews", "reviews", "reviewed_at", ("on_time",)),
    Rollup("review_alerts", "review_alerts", "noticed_at"),
    Rollup("remedies", "remedies", "first_recorded_at", ("remedy",)),
    Rollup("jobs", "jobs", "created_at", ("made_safe_within", "completed_within"), ("cancelled_at",)),
)
BY_TABLE: dict[str, list[Rollup]] = {}
for _rollup in ROLLUPS:
    BY_TABLE.setdefault(_rollup.table, []).append(_rollup)


def rollup_for(count: Count) -> Rollup | None:
    return next((r for r in BY_TABLE.get(count.table, []) if r.answers(count)), None)


def month_bounds(period: Period) -> tuple[int | None, int | None] | None:
    """The months (first inclusive, last exclusive, YYYYMM) a period covers whole, or None when it
    starts or ends inside a month."""
    bounds: list[int | None] = []
    for moment in (period.starts, period.ends):
        if moment is None:
            bounds.append(None)
            continue
        local = _local(moment)
        if (local.day, local.hour, local.minute, local.second, local.microsecond) != (1, 0, 0, 0, 0):
            return None
        bounds.append(local.year * 100 + local.month)
    return bounds[0], bounds[1]


def _local(moment: datetime) -> datetime:
    from reporting.domain.periods import LANDLORD_TIME

    return moment.astimezone(LANDLORD_TIME)
