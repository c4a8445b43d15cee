"""The indicators (POL-7, POL-9) counted by hand over a small set of facts."""

from __future__ import annotations

from datetime import UTC, date, datetime

from reporting.domain.facts import Period
from reporting.domain.indicators import INDICATORS, figures

QUARTER = Period.of_days(date(2026, 1, 1), date(2026, 4, 1))
QUARTER_EXPECTED = {
    "reports_received": (3, 1), "hate_incidents": (2, 0), "racist_incidents": (1, 1),
    "cases_opened": (1, 1), "reports_linked": (1, 0), "repair_jobs_created": (1, 0),
    "repair_jobs_dispatched": (1, 0), "referrals_requested": (0, 1), "referrals_refused_no_consent": (1, 0),
}


def as_table(result):
    return {f.indicator.name: (f.by_stream["general_needs"], f.by_stream["care_support"]) for f in result}


def test_quarter_figures_match_the_hand_count(quarter):
    in_quarter = [f for f in quarter if QUARTER.contains(f.occurred_at)]
    result = figures(in_quarter)
    assert as_table(result) == QUARTER_EXPECTED
    assert {f.indicator.name: f.total for f in result} == {k: a + b for k, (a, b) in QUARTER_EXPECTED.items()}


def test_period_starts_inclusive_and_ends_exclusive():
    day = Period.of_days(date(2026, 1, 1), date(2026, 1, 2))
    assert day.contains(datetime(2026, 1, 1, 0, 0, tzinfo=UTC))
    assert day.contains(datetime(2026, 1, 1, 23, 59, 59, 999999, tzinfo=UTC))
    assert not day.contains(datetime(2026, 1, 2, 0, 0, tzinfo=UTC))
    assert not day.contains(datetime(2025, 12, 31, 23, 59, 59, 999999, tzinfo=UTC))


def test_days_are_uk_calendar_days_in_summer_time():
    april = Period.of_days(date(2026, 4, 1), date(2026, 5, 1))
    assert april.starts == datetime(2026, 3, 31, 23, 0, tzinfo=UTC)
    assert april.contains(datetime(2026, 3, 31, 23, 30, tzinfo=UTC))  # 00:30 on 1 April in London
    assert not april.contains(datetime(2026, 4, 30, 23, 30, tzinfo=UTC))  # 00:30 on 1 May


def test_open_period_counts_everything(quarter):
    table = as_table(figures(quarter))
    assert table["reports_received"] == (4, 2)  # r0 and r5 join in
    assert table["racist_incidents"] == (2, 2)


def test_streams_are_counted_separately(quarter, make_fact):
    only_care = figures(quarter, streams=("care_support",))
    reports = next(f for f in only_care if f.indicator.name == "reports_received")
    assert reports.by_stream == {"care_support": 2} and reports.total == 2


def test_the_same_thing_twice_counts_once_but_every_refusal_counts(make_fact):
    dispatched = [make_fact("job_dispatched", "2026-01-01T01:00:00", "general_needs", job_id="j1",
                            case_id="c1", contractor="k", dispatched_at="2026-01-01T01:00:00+00:00", attempts=n)
                  for n in (1, 2)]
    refused = [make_fact("referral_refused", "2026-01-01T01:00:00", "general_needs", case_id="c1",
                         partner="police", purpose="p", reason="no_consent",
                         refused_at="2026-01-01T01:00:00+00:00") for _ in range(2)]
    table = as_table(figures(dispatched + refused))
    assert table["repair_jobs_dispatched"] == (1, 0)
    assert table["referrals_refused_no_consent"] == (2, 0)


def test_each_indicator_is_defined_once_with_words_a_manager_reads():
    names = [i.name for i in INDICATORS]
    assert len(names) == len(set(names)) == 9
    assert all(len(i.definition) > 20 and i.definition.endswith(".") for i in INDICATORS)
