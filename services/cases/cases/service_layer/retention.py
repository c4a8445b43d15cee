"""Cases' expiry run and intake's ``report_erased`` (``cases.domain.retention``).

Each closed case whose period has run is erased in a unit of work of its own: the case row is locked,
checked again (a replica may have erased it meanwhile), its ids are remembered (the tombstone the
contact log's trigger asks for, and which every consumer checks so a replay of old events brings
nothing back), every row that hangs from it is deleted with its outbox copies, and ``case_erased``
goes out with the audit row, all together or not at all.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cases.domain.retention import CLOSED_CASE, RECORDED_REPORT
from hcs.audit import AuditEntry
from hcs.auth import Caller
from hcs.events import Event
from hcs.retention import Period, RetentionSettings, RuleRun, expired, prune_published

UowFactory = Callable[[], Any]


def _audit(uow: Any, caller: Caller, action: str, record_type: str, record_id: str, reason: str) -> None:
    uow.audit.record(AuditEntry(caller.user_id, caller.role, f"cases.{action}", "allowed", record_type, record_id,
                                reason))


def erase_case(uow: Any, case_id: str, period: Period, caller: Caller) -> bool:
    """Inside an open unit of work: erase one closed case whose period has run; False if it is not due
    (reopened, not closed long enough, or already erased)."""
    case = uow.cases.get(case_id, for_update=True)
    closed_at = uow.erasure.closed_at(case_id) if case is not None else None
    if case is None or case.is_open or not expired(closed_at, period, uow.clock.now()):
        return False
    report_ids = sorted({r.report_id for r in uow.cases.reports_for(case_id)} | set(case.report_ids))
    uow.erased.remember("case", [case_id], CLOSED_CASE.name)
    uow.erased.remember("report", report_ids, CLOSED_CASE.name)
    uow.erased.purge([case_id, *report_ids])
    uow.erasure.erase_case(case_id)
    uow.outbox.publish("case_erased", case_id, {
        "case_id": case_id, "stream": case.stream, "erased_at": uow.clock.now(), "closed_at": closed_at,
        "rule": CLOSED_CASE.name, "report_ids": report_ids})
    _audit(uow, caller, "erase_case", "case", case_id, CLOSED_CASE.name)
    return True


def run(db: UowFactory, settings: RetentionSettings, caller: Caller, dry_run: bool = False) -> list[RuleRun]:
    done = RuleRun(CLOSED_CASE.name)
    with db() as uow:
        due = uow.erasure.closed_before(settings.period(CLOSED_CASE.name).cutoff(uow.clock.now()),
                                        settings.batch_size)
    done.due = len(due)
    if dry_run:
        done.ids = list(due)
        return [done, prune_published(db, settings, dry_run)]
    for case_id in due:
        with db() as uow:
            if erase_case(uow, case_id, settings.period(CLOSED_CASE.name), caller):
                uow.commit()
                done.erased += 1
                done.ids.append(case_id)
            else:
                done.skipped += 1
    return [done, prune_published(db, settings, dry_run)]


def report_erased(uow: Any, event: Event, caller: Caller) -> str:
    """Intake erased a report that opened no case: its summary here goes too."""
    report_id, rule = event.data["report_id"], event.data["rule"]
    removed = uow.erasure.erase_recorded_report(report_id)
    uow.erased.remember("report", [report_id], rule, event.event_id)
    _audit(uow, caller, "erase_report", "report", report_id, RECORDED_REPORT.name if removed else "in a case: kept")
    return "erased" if removed else "kept with its case"
