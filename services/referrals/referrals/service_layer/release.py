"""One release of case data to a partner, under the gate, and the body that carries it.

Shared by both channels: a webhook delivery (``delivery``) and a partner's pull (``pull``). The
release runs inside the unit of work that claims the attempt, after the case row was locked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from hcs.auth import Caller
from referrals.domain.gate import Decision
from referrals.domain.model import Disclosure
from referrals.domain.propagation import stop_reason
from referrals.domain.referral import Referral
from referrals.domain.sharing import CaseData, SharedData, project
from referrals.service_layer.access import audit
from referrals.service_layer.gatekeeping import decide_for, owe_notice, request_of, stop
from referrals.service_layer.requests import refused


@dataclass(frozen=True)
class Release:
    """What one claim lets leave, and under what."""

    shared: SharedData
    decision: Decision
    attempt: int


def gate_and_disclose(uow: Any, referral: Referral, data: CaseData, fetched: frozenset[str], actor: Caller,
                      now: datetime, channel: str, lease_seconds: float) -> Release | None:
    """Inside a claim: the gate again. If it refuses, the referral is refused (and a notice owed if an
    earlier attempt may have reached the partner). If it allows, the projection of ``data`` through
    what it allows now, and the disclosure row. None when nothing is to be sent now (also when the
    gate allows what was not fetched: the next attempt fetches it)."""
    decision = decide_for(uow, request_of(referral), now)
    if not decision.allowed:
        if referral.awaiting_delivery:
            referral.refuse(now, actor.user_id, decision.reason)
            uow.referrals.save(referral)
            refused(uow, uow.cases.get(referral.case_id), request_of(referral), decision.reason, actor, now,
                    referral.request_id, referral.referral_id)
        else:  # sent already (a pull partner asking again): it is withdrawn
            stop(uow, referral, "withdraw", stop_reason(decision), now, actor)
        if referral.holds_data:
            owe_notice(uow, referral, stop_reason(decision), now)
        return None
    if not decision.fields & fetched:
        return None
    assert decision.consent is not None and decision.agreement is not None
    shared = project(data, decision.fields & fetched)
    attempt = referral.claim_delivery(now + timedelta(seconds=lease_seconds))
    referral.disclosed(shared.field_names, now)
    uow.referrals.save(referral)
    uow.disclosures.add(Disclosure(
        f"{referral.referral_id}:{channel}:{attempt}", referral.referral_id, referral.case_id, referral.stream,
        referral.partner, referral.purpose, shared.field_names, decision.consent.consent_id,
        decision.consent.version, decision.agreement.version, referral.requested_by, now, channel, attempt))
    audit(uow, actor, "disclose", "referral", referral.referral_id)
    return Release(shared, decision, attempt)



def referral_body(referral: Referral, release: Release, now: datetime, callback_base_url: str) -> dict[str, Any]:
    """What the partner receives: the referral, the terms it comes under, and the projection. The
    case data is only ever under ``data``, and only the projection's keys are there."""
    agreement, consent = release.decision.agreement, release.decision.consent
    assert agreement is not None and consent is not None
    sent = referral.sent_at or now
    return {
        "type": "referral.created",
        "referral_id": referral.referral_id,
        "partner": referral.partner,
        "purpose": referral.purpose,
        "sent_at": sent.isoformat(),
        "acknowledge_by": (sent + timedelta(hours=agreement.acknowledge_within_hours)).isoformat(),
        "decide_by": (sent + timedelta(hours=agreement.respond_within_hours)).isoformat(),
        "retain_for_days": agreement.retention_days,
        "agreement": {"version": agreement.version, "document_ref": agreement.document_ref},
        "consent_expires_at": consent.expires_at.isoformat() if consent.expires_at else None,
        "callback_url": f"{callback_base_url}/partners/{referral.partner}/callbacks" if callback_base_url else None,
        "data": {"case": release.shared.case, "reports": release.shared.reports},
    }
