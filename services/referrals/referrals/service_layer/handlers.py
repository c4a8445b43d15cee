"""Referrals' commands and queries. Each write is one unit of work with its outbox row; a refused
referral commits its audit row and its referral_refused event before the caller hears "no"."""

from __future__ import annotations

import uuid
from typing import Any

from hcs.audit import AuditEntry
from hcs.auth import Caller
from hcs.errors import Conflict, Forbidden, NotFound, ValidationFailed
from hcs.events import Event
from referrals.domain.consent import ConsentRecord, ConsentRuleBroken, give_consent, withdraw_consent
from referrals.domain.gate import ReferralRequest, decide
from referrals.domain.model import REQUESTED, CaseEntry, Referral


def index_case(uow: Any, event: Event) -> None:
    """Remember an opened case and its stream. Runs in the inbox's unit of work, which commits."""
    if uow.cases.get(event.data["case_id"]) is None:
        uow.cases.add(CaseEntry(event.data["case_id"], event.data["stream"]), event.data["opened_at"])


def record_consent(uow: Any, details: dict[str, Any], caller: Caller) -> ConsentRecord:
    with uow:
        case = _visible_case(uow, details["case_id"], caller, "referrals.record_consent")
        try:
            record = give_consent(
                uow.consents.for_case(case.case_id), consent_id=str(uuid.uuid4()), case_id=case.case_id,
                partner=details["partner"], purposes=details["purposes"],
                data_categories=details["data_categories"], given_by=details["given_by"],
                expires_at=details.get("expires_at"), now=uow.clock.now(), recorded_by=caller.user_id)
        except ConsentRuleBroken as exc:
            raise ValidationFailed("consent is invalid", {exc.field: [str(exc)]}) from None
        _write_consent(uow, record, caller, "referrals.record_consent")
    return record


def withdraw(uow: Any, details: dict[str, Any], caller: Caller) -> ConsentRecord:
    with uow:
        case = _visible_case(uow, details["case_id"], caller, "referrals.withdraw_consent")
        try:
            record = withdraw_consent(uow.consents.for_case(case.case_id), consent_id=str(uuid.uuid4()),
                                      partner=details["partner"], now=uow.clock.now(),
                                      recorded_by=caller.user_id)
        except ConsentRuleBroken as exc:
            raise Conflict(str(exc)) from None
        _write_consent(uow, record, caller, "referrals.withdraw_consent")
    return record


def request_referral(uow: Any, details: dict[str, Any], caller: Caller) -> Referral:
    with uow:
        existing = uow.referrals.by_idempotency_key(details["idempotency_key"])
        if existing is not None:
            if existing.requested_by != caller.user_id or not existing.same_request(
                    details["case_id"], details["partner"], details["purpose"]):
                raise Conflict("that idempotency key was used for another referral")
            return existing  # type: ignore[no-any-return]
        case = _visible_case(uow, details["case_id"], caller, "referrals.request_referral")
        request = ReferralRequest(case.case_id, details["partner"], details["purpose"],
                                  frozenset(details["data_categories"]))
        now = uow.clock.now()
        decision = decide(uow.consents.for_case(case.case_id), request, now)
        if not decision.allowed:
            uow.audit.record(AuditEntry(caller.user_id, caller.role, "referrals.request_referral", "refused",
                                        "case", case.case_id, decision.reason))
            uow.outbox.publish("referral_refused", case.case_id, {
                "case_id": case.case_id, "stream": case.stream, "partner": request.partner,
                "purpose": request.purpose, "reason": "no_consent", "refused_at": now})
            uow.commit()
            raise Forbidden("no valid consent covers this referral")
        assert decision.consent is not None
        referral = Referral(str(uuid.uuid4()), details["idempotency_key"], case.case_id, case.stream,
                            request.partner, request.purpose, request.data_categories, REQUESTED, now,
                            caller.user_id, decision.consent.consent_id)
        uow.referrals.add(referral)
        uow.outbox.publish("referral_requested", case.case_id, referral.requested_event())
        uow.audit.record(AuditEntry(caller.user_id, caller.role, "referrals.request_referral",
                                    record_type="referral", record_id=referral.referral_id))
        uow.commit()
    return referral


def list_consents(uow: Any, case_id: str, caller: Caller) -> list[ConsentRecord]:
    with uow:
        case = _visible_case(uow, case_id, caller, "referrals.list_consents")
        found = uow.consents.for_case(case.case_id)
        uow.audit.record(AuditEntry(caller.user_id, caller.role, "referrals.list_consents",
                                    record_type="case", record_id=case.case_id))
        uow.commit()
    return found  # type: ignore[no-any-return]


def list_referrals(uow: Any, case_id: str, caller: Caller) -> list[Referral]:
    with uow:
        case = _visible_case(uow, case_id, caller, "referrals.list_referrals")
        found = uow.referrals.for_case(case.case_id)
        uow.audit.record(AuditEntry(caller.user_id, caller.role, "referrals.list_referrals",
                                    record_type="case", record_id=case.case_id))
        uow.commit()
    return found  # type: ignore[no-any-return]


def _visible_case(uow: Any, case_id: str, caller: Caller, action: str) -> CaseEntry:
    """The case, if referrals knows it and the caller may see its stream; a refusal is audited."""
    case = uow.cases.get(case_id)
    if case is None:
        raise NotFound(f"no case {case_id}")
    if not caller.may_see_stream(case.stream):
        uow.audit.record(AuditEntry(caller.user_id, caller.role, action, "refused", "case", case_id,
                                    "stream not allowed"))
        uow.commit()
        raise Forbidden("this case is in a stream you may not see")
    return case  # type: ignore[no-any-return]


def _write_consent(uow: Any, record: ConsentRecord, caller: Caller, action: str) -> None:
    uow.consents.add(record)
    uow.audit.record(AuditEntry(caller.user_id, caller.role, action, record_type="consent",
                                record_id=record.consent_id))
    uow.commit()
