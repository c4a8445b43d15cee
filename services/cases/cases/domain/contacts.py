"""The contact log (issue 4; POL-3, POL-7 "poor records" is a known failure): visits, calls,
letters and the rest, time-stamped and attributed. Entries are never changed or deleted; a mistake
is put right by a further entry that says which one it corrects."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from cases.domain.errors import InvalidCommand

ALLOWED_DRIFT = timedelta(minutes=5)  # clocks on phones and laptops disagree a little


@dataclass(frozen=True)
class Contact:
    contact_id: str
    case_id: str
    contacted_at: datetime
    recorded_at: datetime
    recorded_by: str
    kind: str
    party: str
    direction: str
    successful: bool
    summary: str
    corrects: str | None = None
    first_contact: bool = False
    due_at: datetime | None = None
    within_target: bool | None = None

    @property
    def with_victim(self) -> bool:
        return self.party == "victim" and self.successful


def check_time(contacted_at: datetime, case_received_at: datetime, now: datetime) -> None:
    if contacted_at > now + ALLOWED_DRIFT:
        raise InvalidCommand("contacted_at", "A contact is recorded after it happened, not before.")
    if contacted_at < case_received_at - timedelta(days=1):
        raise InvalidCommand("contacted_at", "This contact is from before the case's first report.")
