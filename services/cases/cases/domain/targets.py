"""Response targets (issue 4, POL-3): how soon the victim is first contacted and how often kept
updated. The figures are the landlord's to configure; the defaults are the ones in the issue.

- First contact: a hate incident, a high-risk or urgent case within 1 working day; threats of
  violence within 24 clock hours; anything else within 3 working days. The earliest that applies wins.
- Victim updates: as often as the victim chose, and at least every 10 working days.
- The clocks run from the report, not from when the case reached an officer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from cases.domain.calendar import WorkingCalendar


@dataclass(frozen=True)
class ResponseTargets:
    priority_first_contact_working_days: int = 1
    threats_first_contact_hours: int = 24
    standard_first_contact_working_days: int = 3
    max_update_interval_working_days: int = 10

    def __post_init__(self) -> None:
        if min(self.priority_first_contact_working_days, self.threats_first_contact_hours,
               self.standard_first_contact_working_days, self.max_update_interval_working_days) < 1:
            raise ValueError("response targets are at least 1")


@dataclass(frozen=True)
class Priority:
    """What about a case sets its first-contact target."""

    hate_incident: bool
    risk_level: str
    threats_of_violence: bool
    urgent: bool

    @property
    def is_priority(self) -> bool:
        return self.hate_incident or self.risk_level == "high" or self.urgent


def first_contact_due(received_at: datetime, priority: Priority, targets: ResponseTargets,
                      calendar: WorkingCalendar) -> datetime:
    candidates = []
    if priority.threats_of_violence:
        candidates.append(received_at + timedelta(hours=targets.threats_first_contact_hours))
    if priority.is_priority:
        candidates.append(calendar.add_working_days(received_at, targets.priority_first_contact_working_days))
    if not candidates:
        candidates.append(calendar.add_working_days(received_at, targets.standard_first_contact_working_days))
    return min(candidates)


def update_interval(chosen_working_days: int | None, targets: ResponseTargets) -> int:
    """The victim's chosen update frequency, never longer than the landlord's maximum."""
    most = targets.max_update_interval_working_days
    return most if chosen_working_days is None else max(1, min(chosen_working_days, most))


def next_update_due(last_update_at: datetime, chosen_working_days: int | None, targets: ResponseTargets,
                    calendar: WorkingCalendar) -> datetime:
    return calendar.add_working_days(last_update_at, update_interval(chosen_working_days, targets))
