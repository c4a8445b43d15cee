"""The pull API: a partner without an endpoint of its own asks for what is waiting for it.

Each referral handed over goes through the same gate, claim and disclosure row as a webhook
delivery, in one unit of work per referral; it is marked sent when first pulled. Until the partner
acknowledges it, the next pull hands it over again (gate and disclosure again), so a lost answer
loses nothing. Stop-and-delete notices come with every pull until the partner confirms deletion.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hcs.auth import Caller
from hcs.errors import Conflict
from referrals.domain.referral import Referral, Status
from referrals.domain.sharing import CaseData
from referrals.service_layer.access import audit
from referrals.service_layer.delivery import Candidate, DeliveryPolicy, candidate_for, fetch_shared
from referrals.service_layer.notices import handed_over
from referrals.service_layer.ports import CaseDataSource, DataSourceUnavailable
from referrals.service_layer.release import gate_and_disclose, referral_body


@dataclass(frozen=True)
class PullBatch:
    referrals: list[dict[str, Any]]
    notices: list[dict[str, str]]
    postponed: int = 0


def first_use(uow: Any, partner: str, webhook_id: str) -> None:
    """A pull request is made once: the same webhook-id again is a replay, refused."""
    with uow:
        if uow.callbacks.seen(partner, webhook_id):
            raise Conflict("this request was already made")
        uow.callbacks.add(partner, webhook_id, "-", "pull", uow.clock.now())
        uow.commit()


def pull(start_uow: Callable[[], Any], source: CaseDataSource, partner: str, limit: int, actor: Caller,
         policy: DeliveryPolicy) -> PullBatch:
    with start_uow() as uow:
        waiting: list[Referral] = uow.referrals.awaiting_pull(partner, limit)
        now = uow.clock.now()
        candidates = [candidate_for(uow, referral, now) for referral in waiting]
        audit(uow, actor, "pull", "partner", partner)
        uow.commit()
    bodies, postponed = [], 0
    for candidate in candidates:
        try:
            data = fetch_shared(source, candidate) if candidate.fields else CaseData()
        except DataSourceUnavailable:
            postponed += 1  # still waiting: the next pull offers it again
            continue
        body = hand_over(start_uow(), candidate, data, partner, actor, policy)
        if body is not None:
            bodies.append(body)
    return PullBatch(bodies, notices_for(start_uow(), partner, actor), postponed)


def hand_over(uow: Any, candidate: Candidate, data: CaseData, partner: str, actor: Caller,
              policy: DeliveryPolicy) -> dict[str, Any] | None:
    with uow:
        uow.cases.lock(candidate.case_id)
        referral: Referral | None = uow.referrals.get(candidate.referral_id, for_update=True)
        if referral is None or referral.partner != partner or referral.status not in (Status.REQUESTED, Status.SENT):
            return None
        now = uow.clock.now()
        release = gate_and_disclose(uow, referral, data, candidate.fields, actor, now, "pull", 0)
        if release is None:
            uow.commit()
            return None
        if referral.awaiting_delivery:
            referral.mark_sent(now, actor.user_id)
            uow.referrals.save(referral)
            uow.outbox.publish("referral_sent", referral.case_id, referral.event_data(now))
        body = referral_body(referral, release, now, policy.callback_base_url)
        uow.commit()
    return body


def notices_for(uow: Any, partner: str, actor: Caller) -> list[dict[str, str]]:
    with uow:
        now = uow.clock.now()
        bodies = []
        for notice in uow.notices.unconfirmed_for(partner):
            handed_over(uow, notice, now, actor)
            uow.notices.save(notice)
            bodies.append(notice.body())
        uow.commit()
    return bodies
