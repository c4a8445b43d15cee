"""Working days for the follow-on target: weekdays less bank holidays, in UK local time."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from repairs.adapters.bank_holidays import working_calendar
from repairs.domain.calendar import WorkingCalendar
from repairs.settings import CalendarSettings

ENGLAND = CalendarSettings("GB", "ENG", "Europe/London", ())


def test_five_working_days_from_a_friday_end_on_the_next_friday() -> None:
    calendar = WorkingCalendar(set())
    made_safe = datetime(2026, 11, 20, 21, 0, tzinfo=UTC)  # Friday evening
    assert calendar.working_days_after(made_safe, 5) == date(2026, 11, 27)
    # the end of that Friday, local midnight (GMT in November)
    assert calendar.end_of_working_days(made_safe, 5) == datetime(2026, 11, 28, 0, 0, tzinfo=UTC)


def test_christmas_bank_holidays_are_not_working_days() -> None:
    calendar = working_calendar(ENGLAND)
    made_safe = datetime(2026, 12, 18, 15, 0, tzinfo=UTC)  # Friday 18 December 2026
    # Mon 21, Tue 22, Wed 23, Thu 24, then Christmas Day (Fri), the weekend, Boxing Day observed (Mon 28)
    assert calendar.working_days_after(made_safe, 5) == date(2026, 12, 29)


def test_the_end_of_a_working_day_is_local_midnight_in_summer_time() -> None:
    calendar = working_calendar(ENGLAND)
    made_safe = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)  # Monday, BST
    assert calendar.end_of_working_days(made_safe, 1) == datetime(2026, 6, 2, 23, 0, tzinfo=UTC)


def test_a_local_date_decides_the_day_not_the_utc_one() -> None:
    calendar = WorkingCalendar(set())
    late_sunday_utc = datetime(2026, 6, 7, 23, 30, tzinfo=UTC)  # already Monday 00:30 in London
    assert calendar.working_days_after(late_sunday_utc, 1) == date(2026, 6, 9)


def test_extra_days_off_and_other_nations_are_configurable() -> None:
    extra = working_calendar(CalendarSettings("GB", "ENG", "Europe/London", (date(2026, 11, 23),)))
    assert not extra.is_working_day(date(2026, 11, 23))
    scotland = working_calendar(CalendarSettings("GB", "SCT", "Europe/London", ()))
    assert not scotland.is_working_day(date(2026, 11, 30))  # St Andrew's Day
    assert working_calendar(ENGLAND).is_working_day(date(2026, 11, 30))


def test_a_silly_number_of_working_days_is_refused() -> None:
    with pytest.raises(ValueError):
        WorkingCalendar(set()).working_days_after(datetime(2026, 1, 5, tzinfo=UTC), 0)
