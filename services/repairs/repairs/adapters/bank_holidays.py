"""The working-day calendar from the ``holidays`` library (England and Wales by default), plus any
extra days off the landlord configures (a state funeral, a coronation, before the library knows)."""

from __future__ import annotations

from collections.abc import Container
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import holidays

from repairs.domain.calendar import WorkingCalendar
from repairs.domain.target import SlaPolicy
from repairs.settings import CalendarSettings, RepairsSettings


class _DaysOff:
    def __init__(self, *calendars: Container[date]) -> None:
        self.calendars = calendars

    def __contains__(self, day: object) -> bool:
        return any(day in calendar for calendar in self.calendars)


def working_calendar(settings: CalendarSettings) -> WorkingCalendar:
    public = holidays.country_holidays(settings.country, subdiv=settings.subdivision)
    return WorkingCalendar(_DaysOff(public, frozenset(settings.extra_holidays)), ZoneInfo(settings.timezone))


def sla_policy(settings: RepairsSettings) -> SlaPolicy:
    sla = settings.sla
    return SlaPolicy(working_calendar(settings.calendar), timedelta(hours=sla.at_risk_after_hours),
                     sla.follow_on_working_days, timedelta(hours=sla.follow_on_warning_hours),
                     sla.planned_working_days)
