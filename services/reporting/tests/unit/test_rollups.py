"""Month roll-ups answer only what they can answer exactly: whole UK months, conditions on their own
columns, never the clock."""

from __future__ import annotations

from datetime import UTC, datetime

from reporting.domain.indicators import BY_KEY
from reporting.domain.live import REVIEWS_OVERDUE
from reporting.domain.periods import FinancialCalendar, Period, days
from reporting.domain.rollups import month_bounds, rollup_for


def test_named_periods_are_whole_months_and_days_are_not():
    assert month_bounds(FinancialCalendar().parse("2026-27-Q1").span) == (202604, 202607)
    assert month_bounds(FinancialCalendar().parse("2026-27-Q3").span) == (202610, 202701)  # across BST's end
    assert month_bounds(Period()) == (None, None)
    assert month_bounds(days(datetime(2026, 4, 2).date(), datetime(2026, 5, 1).date()).span) is None
    assert month_bounds(Period(datetime(2026, 4, 1, tzinfo=UTC))) is None  # UTC midnight is 01:00 BST


def test_counts_on_the_clock_or_other_columns_read_the_table():
    rows = {r.key: r.measure for r in BY_KEY["first_contact"].rows + BY_KEY["repairs_24h"].rows}
    assert rollup_for(rows["missed"].count) is None  # asks whether a target has passed: the clock
    assert rollup_for(rows["jobs_raised"].count).name == "jobs"
    assert rollup_for(BY_KEY["outcomes"].rows[1].measure.count).name == "cases_closed"
    assert rollup_for(BY_KEY["hate_incidents"].rows[2].measure.count).name == "reports"
    assert rollup_for(REVIEWS_OVERDUE) is None


def test_a_row_moves_between_roll_up_cells_when_it_changes():
    from reporting.domain.rollups import ROLLUPS

    reports = next(r for r in ROLLUPS if r.name == "reports")
    row = {"received_at": datetime(2026, 3, 31, 23, 30, tzinfo=UTC), "stream": "general_needs", "void": False,
           "hate": True, "racist": True, "strand_mask": 2, "channel": "phone"}
    month, stream, dims = reports.key(row)
    assert (month, stream) == (202604, "general_needs") and reports.dims(dims)["racist"] is True
    assert reports.key({**row, "void": True}) != reports.key(row)
    assert reports.key({**row, "received_at": None}) is None
