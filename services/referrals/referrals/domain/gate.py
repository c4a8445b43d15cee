"""The consent gate (POL-5): a referral to or discussion with another agency only with the
victim's consent, in all cases. A referral passes only if, at that moment, the consent in force for
that case and partner covers its purpose and every category of data it would share."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from referrals.domain.consent import ConsentRecord, latest_for


@dataclass(frozen=True)
class ReferralRequest:
    case_id: str
    partner: str
    purpose: str
    data_categories: frozenset[str]


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str
    consent: ConsentRecord | None = None


def decide(history: Iterable[ConsentRecord], request: ReferralRequest, now: datetime) -> Decision:
    consent = latest_for((r for r in history if r.case_id == request.case_id), request.partner)
    if consent is None:
        return Decision(False, "no_consent_for_partner")
    if consent.is_withdrawal:
        return Decision(False, "consent_withdrawn", consent)
    if consent.expired_at(now):
        return Decision(False, "consent_expired", consent)
    if request.purpose not in consent.purposes:
        return Decision(False, "purpose_not_covered", consent)
    if not request.data_categories or not request.data_categories <= consent.data_categories:
        return Decision(False, "data_not_covered", consent)
    return Decision(True, "consent_in_force", consent)
