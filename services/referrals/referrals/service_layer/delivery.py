"""Sending referrals to partners' systems, with the consent gate immediately before every attempt.

One attempt, with no transaction open while we wait on another system:

1. read the due referrals and what the gate would let through for each (no lock);
2. fetch exactly those fields from the data sources (cases, intake); if they cannot answer, the
   attempt is postponed with backoff, never made without them;
3. **claim** the attempt in one unit of work: lock the case, re-read the referral, run the gate
   again, take a lease, project the fetched data through what the gate allows *now*, and write the
   disclosure row. A consent withdrawn, narrowed or expired since step 1 stops the referral here;
4. POST the projection signed (Standard Webhooks; the webhook-id is the referral id on every
   attempt, so a partner can de-duplicate retries);
5. record the outcome: sent, or retried later with exponential backoff and jitter.

A consent change locks the same case row, so it is ordered either before a claim (which then
refuses) or after it (and then owes the partner a stop-and-delete notice).
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from hcs.auth import Caller
from hcs.outbox import backoff_seconds
from referrals.domain.fields import split_by_source
from referrals.domain.partners import WEBHOOK
from referrals.domain.referral import Referral
from referrals.domain.sharing import CaseData
from referrals.service_layer.gatekeeping import decide_for, request_of
from referrals.service_layer.ports import CaseDataSource, DataSourceUnavailable, Transport
from referrals.service_layer.release import gate_and_disclose, referral_body

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Candidate:
    referral_id: str
    case_id: str
    attempts_seen: int
    report_ids: tuple[str, ...]
    fields: frozenset[str]


@dataclass(frozen=True)
class Claim:
    referral_id: str
    attempt: int
    endpoint: str
    secret: str = field(repr=False)
    body: dict[str, Any] = field(repr=False)


@dataclass
class DeliveryTick:
    delivered: int = 0
    failed: int = 0
    postponed: int = 0
    stopped: int = 0


@dataclass(frozen=True)
class DeliveryPolicy:
    batch_size: int = 20
    lease_seconds: float = 11.0
    max_backoff_seconds: float = 30.0
    callback_base_url: str = ""


def fetch_shared(source: CaseDataSource, candidate: Candidate) -> CaseData:
    case_fields, report_fields = split_by_source(candidate.fields)
    if report_fields and not candidate.report_ids:
        # every case has the report that opened it; cases' events reach us on separate queues, so
        # case_allocated can come before case_opened: wait for the reports rather than send less
        raise DataSourceUnavailable("the case's reports are not known here yet")
    return source.fetch(candidate.case_id, candidate.report_ids, case_fields, report_fields)


def deliver_due(start_uow: Callable[[], Any], source: CaseDataSource, transport: Transport, actor: Caller,
                policy: DeliveryPolicy, rng: random.Random | None = None) -> DeliveryTick:
    tick = DeliveryTick()
    for candidate in due_candidates(start_uow(), policy.batch_size):
        try:
            data = fetch_shared(source, candidate) if candidate.fields else CaseData()
        except DataSourceUnavailable as exc:
            postpone(start_uow(), candidate, f"data source: {exc}", policy, rng)
            tick.postponed += 1
            continue
        claim = claim_delivery(start_uow(), candidate, data, actor, policy, rng)
        if claim is None:
            tick.stopped += 1
            continue
        status, error = post(transport, claim.endpoint, claim.secret, claim.referral_id, claim.body)
        if record_delivery(start_uow(), claim, status, error, actor, policy, rng):
            tick.delivered += 1
        else:
            tick.failed += 1
            log.warning("referral %s not delivered (attempt %d): %s", claim.referral_id, claim.attempt,
                        error or status)
    return tick


def post(transport: Transport, endpoint: str, secret: str, webhook_id: str,
         body: dict[str, Any]) -> tuple[int | None, str | None]:
    """(HTTP status, None), or (None, the class of the error) when there was no answer."""
    try:
        return transport.send(endpoint, secret, webhook_id, body), None
    except Exception as exc:  # refused, timed out, TLS: the class of the error is enough
        return None, type(exc).__name__


def due_candidates(uow: Any, batch_size: int) -> list[Candidate]:
    with uow:
        now = uow.clock.now()
        pushers = [p.code for p in uow.partners.all() if p.delivery == WEBHOOK]
        due: list[Referral] = uow.referrals.due_for_delivery(now, batch_size, pushers)
        return [candidate_for(uow, referral, now) for referral in due]


def candidate_for(uow: Any, referral: Referral, now: datetime) -> Candidate:
    """What the gate would let through now (empty if nothing: the claim will then refuse it)."""
    decision = decide_for(uow, request_of(referral), now)
    case = uow.cases.get(referral.case_id)
    return Candidate(referral.referral_id, referral.case_id, referral.delivery_attempts,
                     case.report_ids if case else (), decision.fields if decision.allowed else frozenset())


def claim_delivery(uow: Any, candidate: Candidate, data: CaseData, actor: Caller, policy: DeliveryPolicy,
                   rng: random.Random | None = None) -> Claim | None:
    """The gate and the claim in one transaction; None when nothing may be sent now."""
    with uow:
        uow.cases.lock(candidate.case_id)
        referral: Referral | None = uow.referrals.get(candidate.referral_id, for_update=True)
        now = uow.clock.now()
        if (referral is None or not referral.awaiting_delivery
                or referral.delivery_attempts != candidate.attempts_seen):
            return None  # stopped meanwhile, or another replica took this attempt
        line = uow.partners.line(referral.partner)
        if line is None or not line.endpoint or not line.secret:
            _postpone(uow, referral, "partner has no endpoint or credentials", policy, rng)
            uow.commit()
            return None
        release = gate_and_disclose(uow, referral, data, candidate.fields, actor, now, "webhook",
                                    policy.lease_seconds)
        if release is None:
            uow.commit()
            return None
        body = referral_body(referral, release, now, policy.callback_base_url)
        uow.commit()
    return Claim(referral.referral_id, release.attempt, line.endpoint, line.secret, body)


def record_delivery(uow: Any, claim: Claim, status_code: int | None, error: str | None, actor: Caller,
                    policy: DeliveryPolicy, rng: random.Random | None = None) -> bool:
    delivered = status_code is not None and 200 <= status_code < 300
    with uow:
        now = uow.clock.now()
        uow.attempts.add(claim.referral_id, claim.attempt, now, status_code, error)
        referral: Referral | None = uow.referrals.get(claim.referral_id, for_update=True)
        if (referral is not None and referral.awaiting_delivery
                and referral.delivery_attempts == claim.attempt):
            if delivered:
                referral.mark_sent(now, actor.user_id)
                uow.outbox.publish("referral_sent", referral.case_id, referral.event_data(now))
            else:
                delay = backoff_seconds(claim.attempt, policy.max_backoff_seconds, rng)
                referral.delivery_failed(now + timedelta(seconds=delay), error or f"HTTP {status_code}")
            uow.referrals.save(referral)
        uow.commit()
    return delivered


def postpone(uow: Any, candidate: Candidate, error: str, policy: DeliveryPolicy,
             rng: random.Random | None = None) -> None:
    with uow:
        referral: Referral | None = uow.referrals.get(candidate.referral_id, for_update=True)
        if referral is None or not referral.awaiting_delivery:
            return
        _postpone(uow, referral, error, policy, rng)
        uow.commit()


def _postpone(uow: Any, referral: Referral, error: str, policy: DeliveryPolicy,
              rng: random.Random | None) -> None:
    now = uow.clock.now()
    attempt = referral.delivery_attempts + 1
    referral.postpone(now + timedelta(seconds=backoff_seconds(attempt, policy.max_backoff_seconds, rng)), error)
    uow.referrals.save(referral)
    uow.attempts.add(referral.referral_id, attempt, now, None, error[:200])
