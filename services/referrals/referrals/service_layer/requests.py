"""Asking for a referral (from a portal, or from a case action), and revoking one.

A request passes the consent gate or is refused: a refusal commits its audit row and its
referral_refused event before the caller hears "no" (a typed ConsentRefused with the reason).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from hcs.auth import Caller
from hcs.errors import Conflict, ConsentRefused, NotFound
from referrals.domain.consent import in_force
from referrals.domain.gate import REASONS, Decision, ReferralRequest
from referrals.domain.model import CaseEntry
from referrals.domain.partners import agreement_in_force
from referrals.domain.referral import IllegalTransition, Referral, Status, Transition
from referrals.service_layer.access import audit, refuse, visible_case
from referrals.service_layer.gatekeeping import decide_for, owe_notice, stop


def request_referral(uow: Any, details: dict[str, Any], caller: Caller) -> Referral:
    with uow:
        existing: Referral | None = uow.referrals.by_idempotency_key(details["idempotency_key"])
        if existing is not None:
            if existing.requested_by != caller.user_id or (existing.case_id, existing.partner, existing.purpose) != (
                    details["case_id"], details["partner"], details["purpose"]):
                raise Conflict("that idempotency key was used for another referral")
            return existing
        case = visible_case(uow, details["case_id"], caller, "request_referral")
        if case.closed_at is not None:
            refuse(uow, caller, "request_referral", "case", case.case_id, "case closed",
                   Conflict("the case is closed: no new referral can be made"))
        uow.cases.lock(case.case_id)
        now = uow.clock.now()
        request = ReferralRequest(case.case_id, details["partner"], details["purpose"],
                                  frozenset(details["data_categories"]))
        decision = decide_for(uow, request, now)
        if not decision.allowed:
            refused(uow, case, request, decision.reason, caller, now)
            uow.commit()
            raise ConsentRefused("no valid consent covers this referral", decision.reason)
        referral = _create(uow, case, request, decision, caller, details["idempotency_key"], None, now)
        uow.commit()
    return referral


def refer_from_case(uow: Any, case: CaseEntry, data: dict[str, Any], actor: Caller) -> Referral | None:
    """A case action asked for a partner of a kind (partner_referral_requested). The partner is the
    registered one of that kind whose consent and agreement cover the purpose (the first by code if
    several do); the data categories are those both the consent and the agreement cover. Runs in the
    inbox's unit of work, which commits."""
    if uow.referrals.by_request_id(data["request_id"]) is not None:
        return None
    uow.cases.lock(case.case_id)
    now = uow.clock.now()
    best: tuple[int, ReferralRequest, Decision] | None = None
    for partner in sorted((p for p in uow.partners.all() if p.kind == data["partner_kind"]),
                          key=lambda p: p.code):
        request = ReferralRequest(case.case_id, partner.code, data["purpose"],
                                  _categories(uow, case, partner.code, data["purpose"], now))
        decision = decide_for(uow, request, now)
        rank = len(REASONS) if decision.allowed else REASONS.index(decision.reason)
        if best is None or rank > best[0]:
            best = (rank, request, decision)
        if decision.allowed:
            break
    if best is None or not best[2].allowed:
        request = best[1] if best else ReferralRequest(case.case_id, data["partner_kind"], data["purpose"],
                                                       frozenset())
        refused(uow, case, request, best[2].reason if best else "no_agreement", actor, now, data["request_id"])
        return None
    return _create(uow, case, best[1], best[2], actor, f"case-request:{data['request_id']}",
                   data["request_id"], now)


def revoke(uow: Any, details: dict[str, Any], caller: Caller) -> Referral:
    """The landlord stops a referral (reason given). A partner that may hold its data is sent a
    stop-and-delete notice: a revoke never leaves data behind unannounced."""
    with uow:
        referral = _visible_referral(uow, details["referral_id"], caller, "revoke_referral")
        uow.cases.lock(referral.case_id)
        referral = uow.referrals.get(referral.referral_id, for_update=True)
        if referral.status is Status.REVOKED:
            return referral  # asked twice: the same answer
        now = uow.clock.now()
        try:
            stop(uow, referral, "revoke", details["reason"], now, caller)
        except IllegalTransition as exc:
            refuse(uow, caller, "revoke_referral", "referral", referral.referral_id, "illegal transition",
                   Conflict(str(exc)))
        if referral.holds_data:
            owe_notice(uow, referral, "revoked", now)
        audit(uow, caller, "revoke_referral", "referral", referral.referral_id)
        uow.commit()
    return referral


def refused(uow: Any, case: CaseEntry, request: ReferralRequest, reason: str, actor: Caller, now: datetime,
            request_id: str | None = None, referral_id: str | None = None) -> None:
    """The gate said no: audited (against the case, or the referral stopped before sending) and
    published, never with what would have been shared."""
    if referral_id is None:
        audit(uow, actor, "request_referral", "case", case.case_id, "refused", reason)
    else:
        audit(uow, actor, "disclose", "referral", referral_id, "refused", reason)
    uow.outbox.publish("referral_refused", case.case_id, {
        "case_id": case.case_id, "stream": case.stream, "partner": request.partner, "purpose": request.purpose,
        "reason": reason, "refused_at": now, "referral_id": referral_id, "request_id": request_id})


def _create(uow: Any, case: CaseEntry, request: ReferralRequest, decision: Decision, actor: Caller, key: str,
            request_id: str | None, now: datetime) -> Referral:
    assert decision.consent is not None
    partner = uow.partners.get(request.partner)
    referral = Referral(str(uuid.uuid4()), key, case.case_id, case.stream, request.partner, partner.kind,
                        request.purpose, request.data_categories, now, actor.user_id,
                        decision.consent.consent_id, request_id, next_attempt_at=now)
    referral.history.append(Transition(Status.REQUESTED, now, actor.user_id))
    uow.referrals.add(referral)
    uow.outbox.publish("referral_requested", case.case_id, {
        "referral_id": referral.referral_id, "case_id": case.case_id, "stream": case.stream,
        "partner": referral.partner, "partner_kind": referral.partner_kind, "purpose": referral.purpose,
        "requested_at": now, "request_id": request_id})
    audit(uow, actor, "request_referral", "referral", referral.referral_id)
    return referral


def _categories(uow: Any, case: CaseEntry, partner: str, purpose: str, now: datetime) -> frozenset[str]:
    consent = in_force(uow.consents.for_case(case.case_id), partner, now)
    agreement = agreement_in_force(uow.agreements.for_partner(partner), now)
    if consent is None or agreement is None:
        return frozenset()
    return consent.data_categories & agreement.categories_for(purpose)


def _visible_referral(uow: Any, referral_id: str, caller: Caller, action: str) -> Referral:
    referral: Referral | None = uow.referrals.get(referral_id)
    if referral is None:
        refuse(uow, caller, action, "referral", referral_id, "unknown referral", NotFound(f"no referral {referral_id}"))
    assert referral is not None
    visible_case(uow, referral.case_id, caller, action)
    return referral
