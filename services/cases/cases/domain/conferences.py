"""Case conferences with partners and Counsel (code 1.5.3, 1.5.5): scheduled, attended, minuted,
with the actions agreed. Discussing a case with another agency needs the victim's consent (POL-5),
so a conference with any outside agency records that the victim consented.

    scheduled --hold--> held        scheduled --cancel--> cancelled
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from cases.domain.errors import IllegalTransition, InvalidCommand

SCHEDULED, HELD, CANCELLED = "scheduled", "held", "cancelled"
INTERNAL = frozenset({"landlord", "counsel"})


@dataclass
class Conference:
    conference_id: str
    case_id: str
    scheduled_for: datetime
    attendees: list[dict[str, str]]
    purpose: str
    victim_consented: bool
    scheduled_by: str
    scheduled_at: datetime
    status: str = SCHEDULED
    held_at: datetime | None = None
    minutes: str | None = None
    actions: list[dict[str, Any]] = field(default_factory=list)
    cancelled_because: str | None = None

    @property
    def is_open(self) -> bool:
        return self.status == SCHEDULED

    def hold(self, held_at: datetime, minutes: str, attendees: list[dict[str, str]] | None,
             actions: list[dict[str, Any]], now: datetime) -> None:
        self._require(HELD)
        if held_at > now:
            raise InvalidCommand("held_at", "A conference is recorded once it has been held.")
        if not minutes.strip():
            raise InvalidCommand("minutes", "Record the minutes.")
        if attendees is not None:
            _check_consent(attendees, self.victim_consented)
            self.attendees = attendees
        self.status, self.held_at, self.minutes, self.actions = HELD, held_at, minutes.strip(), actions

    def cancel(self, reason: str) -> None:
        self._require(CANCELLED)
        self.status, self.cancelled_because = CANCELLED, reason

    def _require(self, wanted: str) -> None:
        if self.status != SCHEDULED:
            raise IllegalTransition("conference", self.conference_id, self.status, wanted)


def _check_consent(attendees: list[dict[str, str]], victim_consented: bool) -> None:
    if any(a["agency"] not in INTERNAL for a in attendees) and not victim_consented:
        raise InvalidCommand("victim_consented", "Discussing the case with another agency needs the victim's "
                             "consent (POL-5).")


def schedule(conference_id: str, case_id: str, scheduled_for: datetime, attendees: list[dict[str, str]],
             purpose: str, victim_consented: bool, by: str, now: datetime) -> Conference:
    if not attendees:
        raise InvalidCommand("attendees", "Name who is invited.")
    _check_consent(attendees, victim_consented)
    return Conference(conference_id, case_id, scheduled_for, attendees, purpose.strip(), victim_consented, by, now)
