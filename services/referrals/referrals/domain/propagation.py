"""What a change of consent (or a handover's re-check) does to the referrals it stood behind.

Every referral of the case and partner is put through the gate again. One the consent no longer
covers is stopped if it is still open (withdrawn, with the reason), and if the partner may hold its
data a stop-and-delete notice is owed, whatever state the referral is in. A partner that holds data
also gets a notice when the victim now keeps back a field it was already sent. A referral that was
never sent needs no notice: the withholding is applied when it is sent.
"""

from __future__ import annotations

from dataclasses import dataclass

from referrals.domain.consent import ConsentRecord
from referrals.domain.gate import (
    CONSENT_EXPIRED,
    CONSENT_WITHDRAWN,
    DATA_NOT_COVERED,
    NO_AGREEMENT,
    NO_CONSENT,
    PURPOSE_NOT_COVERED,
    Decision,
)
from referrals.domain.referral import Referral

CONSENT_NARROWED = "consent_narrowed"
REVOKED = "revoked"
NOTICE_REASONS = (CONSENT_WITHDRAWN, CONSENT_EXPIRED, CONSENT_NARROWED, NO_AGREEMENT, REVOKED)


@dataclass(frozen=True)
class Consequence:
    stop: bool
    notify: bool
    reason: str | None

    @property
    def changes_anything(self) -> bool:
        return self.stop or self.notify


KEEP = Consequence(False, False, None)


def stop_reason(decision: Decision) -> str:
    """The word a stopped referral and its notice carry."""
    if decision.reason in (PURPOSE_NOT_COVERED, DATA_NOT_COVERED):
        return CONSENT_NARROWED
    if decision.reason == NO_CONSENT:
        return CONSENT_WITHDRAWN
    return decision.reason


def consequence(referral: Referral, decision: Decision, already_notified: bool) -> Consequence:
    """``decision`` is the gate's answer for this referral under the consent now in force."""
    if decision.allowed:
        withheld_now = _withheld(decision.consent) & referral.disclosed_fields
        if not withheld_now:
            return KEEP
        reason = CONSENT_NARROWED
    else:
        reason = stop_reason(decision)
    return Consequence(referral.is_open, referral.holds_data and not already_notified, reason)


def _withheld(consent: ConsentRecord | None) -> frozenset[str]:
    return consent.withheld_fields if consent is not None else frozenset()
