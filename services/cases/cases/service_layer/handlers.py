"""Cases' commands and queries."""

from __future__ import annotations

import uuid
from typing import Any

from cases.domain.model import Case, IncomingReport, case_to_join, should_open_case
from hcs.audit import AuditEntry
from hcs.auth import Caller
from hcs.errors import Forbidden, NotFound


def incoming_report(data: dict[str, Any]) -> IncomingReport:
    return IncomingReport(data["report_id"], data["received_at"], data["stream"], data["triage"],
                          tuple(data.get("strands") or ()), data.get("household_key"), data.get("address"),
                          data.get("damage"))


def take_report(uow: Any, data: dict[str, Any]) -> str:
    """Open a case for a report, link it to the open case about the same party, or only record it.
    Runs inside the inbox's unit of work (the caller commits)."""
    report = incoming_report(data)
    if uow.cases.case_for_report(report.report_id) is not None:
        return "already taken"
    if not should_open_case(report):
        uow.cases.record_report(report, None, "recorded")
        return "recorded"
    now = uow.clock.now()
    case = case_to_join(report, uow.cases.open_cases_for(report.household_key))
    if case is not None:
        case.link(report)
        uow.cases.save(case)
        uow.cases.record_report(report, case.case_id, "linked")
        uow.outbox.publish("report_linked", case.case_id, {
            "case_id": case.case_id, "report_id": report.report_id, "linked_at": now, "stream": case.stream})
    else:
        case = Case.open_from(str(uuid.uuid4()), report, now)
        uow.cases.add(case)
        uow.cases.record_report(report, case.case_id, "opened")
        uow.outbox.publish("case_opened", case.case_id, {
            "case_id": case.case_id, "report_id": report.report_id, "opened_at": now,
            "stream": case.stream, "hate_incident": case.hate_incident, "strands": list(case.strands)})
    if report.damage and report.address:
        _request_repair(uow, case, report)
    return "linked" if len(case.report_ids) > 1 else "opened"


def _request_repair(uow: Any, case: Case, report: IncomingReport) -> None:
    """POL-6: damage from harassment goes to repairs at once; its 24-hour clock runs from the report."""
    assert report.damage is not None and report.address is not None
    uow.outbox.publish("repair_requested", case.case_id, {
        "request_id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"repair:{report.report_id}")),
        "case_id": case.case_id, "stream": case.stream, "reported_at": report.received_at,
        "address": report.address, "description": report.damage["description"],
        "location": report.damage.get("location")})


def get_case(uow: Any, case_id: str, caller: Caller) -> Case:
    with uow:
        case = uow.cases.get(case_id)
        if case is None:
            raise NotFound(f"no case {case_id}")
        allowed = caller.may_see_stream(case.stream)
        uow.audit.record(AuditEntry(caller.user_id, caller.role, "cases.get_case",
                                    "allowed" if allowed else "refused", "case", case_id,
                                    None if allowed else "stream not allowed"))
        uow.commit()
    if not allowed:
        raise Forbidden("this case is in a stream you may not see")
    return case  # type: ignore[no-any-return]


def case_for_report(uow: Any, report_id: str, caller: Caller) -> dict[str, Any]:
    with uow:
        found = uow.cases.case_for_report(report_id)
    if found is None:
        raise NotFound(f"report {report_id} has not reached cases yet")
    outcome, case_id = found
    if case_id is not None:
        get_case(uow, case_id, caller)  # audited, stream-checked
    return {"report_id": report_id, "outcome": outcome, "case_id": case_id}
