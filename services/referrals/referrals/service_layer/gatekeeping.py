"""The gate as the service layer runs it, and what it does to referrals consent no longer covers.

Used by every path that can change what consent allows (a new or narrower consent, a withdrawal, an
expiry, a handover's re-check) and by every delivery. Runs inside the caller's unit of work, after
the case row has been locked, so a delivery claim and a consent change of the same case never
interleave.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from hcs.auth import Caller
from referrals.domain.gate import Decision, ReferralRequest, decide
from referrals.domain.model import CaseEntry, StopNotice
from referrals.domain.propagation import Consequence, consequence
from referrals.domain.referral import Referral
from referrals.service_layer.access import audit


def request_of(referral: Referral) -> ReferralRequest:
    return ReferralRequest(referral.case_id, referral.partner, referral.purpose, referral.data_categories)


def decide_for(uow: Any, request: ReferralRequest, now: datetime) -> Decision:
    return decide(uow.consents.for_case(request.case_id), request, uow.partners.get(request.partner),
                  uow.agreements.for_partner(request.partner), now)


def recheck(uow: Any, case: CaseEntry, referrals: Iterable[Referral], now: datetime, actor: Caller,
            action: str) -> list[tuple[Referral, Consequence]]:
    """Put each referral through the gate again; stop those it no longer lets through and owe their
    partners a stop-and-delete notice where they may hold data. Every check is audited."""
    done = []
    for referral in referrals:
        if not referral.is_open and not referral.holds_data:
            continue
        decision = decide_for(uow, request_of(referral), now)
        outcome = consequence(referral, decision, uow.notices.for_referral(referral.referral_id) is not None)
        if outcome.stop:
            assert outcome.reason is not None
            stop(uow, referral, "withdraw", outcome.reason, now, actor)
        if outcome.notify:
            assert outcome.reason is not None
            owe_notice(uow, referral, outcome.reason, now)
        audit(uow, actor, action, "referral", referral.referral_id,
              "refused" if outcome.changes_anything else "allowed", outcome.reason)
        done.append((referral, outcome))
    return done


def stop(uow: Any, referral: Referral, how: str, reason: str, now: datetime, actor: Caller) -> None:
    """Revoke or withdraw an open referral and publish it; its lease (if any) is void from now."""
    if how == "revoke":
        referral.revoke(now, actor.user_id, reason)
    else:
        referral.withdraw(now, actor.user_id, reason)
    uow.referrals.save(referral)
    event = "referral_revoked" if how == "revoke" else "referral_withdrawn"
    uow.outbox.publish(event, referral.case_id, referral.event_data(now, reason=reason))


def owe_notice(uow: Any, referral: Referral, reason: str, now: datetime) -> StopNotice:
    """The partner may hold this referral's data: a signed stop-and-delete notice is queued in the
    same transaction (at most one per referral) and sent until the partner takes it."""
    existing: StopNotice | None = uow.notices.for_referral(referral.referral_id)
    if existing is not None:
        return existing
    notice = StopNotice(str(uuid.uuid4()), referral.referral_id, referral.case_id, referral.stream,
                        referral.partner, reason, now, next_attempt_at=now)
    uow.notices.add(notice)
    return notice
