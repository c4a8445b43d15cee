"""Working days for the subject access deadline: Monday to Friday, less the bank holidays of the
landlord's part of the UK (from the ``holidays`` library)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import lru_cache

import holidays

REGIONS = {"england_and_wales": "ENG", "scotland": "SCT", "northern_ireland": "NIR"}


@lru_cache(maxsize=32)
def _bank_holidays(subdivision: str, year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv=subdivision, years=year).keys())


def working_days(region: str = "england_and_wales") -> Callable[[date], bool]:
    if region not in REGIONS:
        raise ValueError(f"unknown region {region!r}")
    subdivision = REGIONS[region]

    def is_working_day(day: date) -> bool:
        return day.weekday() < 5 and day not in _bank_holidays(subdivision, day.year)

    return is_working_day
