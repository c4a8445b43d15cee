"""Working days: weekdays that are not bank holidays, counted in the landlord's local time.

The 24-hour target of POL-6 is in clock hours; only the follow-on completion after a make-safe (and
planned target-hardening work) is counted in working days, and those are what contractors' contracts
and tenants mean by "working days": Monday to Friday, less the bank holidays of the nation the homes
are in (England and Wales by default), in UK local time.
"""

from __future__ import annotations

from collections.abc import Container
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
WEEKEND = frozenset({5, 6})  # Saturday, Sunday
MAX_WORKING_DAYS = 60


class WorkingCalendar:
    """``holidays``: any container of dates (the ``holidays`` library's calendars, or a set)."""

    def __init__(self, holidays: Container[date], tz: ZoneInfo = LONDON,
                 weekend: frozenset[int] = WEEKEND) -> None:
        self.holidays = holidays
        self.tz = tz
        self.weekend = weekend

    def is_working_day(self, day: date) -> bool:
        return day.weekday() not in self.weekend and day not in self.holidays

    def local_date(self, moment: datetime) -> date:
        return moment.astimezone(self.tz).date()

    def working_days_after(self, moment: datetime, days: int) -> date:
        """The ``days``-th working day after the (local) day of ``moment``."""
        if not 1 <= days <= MAX_WORKING_DAYS:
            raise ValueError(f"working days must be between 1 and {MAX_WORKING_DAYS}")
        day, counted = self.local_date(moment), 0
        while counted < days:
            day += timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
        return day

    def end_of_working_days(self, moment: datetime, days: int) -> datetime:
        """The end (local midnight) of the ``days``-th working day after ``moment``'s day.

        "Within 5 working days" of a make-safe on a Friday evening means by the end of the next
        Friday, or later when bank holidays fall in between.
        """
        last = self.working_days_after(moment, days)
        return self._start_of(last + timedelta(days=1))

    def _start_of(self, day: date) -> datetime:
        return datetime.combine(day, time(0, 0), tzinfo=self.tz).astimezone(UTC)
