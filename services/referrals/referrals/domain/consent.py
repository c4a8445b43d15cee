"""The victim's consent to share with one partner agency (POL-5; code of practice 1.3.3).

Consent is a history of immutable, numbered records per case and partner. Giving consent again
records a new version that replaces the scope of the last one (wider or narrower); a withdrawal is a
new record, never an edit, and so is an expiry once it has been noticed. What is in force is the
newest record, if it is a consent and has not expired.

A consent says which purposes, which categories of data (``domain.fields.CATEGORIES``) and which
fields the victim asked to keep from this partner; how the victim gave it, what wording they were
told (its version), when they gave it, when it ends, and who recorded it. Withdrawing needs no more
than giving: the case, the partner (or every partner) and how the victim said so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from referrals.domain.fields import unknown_categories, unknown_fields

GIVEN = "given"
WITHDRAWN = "withdrawn"
EXPIRED = "expired"
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
    withheld_fields: frozenset[str]
    how: str | None  # how the victim gave (or withdrew) it; None for a noticed expiry
    wording_version: str | None
    given_at: datetime | None
    expires_at: datetime | None
    withdrawn_at: datetime | None  # when the victim withdrew it, or when it expired
    recorded_at: datetime
    recorded_by: str

    @property
    def is_given(self) -> bool:
        return self.status == GIVEN

    def expired_at(self, moment: datetime) -> bool:
        return self.expires_at is not None and moment >= self.expires_at

    def in_force_at(self, moment: datetime) -> bool:
        return self.is_given and not self.expired_at(moment)


@dataclass(frozen=True)
class Scope:
    """What the victim agreed to share with one partner."""

    purposes: frozenset[str]
    data_categories: frozenset[str]
    withheld_fields: frozenset[str] = frozenset()


def latest_for(history: Iterable[ConsentRecord], partner: str) -> ConsentRecord | None:
    records = [r for r in history if r.partner == partner]
    return max(records, key=lambda r: r.version) if records else None


def in_force(history: Iterable[ConsentRecord], partner: str, moment: datetime) -> ConsentRecord | None:
    latest = latest_for(history, partner)
    return latest if latest is not None and latest.in_force_at(moment) else None


def give_consent(history: Iterable[ConsentRecord], *, consent_id: str, case_id: str, partner: str,
                 scope: Scope, how: str, wording_version: str, given_at: datetime,
                 expires_at: datetime | None, now: datetime, recorded_by: str) -> ConsentRecord:
    if how not in CONSENT_FORMS:
        raise ConsentRuleBroken("Consent is given verbally, in writing or digitally.", "how")
    if given_at > now:
        raise ConsentRuleBroken("Consent cannot be given in the future.", "given_at")
    if expires_at is not None and expires_at <= now:
        raise ConsentRuleBroken("A consent must expire in the future.", "expires_at")
    if not scope.purposes:
        raise ConsentRuleBroken("Consent names at least one purpose.", "purposes")
    if not scope.data_categories or unknown_categories(scope.data_categories):
        raise ConsentRuleBroken("Consent names categories of data from the catalogue.", "data_categories")
    if unknown_fields(scope.withheld_fields):
        raise ConsentRuleBroken("Only fields of the catalogue can be withheld.", "withhold")
    latest = latest_for(history, partner)
    return ConsentRecord(consent_id, case_id, partner, (latest.version if latest else 0) + 1, GIVEN,
                         frozenset(scope.purposes), frozenset(scope.data_categories),
                         frozenset(scope.withheld_fields), how, wording_version, given_at, expires_at,
                         None, now, recorded_by)


def withdraw_consent(history: Iterable[ConsentRecord], *, consent_id: str, partner: str, how: str,
                     withdrawn_at: datetime, now: datetime, recorded_by: str) -> ConsentRecord:
    """A withdrawal takes effect when it is recorded, whatever moment the victim gave for it."""
    if how not in CONSENT_FORMS:
        raise ConsentRuleBroken("Consent is withdrawn verbally, in writing or digitally.", "how")
    if withdrawn_at > now:
        raise ConsentRuleBroken("A withdrawal cannot be dated in the future.", "withdrawn_at")
    latest = latest_for(history, partner)
    if latest is None or not latest.is_given:
        raise ConsentRuleBroken("There is no consent for that partner to withdraw.", "partners")
    return _ending(latest, consent_id, WITHDRAWN, how, withdrawn_at, now, recorded_by)


def notice_expiry(history: Iterable[ConsentRecord], *, consent_id: str, partner: str, now: datetime,
                  recorded_by: str) -> ConsentRecord | None:
    """The record that says a consent ran out, or None if the newest record has not expired."""
    latest = latest_for(history, partner)
    if latest is None or not latest.is_given or not latest.expired_at(now):
        return None
    assert latest.expires_at is not None
    return _ending(latest, consent_id, EXPIRED, None, latest.expires_at, now, recorded_by)


def _ending(latest: ConsentRecord, consent_id: str, status: str, how: str | None, at: datetime,
            now: datetime, recorded_by: str) -> ConsentRecord:
    return ConsentRecord(consent_id, latest.case_id, latest.partner, latest.version + 1, status,
                         frozenset(), frozenset(), frozenset(), how, None, None, None, at, now,
                         recorded_by)
