"""The consent gate (POL-5): referral to or discussion with another agency only with the victim's
consent, *in all cases*.

A referral passes only if, at that moment, the consent in force for that case and partner covers its
purpose and every category of data it would share, the partner is active under an agreement in
force for that purpose, and at least one field is left to share once the agreement and the victim's
withholdings have been applied. The gate runs when a referral is asked for and again in the
transaction that claims each delivery attempt (and each pull), so nothing is sent on a consent that
was withdrawn, narrowed or ran out in between.

**No override.** Primero lets a permitted role override a missing consent with a reason. This
landlord's policy says "in all cases", so this system has no override at all: no role, flag or
payload field lets a referral past the gate, and an unknown field in a request is a validation
error. Sharing without consent where the law requires or allows it (a life at immediate risk, a
court order, a safeguarding duty) is a decision taken outside this system under the landlord's
safeguarding procedure; it is never a referral sent by it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from referrals.domain.consent import EXPIRED, WITHDRAWN, ConsentRecord, latest_for
from referrals.domain.partners import Agreement, Partner, agreement_in_force
from referrals.domain.sharing import fields_to_share

NO_CONSENT = "no_consent"
CONSENT_WITHDRAWN = "consent_withdrawn"
CONSENT_EXPIRED = "consent_expired"
PURPOSE_NOT_COVERED = "purpose_not_covered"
DATA_NOT_COVERED = "data_not_covered"
NO_AGREEMENT = "no_agreement"
REASONS = (NO_CONSENT, CONSENT_WITHDRAWN, CONSENT_EXPIRED, PURPOSE_NOT_COVERED, DATA_NOT_COVERED,
           NO_AGREEMENT)


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
    agreement: Agreement | None = None
    fields: frozenset[str] = frozenset()


def decide(history: Iterable[ConsentRecord], request: ReferralRequest, partner: Partner | None,
           agreements: Iterable[Agreement], now: datetime) -> Decision:
    consent = latest_for((r for r in history if r.case_id == request.case_id), request.partner)
    if consent is None:
        return Decision(False, NO_CONSENT)
    if consent.status == WITHDRAWN:
        return Decision(False, CONSENT_WITHDRAWN, consent)
    if consent.status == EXPIRED or consent.expired_at(now):
        return Decision(False, CONSENT_EXPIRED, consent)
    if request.purpose not in consent.purposes:
        return Decision(False, PURPOSE_NOT_COVERED, consent)
    if not request.data_categories or not request.data_categories <= consent.data_categories:
        return Decision(False, DATA_NOT_COVERED, consent)
    agreement = agreement_in_force(agreements, now) if partner is not None and partner.active else None
    if agreement is None or not agreement.fields_for(request.purpose):
        return Decision(False, NO_AGREEMENT, consent)
    fields = fields_to_share(agreement, request.purpose, request.data_categories, consent.withheld_fields)
    if not fields:
        return Decision(False, DATA_NOT_COVERED, consent, agreement)
    return Decision(True, "consent_in_force", consent, agreement, fields)
