"""A partner's word on a referral it was sent: acknowledged, accepted, rejected (reason), done
(outcome note), or deleted (it no longer holds the data).

The callback was verified (signature, partner) before it gets here. The same webhook-id again is a
duplicate and changes nothing; a step already taken, arriving again or late, changes nothing
either; a move the lifecycle does not allow is a Conflict. A partner may call back before our own
record of the delivery is written: a referral already on the wire to it counts as sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from hcs.auth import PARTNER, Caller
from hcs.errors import Conflict, NotFound
from referrals.domain.referral import IllegalTransition, Referral, Status
from referrals.service_layer.access import audit, refuse

DELETED = "deleted"
CLOCK_SKEW = timedelta(minutes=5)


@dataclass(frozen=True)
class Receipt:
    referral_id: str
    status: str
    duplicate: bool


def partner_caller(code: str) -> Caller:
    return Caller(f"partner:{code}", PARTNER)


def record_partner_report(uow: Any, partner: str, webhook_id: str, report: dict[str, Any]) -> Receipt:
    actor = partner_caller(partner)
    action = f"partner_{report['status']}"
    with uow:
        if uow.callbacks.seen(partner, webhook_id):
            return Receipt(report["referral_id"], report["status"], True)
        found: Referral | None = uow.referrals.get(report["referral_id"])
        if found is None or found.partner != partner:
            refuse(uow, actor, action, "referral", report["referral_id"], "not this partner's referral",
                   NotFound("no such referral for this partner"))
        assert found is not None
        uow.cases.lock(found.case_id)
        referral: Referral = uow.referrals.get(found.referral_id, for_update=True)
        now = uow.clock.now()
        at = _moment(report["at"], referral, now)
        try:
            changed = _apply(uow, referral, report, at, actor)
        except IllegalTransition as exc:
            refuse(uow, actor, action, "referral", referral.referral_id, "illegal transition", Conflict(str(exc)))
        uow.referrals.save(referral)
        uow.callbacks.add(partner, webhook_id, referral.referral_id, report["status"], now)
        audit(uow, actor, action, "referral", referral.referral_id)
        uow.commit()
    return Receipt(referral.referral_id, referral.status.value, not changed)


def _apply(uow: Any, referral: Referral, report: dict[str, Any], at: datetime, actor: Caller) -> bool:
    if report["status"] == DELETED:
        first = referral.partner_deleted_at is None
        referral.partner_deleted(at)
        notice = uow.notices.for_referral(referral.referral_id)
        if notice is not None:
            notice.confirm_deleted(at)
            uow.notices.save(notice)
        return first
    if referral.awaiting_delivery and referral.holds_data:
        referral.mark_sent(at, actor.user_id)  # it reached the partner before our record of it did
        uow.outbox.publish("referral_sent", referral.case_id, referral.event_data(at))
    changed = referral.record_partner_report(report["status"], at, actor.user_id, report.get("reason"),
                                             report.get("outcome") or report.get("note"))
    if report.get("partner_reference"):
        referral.partner_reference = report["partner_reference"]
    if changed:
        extra = {"reason": report.get("reason")} if referral.status is Status.REJECTED else {}
        uow.outbox.publish(f"referral_{referral.status.value}", referral.case_id, referral.event_data(at, **extra))
    return changed


def _moment(claimed: datetime, referral: Referral, now: datetime) -> datetime:
    """The partner's own time for the step, kept between the sending and now (clocks drift)."""
    earliest = referral.sent_at or referral.first_disclosed_at or referral.requested_at
    return min(max(claimed, earliest), now)
