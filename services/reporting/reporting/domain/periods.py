"""Reporting periods on the UK calendar (POL-9; code of practice 1.3.5).

The landlord reports by its financial year (April to March unless configured), its halves (for the
committee, at least every six months) and its quarters (for the Operations Director). A period runs
from local midnight on its first day (inclusive) to local midnight on the day after its last day
(exclusive), in Europe/London time, so British Summer Time never moves an incident into the wrong
quarter.

Labels: ``2026-27`` (the financial year starting in April 2026), ``2026-27-H1``, ``2026-27-Q3``.
When the year is configured to start in January the year label is ``2026`` (``2026-Q1`` ...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

LANDLORD_TIME = ZoneInfo("Europe/London")
KINDS = ("year", "half", "quarter")
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December")
_LABEL = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-([QH])([1-4]))?$")


@dataclass(frozen=True)
class Period:
    """From ``starts`` (inclusive) to ``ends`` (exclusive), as UTC instants; an open end: no limit."""

    starts: datetime | None = None
    ends: datetime | None = None

    @classmethod
    def of_days(cls, first_day: date | None, day_after_last: date | None) -> Period:
        return cls(local_midnight(first_day), local_midnight(day_after_last))

    def contains(self, moment: datetime) -> bool:
        if self.starts is not None and moment < self.starts:
            return False
        return self.ends is None or moment < self.ends


def local_midnight(day: date | None) -> datetime | None:
    if day is None:
        return None
    return datetime.combine(day, time(0, 0), tzinfo=LANDLORD_TIME).astimezone(UTC)


def local_month(moment: datetime) -> int:
    """The UK calendar month of an instant, as ``YYYYMM`` (a typed column the read model groups by)."""
    local = moment.astimezone(LANDLORD_TIME)
    return local.year * 100 + local.month


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class ReportingPeriod:
    """A named period of UK calendar days: ``first_day`` to ``end_day`` (exclusive)."""

    kind: str  # year | half | quarter | days
    first_day: date
    end_day: date
    label: str

    @property
    def span(self) -> Period:
        return Period.of_days(self.first_day, self.end_day)

    @property
    def last_day(self) -> date:
        return date.fromordinal(self.end_day.toordinal() - 1)

    @property
    def months(self) -> list[int]:
        """Every month the period touches, as ``YYYYMM``, oldest first."""
        out, day = [], date(self.first_day.year, self.first_day.month, 1)
        while day < self.end_day:
            out.append(day.year * 100 + day.month)
            day = add_months(day, 1)
        return out

    @property
    def title(self) -> str:
        names = {"year": "Year", "half": "Half-year", "quarter": "Quarter", "days": "Period"}
        return f"{names[self.kind]} {self.label} ({describe_days(self.first_day, self.last_day)})"


def describe_days(first: date, last: date) -> str:
    def day(d: date) -> str:
        return f"{d.day} {MONTH_NAMES[d.month - 1]} {d.year}"

    return f"{day(first)} to {day(last)}"


def month_title(month: int) -> str:
    return f"{MONTH_NAMES[month % 100 - 1][:3]} {month // 100}"


class BadPeriod(ValueError):
    """A period label or range that does not name a reporting period."""


@dataclass(frozen=True)
class FinancialCalendar:
    """The landlord's reporting year; ``start_month`` 4 is April to March."""

    start_month: int = 4

    def __post_init__(self) -> None:
        if not 1 <= self.start_month <= 12:
            raise BadPeriod("the financial year must start in a month from 1 to 12")

    def year_of(self, day: date) -> int:
        """The calendar year in which the financial year holding ``day`` starts."""
        return day.year if day.month >= self.start_month else day.year - 1

    def year_label(self, year: int) -> str:
        return str(year) if self.start_month == 1 else f"{year}-{(year + 1) % 100:02d}"

    def period(self, kind: str, year: int, number: int = 1) -> ReportingPeriod:
        months, count = {"year": (12, 1), "half": (6, 2), "quarter": (3, 4)}[kind]
        if not 1 <= number <= count:
            raise BadPeriod(f"a year has no {kind} {number}")
        first = add_months(date(year, self.start_month, 1), months * (number - 1))
        suffix = {"year": "", "half": f"-H{number}", "quarter": f"-Q{number}"}[kind]
        return ReportingPeriod(kind, first, add_months(first, months), self.year_label(year) + suffix)

    def parse(self, label: str) -> ReportingPeriod:
        match = _LABEL.match(label.strip())
        if not match:
            raise BadPeriod(f"{label!r} is not a period label such as {self.example()}")
        year, next_year, part, number = match.groups()
        expected_next = self.year_label(int(year))[5:] if self.start_month != 1 else None
        if next_year != expected_next:
            raise BadPeriod(f"{label!r} does not name a financial year here; write it as {self.example()}")
        if part is None:
            return self.period("year", int(year))
        kind = "quarter" if part == "Q" else "half"
        return self.period(kind, int(year), int(number))

    def example(self) -> str:
        return f"{self.year_label(2026)}, {self.year_label(2026)}-H1 or {self.year_label(2026)}-Q3"

    def containing(self, kind: str, day: date) -> ReportingPeriod:
        year = self.year_of(day)
        months = {"year": 12, "half": 6, "quarter": 3}[kind]
        offset = (day.year * 12 + day.month - year * 12 - self.start_month) // months
        return self.period(kind, year, offset + 1)

    def latest_complete(self, kind: str, today: date) -> ReportingPeriod:
        return self.previous(self.containing(kind, today))

    def previous(self, period: ReportingPeriod) -> ReportingPeriod:
        """The period of the same kind just before (for a range of days: as many days before)."""
        if period.kind == "days":
            length = period.end_day.toordinal() - period.first_day.toordinal()
            first = date.fromordinal(period.first_day.toordinal() - length)
            return days(first, period.first_day)
        return self.containing(period.kind, date.fromordinal(period.first_day.toordinal() - 1))

    def year_before(self, period: ReportingPeriod) -> ReportingPeriod:
        """The same months a year earlier."""
        if period.kind == "days":
            return days(_year_earlier(period.first_day), _year_earlier(period.end_day))
        return self.containing(period.kind, add_months(period.first_day, -12))


def _year_earlier(day: date) -> date:
    return date(day.year - 1, day.month, min(day.day, 28 if day.month == 2 else day.day))


def days(first_day: date, end_day: date) -> ReportingPeriod:
    """A custom range of UK calendar days, ``end_day`` exclusive."""
    if end_day <= first_day:
        raise BadPeriod("the period must end after it starts")
    return ReportingPeriod("days", first_day, end_day, f"{first_day.isoformat()}/{end_day.isoformat()}")
