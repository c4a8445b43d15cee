"""The register of subject access requests (UK GDPR art. 12(3), 15) and the one-month deadline.

The ICO's rule: the month runs from the day the clock starts (the day the request is received, or the
day the requester's identity was confirmed when it had to be asked for) to the corresponding calendar
date of the next month; when the next month has no such date, to its last day; when that day is a
weekend or a bank holiday, to the next working day. It may be extended by up to two further months
where requests are complex or numerous, if the requester is told within the first month: an extension
is refused once the first deadline has passed, and is given once.

A request is open until it is closed: completed (the response was sent, on ``responded_on``),
refused (manifestly unfounded or excessive, with the reason in the note) or withdrawn.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta

OPEN, COMPLETED, REFUSED, WITHDRAWN = "open", "completed", "refused", "withdrawn"
OUTCOMES = (COMPLETED, REFUSED, WITHDRAWN)
CHANNELS = ("email", "letter", "phone", "in_person", "web_form", "portal", "other")
REQUESTERS = ("subject", "representative")
MAX_EXTENSION_MONTHS = 2

IsWorkingDay = Callable[[date], bool]


class RegisterRuleBroken(Exception):
    """A change the request's state does not allow (closing it twice, a late extension ...)."""


def months_after(start: date, months: int, is_working_day: IsWorkingDay) -> date:
    """The corresponding date ``months`` later (the month's last day when it has none), moved on to
    the next working day."""
    due = start + relativedelta(months=months)  # 31 January + 1 month = 28 (or 29) February
    while not is_working_day(due):
        due += timedelta(days=1)
    return due


@dataclass
class SubjectAccessRequest:
    request_id: str
    reference: str
    opened_by: str
    idempotency_key: str
    opened_at: datetime
    received_on: date
    clock_starts_on: date
    due_on: date
    channel: str
    requester: str
    subject: dict[str, Any]
    status: str = OPEN
    extended_due_on: date | None = None
    extension_reason: str | None = None
    extended_at: datetime | None = None
    extended_by: str | None = None
    last_searched_at: datetime | None = None
    closed_at: datetime | None = None
    closed_by: str | None = None
    responded_on: date | None = None
    outcome_note: str | None = None
    searches: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def open(cls, request_id: str, opened_by: str, key: str, now: datetime, received_on: date,
             clock_starts_on: date | None, channel: str, requester: str, subject: dict[str, Any],
             is_working_day: IsWorkingDay) -> SubjectAccessRequest:
        starts = clock_starts_on or received_on
        if received_on > now.date():
            raise RegisterRuleBroken("a request cannot be received in the future")
        if starts < received_on:
            raise RegisterRuleBroken("the clock cannot start before the request was received")
        reference = "SAR-" + request_id.replace("-", "")[:8].upper()
        return cls(request_id, reference, opened_by, key, now, received_on, starts,
                   months_after(starts, 1, is_working_day), channel, requester, subject)

    @property
    def current_due_on(self) -> date:
        return self.extended_due_on or self.due_on

    def overdue(self, today: date) -> bool:
        return self.status == OPEN and today > self.current_due_on

    def days_left(self, today: date) -> int | None:
        return (self.current_due_on - today).days if self.status == OPEN else None

    def extend(self, reason: str, by: str, now: datetime, is_working_day: IsWorkingDay) -> None:
        """By up to two further months (complex or numerous requests), told within the first month."""
        self._require_open()
        if self.extended_due_on is not None:
            raise RegisterRuleBroken("the request was already extended: a further extension is not allowed")
        if now.date() > self.due_on:
            raise RegisterRuleBroken("an extension must be decided, and the requester told, within the first "
                                     f"month (by {self.due_on.isoformat()})")
        self.extended_due_on = months_after(self.clock_starts_on, 1 + MAX_EXTENSION_MONTHS, is_working_day)
        self.extension_reason, self.extended_at, self.extended_by = reason, now, by

    def searched(self, now: datetime) -> None:
        self._require_open()
        self.last_searched_at = now

    def close(self, outcome: str, responded_on: date | None, note: str | None, by: str, now: datetime) -> None:
        self._require_open()
        if outcome not in OUTCOMES:
            raise RegisterRuleBroken(f"unknown outcome {outcome}")
        if outcome == COMPLETED and responded_on is None:
            raise RegisterRuleBroken("a completed request says when the response was sent (responded_on)")
        if responded_on is not None and not self.received_on <= responded_on <= now.date():
            raise RegisterRuleBroken("the response was sent between receipt and today")
        if outcome == REFUSED and not (note or "").strip():
            raise RegisterRuleBroken("a refusal gives its reason (manifestly unfounded or excessive) in the note")
        self.status, self.responded_on, self.outcome_note = outcome, responded_on, note
        self.closed_at, self.closed_by = now, by

    def answered_on_time(self) -> bool | None:
        if self.responded_on is None:
            return None
        return self.responded_on <= self.current_due_on

    def _require_open(self) -> None:
        if self.status != OPEN:
            raise RegisterRuleBroken(f"the request is {self.status}")
