"""Sending stop-and-delete notices to partners that may hold a stopped referral's data.

Notices are written in the transaction that stopped the referral (an outbox for partners) and sent
until the partner's system takes one (any 2xx), with backoff and jitter; the webhook-id is the
notice id on every attempt. A deactivated partner still gets its notices: it still holds the data.
A partner that pulls gets them in every pull until it confirms the deletion.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from hcs.auth import Caller
from hcs.outbox import backoff_seconds
from referrals.domain.model import StopNotice
from referrals.domain.partners import WEBHOOK
from referrals.service_layer.access import audit
from referrals.service_layer.delivery import DeliveryPolicy, post
from referrals.service_layer.ports import Transport


@dataclass(frozen=True)
class NoticeClaim:
    notice_id: str
    attempt: int
    endpoint: str
    secret: str = field(repr=False)
    body: dict[str, Any] = field(repr=False)


def deliver_due_notices(start_uow: Callable[[], Any], transport: Transport, actor: Caller,
                        policy: DeliveryPolicy, rng: random.Random | None = None) -> tuple[int, int]:
    """(sent, failed) this tick."""
    sent = failed = 0
    for claim in claim_due_notices(start_uow(), policy, rng):
        status, error = post(transport, claim.endpoint, claim.secret, claim.notice_id, claim.body)
        if record_notice(start_uow(), claim, status, error, actor, policy, rng):
            sent += 1
        else:
            failed += 1
    return sent, failed


def claim_due_notices(uow: Any, policy: DeliveryPolicy, rng: random.Random | None = None) -> list[NoticeClaim]:
    with uow:
        now = uow.clock.now()
        pushers = [p.code for p in uow.partners.all() if p.delivery == WEBHOOK]
        claims = []
        for notice in uow.notices.due(now, policy.batch_size, pushers):
            line = uow.partners.line(notice.partner)
            if line is None or not line.endpoint or not line.secret:
                notice.failed(_retry_at(notice.attempts + 1, now, policy, rng),
                              "partner has no endpoint or credentials")
            else:
                attempt = notice.claim(now + timedelta(seconds=policy.lease_seconds))
                claims.append(NoticeClaim(notice.notice_id, attempt, line.endpoint, line.secret, notice.body()))
            uow.notices.save(notice)
        uow.commit()
    return claims


def record_notice(uow: Any, claim: NoticeClaim, status_code: int | None, error: str | None, actor: Caller,
                  policy: DeliveryPolicy, rng: random.Random | None = None) -> bool:
    delivered = status_code is not None and 200 <= status_code < 300
    with uow:
        now = uow.clock.now()
        notice: StopNotice | None = uow.notices.get(claim.notice_id, for_update=True)
        if notice is not None and notice.awaiting_delivery and notice.attempts == claim.attempt:
            if delivered:
                handed_over(uow, notice, now, actor)
            else:
                notice.failed(_retry_at(claim.attempt, now, policy, rng), error or f"HTTP {status_code}")
            uow.notices.save(notice)
        uow.commit()
    return delivered


def handed_over(uow: Any, notice: StopNotice, now: datetime, actor: Caller) -> None:
    """The partner has the notice (a 2xx, or a pull that carried it): said once, as an event."""
    if notice.mark_sent(now):
        uow.outbox.publish("stop_notice_sent", notice.case_id, {
            "referral_id": notice.referral_id, "case_id": notice.case_id, "stream": notice.stream,
            "partner": notice.partner, "sent_at": now})
        audit(uow, actor, "send_stop_notice", "referral", notice.referral_id)


def _retry_at(attempt: int, now: datetime, policy: DeliveryPolicy, rng: random.Random | None) -> datetime:
    return now + timedelta(seconds=backoff_seconds(attempt, policy.max_backoff_seconds, rng))
