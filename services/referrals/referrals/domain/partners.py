"""Partner agencies and the information-sharing agreement with each (code 1.1.2, 1.3.3).

An agreement is held as data and never edited: a change is a new version. It says, per purpose,
exactly which fields of the catalogue (``domain.fields``) may be shared, on which lawful basis, how
long the partner may keep them, and how fast the partner should answer a referral.

Whatever the lawful basis written in the agreement, POL-5 still requires the victim's consent for
every referral: the agreement limits what consent can allow, it never replaces consent.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from referrals.domain.fields import category_of, unknown_fields

WEBHOOK = "webhook"
PULL = "pull"
DELIVERY_MODES = (WEBHOOK, PULL)
LAWFUL_BASES = ("consent", "legal_obligation", "vital_interests", "public_task", "legitimate_interests")
SPECIAL_CATEGORY_CONDITIONS = ("explicit_consent", "substantial_public_interest", "vital_interests",
                               "legal_claims", "health_or_social_care")


class AgreementRuleBroken(Exception):
    """An agreement the rules do not allow; ``field`` names the offending input."""

    def __init__(self, message: str, field: str = "_schema") -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Partner:
    """A partner agency in the registry. Its webhook secret is held apart (never in this object)."""

    code: str
    name: str
    kind: str
    delivery: str
    endpoint: str | None
    active: bool
    registered_at: datetime

    @property
    def pulls(self) -> bool:
        return self.delivery == PULL


@dataclass(frozen=True)
class Agreement:
    partner: str
    version: int
    lawful_basis: str
    special_category_condition: str | None
    purposes: Mapping[str, frozenset[str]]
    retention_days: int
    acknowledge_within_hours: int
    respond_within_hours: int
    effective_from: datetime
    ends_at: datetime | None
    document_ref: str
    recorded_by: str
    recorded_at: datetime

    def in_force(self, moment: datetime) -> bool:
        return self.effective_from <= moment and (self.ends_at is None or moment < self.ends_at)

    def fields_for(self, purpose: str) -> frozenset[str]:
        return self.purposes.get(purpose, frozenset())

    def categories_for(self, purpose: str) -> frozenset[str]:
        return frozenset(category_of(name) for name in self.fields_for(purpose))


def make_agreement(*, partner: str, previous: Agreement | None, lawful_basis: str,
                   special_category_condition: str | None, purposes: Mapping[str, Iterable[str]],
                   retention_days: int, acknowledge_within_hours: int, respond_within_hours: int,
                   effective_from: datetime, ends_at: datetime | None, document_ref: str,
                   recorded_by: str, now: datetime) -> Agreement:
    """The next version of a partner's agreement, checked against the field catalogue."""
    if lawful_basis not in LAWFUL_BASES:
        raise AgreementRuleBroken("Not a lawful basis of UK GDPR article 6.", "lawful_basis")
    if special_category_condition is not None and special_category_condition not in SPECIAL_CATEGORY_CONDITIONS:
        raise AgreementRuleBroken("Not a condition of UK GDPR article 9.", "special_category_condition")
    if not purposes:
        raise AgreementRuleBroken("An agreement names at least one purpose.", "purposes")
    clean: dict[str, frozenset[str]] = {}
    for purpose, names in purposes.items():
        allowed = frozenset(names)
        if not allowed:
            raise AgreementRuleBroken("Each purpose allows at least one field.", f"purposes.{purpose}")
        unknown = unknown_fields(allowed)
        if unknown:
            raise AgreementRuleBroken(f"Not in the field catalogue: {', '.join(unknown)}.",
                                      f"purposes.{purpose}")
        clean[purpose] = allowed
    if respond_within_hours < acknowledge_within_hours:
        raise AgreementRuleBroken("The decision cannot be due before the acknowledgement.",
                                  "respond_within_hours")
    if ends_at is not None and ends_at <= max(effective_from, now):
        raise AgreementRuleBroken("An agreement must end after it starts and in the future.", "ends_at")
    return Agreement(partner, (previous.version if previous else 0) + 1, lawful_basis,
                     special_category_condition, clean, retention_days, acknowledge_within_hours,
                     respond_within_hours, effective_from, ends_at, document_ref, recorded_by, now)


def agreement_in_force(versions: Iterable[Agreement], moment: datetime) -> Agreement | None:
    """The newest version already in force at ``moment`` (a future version waits its turn)."""
    live = [a for a in versions if a.effective_from <= moment]
    newest = max(live, key=lambda a: a.version) if live else None
    return newest if newest is not None and newest.in_force(moment) else None
