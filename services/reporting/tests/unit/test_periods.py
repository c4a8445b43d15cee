"""Reporting periods on the UK calendar (POL-9; code 1.3.5): the financial year, its halves and
quarters, British Summer Time, and a configurable start of the year."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from hcs.errors import ValidationFailed
from reporting.domain.periods import BadPeriod, FinancialCalendar, Period, days, local_month
from reporting.service_layer.queries import pack_period, resolve

APRIL = FinancialCalendar(4)


def test_labels_name_the_year_its_halves_and_quarters():
    assert (APRIL.parse("2026-27").first_day, APRIL.parse("2026-27").end_day) == (date(2026, 4, 1), date(2027, 4, 1))
    assert (APRIL.parse("2026-27-H2").first_day, APRIL.parse("2026-27-H2").last_day) == (date(2026, 10, 1),
                                                                                         date(2027, 3, 31))
    assert APRIL.parse("2026-27-Q4").months == [202701, 202702, 202703]
    assert APRIL.parse("2026-27-Q1").title == "Quarter 2026-27-Q1 (1 April 2026 to 30 June 2026)"


@pytest.mark.parametrize("label", ["2026", "2026-28", "2026-27-Q5", "2026-27-H3", "Q1", "2026/27", ""])
def test_a_label_that_names_no_period_is_refused(label):
    with pytest.raises(BadPeriod):
        APRIL.parse(label)


def test_a_calendar_year_when_configured_to_start_in_january():
    january = FinancialCalendar(1)
    assert january.parse("2026").first_day == date(2026, 1, 1)
    assert january.parse("2026-Q2").first_day == date(2026, 4, 1)
    with pytest.raises(BadPeriod):
        january.parse("2026-27")


def test_quarters_start_and_end_at_uk_midnight_in_summer_and_winter():
    q1, q3 = APRIL.parse("2026-27-Q1").span, APRIL.parse("2026-27-Q3").span
    assert q1.starts == datetime(2026, 3, 31, 23, 0, tzinfo=UTC)  # BST began on 29 March
    assert q3.starts == datetime(2026, 9, 30, 23, 0, tzinfo=UTC)  # still BST on 1 October
    assert q3.ends == datetime(2027, 1, 1, 0, 0, tzinfo=UTC)  # GMT in winter
    assert q1.contains(datetime(2026, 6, 30, 22, 59, 59, tzinfo=UTC)) and not q1.contains(
        datetime(2026, 6, 30, 23, 0, tzinfo=UTC))


def test_previous_and_same_period_a_year_before():
    q1 = APRIL.parse("2026-27-Q1")
    assert APRIL.previous(q1).label == "2025-26-Q4" and APRIL.year_before(q1).label == "2025-26-Q1"
    assert APRIL.previous(APRIL.parse("2026-27-H1")).label == "2025-26-H2"
    assert APRIL.previous(days(date(2026, 1, 10), date(2026, 1, 20))).first_day == date(2025, 12, 31)


def test_latest_complete_period_of_a_kind():
    today = date(2026, 7, 1)
    assert resolve(APRIL, "latest-quarter", today).label == "2026-27-Q1"
    assert resolve(APRIL, "latest-half", today).label == "2025-26-H2"
    assert resolve(APRIL, "latest-year", today).label == "2025-26"
    assert pack_period(APRIL, "half", "latest", today).label == "2025-26-H2"


def test_a_pack_refuses_a_period_of_the_wrong_kind_naming_the_field():
    with pytest.raises(ValidationFailed) as err:
        pack_period(APRIL, "year", "2026-27-Q1", date(2026, 7, 1))
    assert set(err.value.fields) == {"period"}


def test_months_are_uk_calendar_months():
    assert local_month(datetime(2026, 3, 31, 23, 30, tzinfo=UTC)) == 202604  # 00:30 BST on 1 April
    assert Period.of_days(None, None).contains(datetime(1990, 1, 1, tzinfo=UTC))
