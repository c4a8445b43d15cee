"""Recording, narrowing, withdrawing and expiring the victim's consent (POL-5).

Each change is one unit of work: the new immutable record(s), their events, the audit rows, and what
the change does to the case's referrals for that partner (stopped, and a stop-and-delete notice owed
where the partner may hold data). The case row is locked first, so no delivery of the same case can
be claimed half-way through.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from hcs.auth import Caller
from hcs.errors import Conflict, ValidationFailed
from referrals.domain.consent import (
    GIVEN,
    WITHDRAWN,
    ConsentRecord,
    ConsentRuleBroken,
    Scope,
    give_consent,
    latest_for,
    notice_expiry,
    withdraw_consent,
)
from referrals.domain.model import CaseEntry
from referrals.domain.partners import agreement_in_force
from referrals.service_layer.access import audit, refuse, visible_case
from referrals.service_layer.gatekeeping import recheck


def record_consent(uow: Any, details: dict[str, Any], caller: Caller) -> list[ConsentRecord]:
    with uow:
        replayed = _replay(uow, details, caller, GIVEN)
        if replayed is not None:
            return replayed
        case = visible_case(uow, details["case_id"], caller, "record_consent")
        if case.closed_at is not None:
            refuse(uow, caller, "record_consent", "case", case.case_id, "case closed",
                   Conflict("the case is closed: no new consent can be recorded"))
        uow.cases.lock(case.case_id)
        now = uow.clock.now()
        _check_partners(uow, details, now)
        records = []
        for partner in details["partners"]:
            scope = Scope(frozenset(details["purposes"]), frozenset(details["data_categories"]),
                          frozenset(details.get("withhold", {}).get(partner, ())))
            try:
                record = give_consent(
                    uow.consents.for_case(case.case_id), consent_id=str(uuid.uuid4()), case_id=case.case_id,
                    partner=partner, scope=scope, how=details["how"],
                    wording_version=details["wording_version"], given_at=details.get("given_at") or now,
                    expires_at=details.get("expires_at"), now=now, recorded_by=caller.user_id)
            except ConsentRuleBroken as exc:
                raise ValidationFailed("consent is invalid", {exc.field: [str(exc)]}) from None
            _write(uow, case, record, details["idempotency_key"], caller, "record_consent")
            uow.outbox.publish("consent_recorded", case.case_id, {
                "consent_id": record.consent_id, "case_id": case.case_id, "stream": case.stream,
                "partner": partner, "version": record.version, "purposes": sorted(record.purposes),
                "recorded_at": now, "expires_at": record.expires_at})
            records.append(record)
        _recheck_partners(uow, case, details["partners"], caller, now)
        uow.commit()
    return records


def withdraw(uow: Any, details: dict[str, Any], caller: Caller) -> list[ConsentRecord]:
    """Withdraw consent from the named partners, or from every partner when none is named. Always
    possible, on a closed case too."""
    with uow:
        replayed = _replay(uow, details, caller, WITHDRAWN)
        if replayed is not None:
            return replayed
        case = visible_case(uow, details["case_id"], caller, "withdraw_consent")
        uow.cases.lock(case.case_id)
        now = uow.clock.now()
        history = uow.consents.for_case(case.case_id)
        partners = details.get("partners") or sorted({r.partner for r in history})
        records = []
        for partner in partners:
            latest = latest_for(history, partner)
            if latest is None or not latest.is_given:
                continue
            try:
                record = withdraw_consent(history, consent_id=str(uuid.uuid4()), partner=partner,
                                          how=details["how"], withdrawn_at=details.get("withdrawn_at") or now,
                                          now=now, recorded_by=caller.user_id)
            except ConsentRuleBroken as exc:
                raise ValidationFailed("withdrawal is invalid", {exc.field: [str(exc)]}) from None
            _write(uow, case, record, details["idempotency_key"], caller, "withdraw_consent")
            _publish_withdrawn(uow, case, record, "withdrawn")
            records.append(record)
        if not records:
            refuse(uow, caller, "withdraw_consent", "case", case.case_id, "nothing in force",
                   Conflict("there is no consent in force to withdraw"))
        _recheck_partners(uow, case, [r.partner for r in records], caller, now)
        uow.commit()
    return records


def expire_due(start_uow: Callable[[], Any], actor: Caller, batch_size: int = 100) -> int:
    """Record every consent that has run out, and stop what it stood behind (one unit of work each)."""
    with start_uow() as uow:
        due = uow.consents.expired_heads(uow.clock.now(), batch_size)
    expired = 0
    for case_id, partner in due:
        with start_uow() as uow:
            case = uow.cases.get(case_id)
            uow.cases.lock(case_id)
            now = uow.clock.now()
            record = notice_expiry(uow.consents.for_case(case_id), consent_id=str(uuid.uuid4()),
                                   partner=partner, now=now, recorded_by=actor.user_id)
            if case is None or record is None:  # withdrawn or renewed meanwhile
                continue
            _write(uow, case, record, None, actor, "expire_consent")
            _publish_withdrawn(uow, case, record, "expired")
            _recheck_partners(uow, case, [partner], actor, now)
            uow.commit()
            expired += 1
    return expired


def recheck_case(uow: Any, case: CaseEntry, actor: Caller, action: str) -> None:
    """Re-check every referral of a case (a handover: consent must not be lost with the owner)."""
    uow.cases.lock(case.case_id)
    recheck(uow, case, uow.referrals.for_case(case.case_id), uow.clock.now(), actor, action)


def _recheck_partners(uow: Any, case: CaseEntry, partners: list[str], actor: Caller, now: Any) -> None:
    for partner in sorted(set(partners)):
        recheck(uow, case, uow.referrals.for_case_partner(case.case_id, partner), now, actor, "recheck_consent")


def _write(uow: Any, case: CaseEntry, record: ConsentRecord, key: str | None, actor: Caller,
           action: str) -> None:
    uow.consents.add(record, key)
    audit(uow, actor, action, "consent", record.consent_id)


def _publish_withdrawn(uow: Any, case: CaseEntry, record: ConsentRecord, cause: str) -> None:
    uow.outbox.publish("consent_withdrawn", case.case_id, {
        "consent_id": record.consent_id, "case_id": case.case_id, "stream": case.stream,
        "partner": record.partner, "withdrawn_at": record.withdrawn_at, "cause": cause})


def _replay(uow: Any, details: dict[str, Any], caller: Caller, status: str) -> list[ConsentRecord] | None:
    """The records an earlier call with the same idempotency key made, if any."""
    earlier: list[ConsentRecord] = uow.consents.by_idempotency_key(details["idempotency_key"])
    if not earlier:
        return None
    if any(r.case_id != details["case_id"] or r.recorded_by != caller.user_id or r.status != status
           for r in earlier):
        raise Conflict("that idempotency key was used for another consent record")
    return earlier


def _check_partners(uow: Any, details: dict[str, Any], now: Any) -> None:
    """Consent names registered partners; each purpose is one a named partner's agreement knows, and
    each partner's agreement knows one of the purposes; withholdings are for named partners."""
    problems: dict[str, list[str]] = {}
    known: set[str] = set()
    for i, code in enumerate(details["partners"]):
        if uow.partners.get(code) is None:
            problems[f"partners.{i}"] = ["Not a registered partner."]
            continue
        agreement = agreement_in_force(uow.agreements.for_partner(code), now)
        purposes = set(agreement.purposes) if agreement else set()
        known |= purposes
        if not purposes & set(details["purposes"]):
            problems[f"partners.{i}"] = ["Its agreement covers none of these purposes."]
    unknown = sorted(set(details["purposes"]) - known)
    if unknown:
        problems["purposes"] = [f"No named partner's agreement covers {', '.join(unknown)}."]
    for code in details.get("withhold", {}):
        if code not in details["partners"]:
            problems[f"withhold.{code}"] = ["Withhold only from partners this consent names."]
    if problems:
        raise ValidationFailed("consent is invalid", problems)
