"""The victim's consent to share with one partner agency (POL-5; code of practice 1.3.3).

Consent is a history of immutable, numbered records per case and partner: giving consent again
records a new version that replaces the scope of the last one; a withdrawal is a new record too,
never an edit. What is in force is the newest record, if it is a consent and has not expired.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

GIVEN = "given"
WITHDRAWN = "withdrawn"
CONSENT_FORMS = ("verbal", "written", "digital")


class ConsentRuleBroken(Exception):
    """A consent record that the rules do not allow; ``field`` names the offending input."""

    def __init__(self, message: str, field: str = "_schema") -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class ConsentRecord:
    consent_id: str
    case_id: str
    partner: str
    version: int
    status: str
    purposes: frozenset[str]
    data_categories: frozenset[str]
    given_by: str | None
    expires_at: datetime | None
    recorded_at: datetime
    recorded_by: str

    @property
    def is_withdrawal(self) -> bool:
        return self.status == WITHDRAWN

    def expired_at(self, moment: datetime) -> bool:
        return self.expires_at is not None and moment >= self.expires_at


def latest_for(history: Iterable[ConsentRecord], partner: str) -> ConsentRecord | None:
    records = [r for r in history if r.partner == partner]
    return max(records, key=lambda r: r.version) if records else None


def give_consent(history: Iterable[ConsentRecord], *, consent_id: str, case_id: str, partner: str,
                 purposes: Iterable[str], data_categories: Iterable[str], given_by: str,
                 expires_at: datetime | None, now: datetime, recorded_by: str) -> ConsentRecord:
    if expires_at is not None and expires_at <= now:
        raise ConsentRuleBroken("A consent must expire in the future.", "expires_at")
    if given_by not in CONSENT_FORMS:
        raise ConsentRuleBroken("Consent is given verbally, in writing or digitally.", "given_by")
    latest = latest_for(history, partner)
    return ConsentRecord(consent_id, case_id, partner, (latest.version if latest else 0) + 1, GIVEN,
                         frozenset(purposes), frozenset(data_categories), given_by, expires_at, now,
                         recorded_by)


def withdraw_consent(history: Iterable[ConsentRecord], *, consent_id: str, partner: str, now: datetime,
                     recorded_by: str) -> ConsentRecord:
    latest = latest_for(history, partner)
    if latest is None or latest.is_withdrawal:
        raise ConsentRuleBroken("There is no consent for that partner to withdraw.", "partner")
    return ConsentRecord(consent_id, latest.case_id, partner, latest.version + 1, WITHDRAWN, frozenset(),
                         frozenset(), None, None, now, recorded_by)
