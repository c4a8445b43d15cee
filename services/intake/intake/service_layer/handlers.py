"""Intake's commands and queries. Each write is one unit of work with its outbox row."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from hcs.audit import AuditEntry
from hcs.auth import Caller
from hcs.errors import Conflict, Forbidden, NotFound
from intake.domain.model import Report
from intake.domain.triage import triage


@dataclass(frozen=True)
class Receipt:
    report_id: str
    received_at: Any
    triage: dict[str, Any]
    duplicate_submission: bool


def submit_report(uow: Any, details: dict[str, Any], caller: Caller) -> Receipt:
    key = details.pop("idempotency_key")
    with uow:
        existing = uow.reports.by_idempotency_key(key)
        if existing is not None:
            if existing.submitted_by != caller.user_id:
                raise Conflict("that idempotency key was used for another submission")
            return Receipt(existing.report_id, existing.received_at, existing.triage.to_dict(), True)
        report = Report(str(uuid.uuid4()), key, uow.clock.now(), details["channel"], details["stream"],
                        caller.user_id, details, triage(details))
        uow.reports.add(report)
        uow.outbox.publish("report_received", report.report_id, report.downstream_summary())
        uow.audit.record(AuditEntry(caller.user_id, caller.role, "intake.submit_report",
                                    record_type="report", record_id=report.report_id))
        uow.commit()
    return Receipt(report.report_id, report.received_at, report.triage.to_dict(), False)


def get_report(uow: Any, report_id: str, caller: Caller) -> Report:
    with uow:
        report = uow.reports.get(report_id)
        if report is None:
            raise NotFound(f"no report {report_id}")
        allowed = caller.may_see_stream(report.stream)
        uow.audit.record(AuditEntry(caller.user_id, caller.role, "intake.get_report",
                                    "allowed" if allowed else "refused", "report", report_id,
                                    None if allowed else "stream not allowed"))
        uow.commit()
    if not allowed:
        raise Forbidden("this report is in a stream you may not see")
    return report  # type: ignore[no-any-return]
