"""Intake's expiry run and what it takes from cases' events (``intake.domain.retention``).

- ``case_opened`` / ``report_linked`` say which case a report belongs to: such a report lives as long
  as its case.
- ``case_erased``: the case's reports are deleted, with every version, flag and person key, and their
  ids remembered (a tombstone), so a replay of their old events is refused everywhere.
- The expiry run deletes each report that opened no case two years after it was received (one unit of
  work each: rows, tombstone, audit row and ``report_erased`` together), closed subject access requests
  two years after closure, and outbox rows long since published.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from hcs.audit import AuditEntry
from hcs.auth import Caller
from hcs.events import Event
from hcs.retention import RetentionSettings, RuleRun, expired, prune_published
from intake.domain.retention import REPORT_IN_CASE, REPORT_WITHOUT_CASE, SUBJECT_ACCESS_REQUEST

UowFactory = Callable[[], Any]


def _audit(uow: Any, caller: Caller, action: str, record_type: str, record_id: str, reason: str) -> None:
    uow.audit.record(AuditEntry(caller.user_id, caller.role, f"intake.{action}", "allowed", record_type,
                                record_id, reason))


def report_in_case(uow: Any, data: dict[str, Any]) -> None:
    """``case_opened`` or ``report_linked``: the report is kept with its case from now on."""
    uow.retention.belong_to_case([data["report_id"]], data["case_id"])


def erase_reports(uow: Any, report_ids: Iterable[str], rule: str, caller: Caller, event_id: str | None = None
                  ) -> int:
    """Delete reports with everything they hold, in the caller's unit of work, and remember them."""
    ids = sorted(set(report_ids))
    uow.erased.purge(ids)
    erased = uow.retention.erase(ids)
    uow.erased.remember("report", ids, rule, event_id)
    for report_id in ids:
        _audit(uow, caller, "erase_report", "report", report_id, rule)
    return int(erased)


def case_erased(uow: Any, event: Event, caller: Caller) -> int:
    """Cases erased a case: its reports go too (those the event names, and any intake knows of)."""
    data = event.data
    ids = set(data.get("report_ids") or []) | set(uow.retention.of_case(data["case_id"]))
    uow.erased.remember("case", [data["case_id"]], data["rule"], event.event_id)
    uow.teams.forget(data["case_id"])
    return erase_reports(uow, ids, REPORT_IN_CASE.name, caller, event.event_id)


def run(db: UowFactory, settings: RetentionSettings, caller: Caller, dry_run: bool = False) -> list[RuleRun]:
    return [_reports_without_case(db, settings, caller, dry_run), _closed_requests(db, settings, caller, dry_run),
            prune_published(db, settings, dry_run)]


def _reports_without_case(db: UowFactory, settings: RetentionSettings, caller: Caller, dry_run: bool) -> RuleRun:
    rule, period = REPORT_WITHOUT_CASE.name, settings.period(REPORT_WITHOUT_CASE.name)
    done = RuleRun(rule)
    with db() as uow:
        now = uow.clock.now()
        candidates = uow.retention.without_case_received_before(period.cutoff(now), settings.batch_size)
    done.due = len(candidates)
    if dry_run:
        done.ids = [c[0] for c in candidates]
        return done
    for report_id, _stream, _received in candidates:
        with db() as uow:
            locked = uow.retention.lock(report_id)
            if locked is None or locked[1] is not None or not expired(locked[2], period, uow.clock.now()):
                done.skipped += 1  # erased by a replica meanwhile, or it joined a case
                continue
            erase_reports(uow, [report_id], rule, caller)
            uow.outbox.publish("report_erased", report_id, {"report_id": report_id, "stream": locked[0],
                                                            "erased_at": uow.clock.now(), "rule": rule})
            uow.commit()
        done.erased += 1
        done.ids.append(report_id)
    return done


def _closed_requests(db: UowFactory, settings: RetentionSettings, caller: Caller, dry_run: bool) -> RuleRun:
    rule, period = SUBJECT_ACCESS_REQUEST.name, settings.period(SUBJECT_ACCESS_REQUEST.name)
    done = RuleRun(rule)
    with db() as uow:
        found = uow.register.closed_before(period.cutoff(uow.clock.now()), settings.batch_size)
        done.due = len(found)
        if not dry_run:
            for request in found:
                uow.register.erase(request.request_id)
                _audit(uow, caller, "erase_subject_access_request", "subject_access_request", request.request_id,
                       rule)
            uow.commit()
            done.erased = len(found)
    done.ids = [r.request_id for r in found]
    return done
