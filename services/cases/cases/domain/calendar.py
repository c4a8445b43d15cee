"""Working days: Monday to Friday, less the bank holidays of England and Wales (from the
``holidays`` library) and any closure days the landlord configures (the office shut between
Christmas and New Year, say).

Response targets in working days (code 1.4; issue 4) fall due at close of business, local time, on
the n-th working day *after* the day the clock started: a report on Friday afternoon with a
one-working-day target is due by close of business on Monday (Tuesday if Monday is a bank holiday).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

REGIONS = {"england_and_wales": "ENG", "scotland": "SCT", "northern_ireland": "NIR"}


@lru_cache(maxsize=8)
def _bank_holidays(subdivision: str, year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv=subdivision, years=year).keys())


class WorkingCalendar:
    def __init__(self, region: str = "england_and_wales", timezone: str = "Europe/London",
                 close_of_business: time = time(17, 0), closure_days: Iterable[date] = ()) -> None:
        if region not in REGIONS:
            raise ValueError(f"unknown region {region!r}")
        self.subdivision = REGIONS[region]
        self.zone = ZoneInfo(timezone)
        self.close_of_business = close_of_business
        self.closure_days = frozenset(closure_days)

    def is_bank_holiday(self, day: date) -> bool:
        return day in _bank_holidays(self.subdivision, day.year)

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and not self.is_bank_holiday(day) and day not in self.closure_days

    def local_date(self, moment: datetime) -> date:
        return moment.astimezone(self.zone).date()

    def add_working_days(self, start: datetime, days: int) -> datetime:
        """Close of business on the ``days``-th working day after the local day of ``start``."""
        if days < 1:
            raise ValueError("a working-day target is at least one day")
        day, counted = self.local_date(start), 0
        while counted < days:
            day += timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
        return datetime.combine(day, self.close_of_business, tzinfo=self.zone)

    def working_days_between(self, start: datetime, end: datetime) -> int:
        """Whole working days after the local day of ``start`` up to and including that of ``end``."""
        first, last = self.local_date(start), self.local_date(end)
        count, day = 0, first
        while day < last:
            day += timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count
