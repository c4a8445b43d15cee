"""The data protection officer's subject access work in intake: the register of requests (each
change one unit of work, audited) and intake's part of the answer (UK GDPR art. 15).

Only the data protection officer calls these (``intake.service``); every read of a report for a
request is audited against the report, with the request's reference as the reason.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

from hcs.audit import AuditEntry
from hcs.auth import Caller
from hcs.errors import Conflict, NotFound
from intake.domain.disclosure import Match, disclose_report
from intake.domain.people import PERPETRATOR, VICTIM, people_of, subject_keys
from intake.domain.report import jsonable
from intake.domain.subject_access import OPEN, RegisterRuleBroken, SubjectAccessRequest

RECORD = "subject_access_request"


def audit(uow: Any, caller: Caller, action: str, request_id: str | None, outcome: str = "allowed",
          reason: str | None = None, record_type: str = RECORD) -> None:
    uow.audit.record(AuditEntry(caller.user_id, caller.role, f"intake.{action}", outcome, record_type,
                                request_id, reason))


def _load(uow: Any, caller: Caller, action: str, request_id: str) -> SubjectAccessRequest:
    request: SubjectAccessRequest | None = uow.register.get(request_id)
    if request is None:
        audit(uow, caller, action, request_id, "not_found")
        uow.commit()
        raise NotFound(f"no subject access request {request_id}")
    return request


def _change(uow: Any, caller: Caller, action: str, request_id: str, change: Callable[[SubjectAccessRequest], Any],
            reason: str | None = None) -> SubjectAccessRequest:
    with uow:
        request = _load(uow, caller, action, request_id)
        try:
            change(request)
        except RegisterRuleBroken as exc:
            uow.rollback()
            audit(uow, caller, action, request_id, "rejected", str(exc)[:300])
            uow.commit()
            raise Conflict(str(exc)) from None
        uow.register.save(request)
        audit(uow, caller, action, request_id, reason=reason)
        uow.commit()
    return request


def open_request(uow: Any, data: dict[str, Any], caller: Caller, is_working_day: Callable[[date], bool]
                 ) -> SubjectAccessRequest:
    """Enter a request in the register; the same idempotency key again returns the same request."""
    with uow:
        existing = uow.register.by_idempotency_key(caller.user_id, data["idempotency_key"])
        if existing is not None:
            audit(uow, caller, "open_subject_access_request", existing.request_id, reason="repeated")
            uow.commit()
            return existing  # type: ignore[no-any-return]
        try:
            request = SubjectAccessRequest.open(
                str(uuid.uuid4()), caller.user_id, data["idempotency_key"], uow.clock.now(), data["received_on"],
                data.get("clock_starts_on"), data["channel"], data["requester"], jsonable(data["subject"]),
                is_working_day)
        except RegisterRuleBroken as exc:
            raise Conflict(str(exc)) from None
        uow.register.add(request)
        audit(uow, caller, "open_subject_access_request", request.request_id, reason=f"due {request.due_on}")
        uow.commit()
    return request


def get_request(uow: Any, request_id: str, caller: Caller) -> SubjectAccessRequest:
    with uow:
        request = _load(uow, caller, "get_subject_access_request", request_id)
        audit(uow, caller, "get_subject_access_request", request_id)
        uow.commit()
    return request


def list_requests(uow: Any, status: str, limit: int, caller: Caller) -> list[SubjectAccessRequest]:
    """Open requests (soonest due first), overdue ones, closed ones, or all."""
    with uow:
        today = uow.clock.now().date()
        wanted = {"open": OPEN, "overdue": OPEN}.get(status)
        found = uow.register.listing(wanted, limit if status != "overdue" else 10_000)
        if status == "overdue":
            found = [r for r in found if r.overdue(today)][:limit]
        elif status == "closed":
            found = [r for r in uow.register.listing(None, 10_000) if r.status != OPEN][:limit]
        uow.audit.record_many([AuditEntry(caller.user_id, caller.role, "intake.list_subject_access_requests",
                                          "allowed", RECORD, r.request_id) for r in found])
        uow.commit()
    return list(found)


def extend_request(uow: Any, request_id: str, reason: str, caller: Caller,
                   is_working_day: Callable[[date], bool]) -> SubjectAccessRequest:
    now = uow.clock.now()
    return _change(uow, caller, "extend_subject_access_request", request_id,
                   lambda r: r.extend(reason, caller.user_id, now, is_working_day), reason="extended")


def close_request(uow: Any, request_id: str, data: dict[str, Any], caller: Caller) -> SubjectAccessRequest:
    now = uow.clock.now()
    return _change(uow, caller, "close_subject_access_request", request_id,
                   lambda r: r.close(data["outcome"], data.get("responded_on"), data.get("note"), caller.user_id,
                                     now), reason=data["outcome"])


def record_search(uow: Any, request_id: str, data: dict[str, Any], caller: Caller) -> SubjectAccessRequest:
    """What a search across the services found (counts only, and which services did not answer)."""
    now = uow.clock.now()

    def searched(request: SubjectAccessRequest) -> None:
        request.searched(now)
        uow.register.add_search(request_id, now, caller.user_id, data["complete"], data["summary"],
                                data.get("document_sha256"))

    return _change(uow, caller, "record_subject_access_search", request_id, searched,
                   reason="complete" if data["complete"] else "incomplete")


def subject_access_part(uow: Any, request_id: str, caller: Caller, secret: bytes) -> dict[str, Any]:
    """Every report that names the request's subject (by name and a corroborating detail), each as
    they may see it, and the keys the other services find the subject's records by."""
    with uow:
        request = _load(uow, caller, "subject_access_part", request_id)
        if request.status != OPEN:
            audit(uow, caller, "subject_access_part", request_id, "rejected", f"request {request.status}")
            uow.commit()
            raise Conflict(f"the request is {request.status}: reopen nothing, open a new request")
        keys = subject_keys(request.subject, secret)
        named = uow.people.named(keys.names)
        matched = sorted(rid for rid, people in named.items() if any(keys.matches(p) for p in people))
        records, withheld, review = [], [], []
        roles_by_report: dict[str, list[str]] = {}
        households: set[str] = set()
        perpetrator_keys: set[str] = set()
        for report_id in matched:
            report, versions = uow.reports.get(report_id), uow.reports.versions(report_id)
            if report is None:
                continue
            shown_versions = []
            for version in versions:
                matches: set[Match] = set()
                for person in people_of(version.details, secret):
                    if keys.matches(person):
                        matches.add(Match(person.role, person.position))
                        if person.role == PERPETRATOR:
                            perpetrator_keys.update(person.place_keys)
                shown_versions.append({**_version(version), "matches": sorted(matches, key=str)})
            shown = disclose_report(_report_facts(report), shown_versions, report.triage.to_dict())
            roles = shown.content["your_roles"]
            roles_by_report[report_id] = roles
            if VICTIM in roles and report.keys.household:
                households.add(report.keys.household)
            records.append(jsonable(shown.content))
            withheld.extend(shown.withheld)
            review.extend(shown.review)
            audit(uow, caller, "subject_access_part", report_id, reason=f"subject access {request.reference}",
                  record_type="report")
        audit(uow, caller, "subject_access_part", request_id, reason=f"{len(matched)} reports")
        uow.commit()
    notes = []
    if len(named) > len(matched):
        notes.append(f"{len(named) - len(matched)} other report(s) name someone of the same name, with no address "
                     "or contact detail matching: not included. Add a detail the requester gives to look again.")
    return {"service": "intake", "request": request.reference, "records": {"reports": records},
            "withheld": withheld, "review": review, "notes": notes,
            "links": {"reports": roles_by_report, "household_keys": sorted(households),
                      "perpetrator_keys": sorted(perpetrator_keys)}}


def _report_facts(report: Any) -> dict[str, Any]:
    withdrawal = report.withdrawal
    return {"report_id": report.report_id, "received_at": report.received_at.isoformat(), "status": report.status,
            "centre": report.centre,
            "withdrawal": {"at": withdrawal.at.isoformat(), "reason": withdrawal.reason} if withdrawal else None}


def _version(version: Any) -> dict[str, Any]:
    return {"version": version.version, "recorded_at": version.recorded_at.isoformat(), "details": version.details}
