"""Repairs' expiry run and cases' ``case_erased`` (``repairs.domain.retention``).

Each closed job whose period has run is erased in a unit of work of its own: the row is locked and
checked again (a replica may have erased it meanwhile), its ids remembered (every consumer checks the
tombstones, so a replay of ``repair_requested`` makes no job again), its rows and outbox copies
deleted, and ``job_erased`` written with the audit row, all together or not at all.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hcs.audit import AuditEntry
from hcs.auth import Caller
from hcs.events import Event
from hcs.retention import RetentionSettings, RuleRun, expired, prune_published
from repairs.domain.retention import JOB_OF_ERASED_CASE, REPAIR_JOB

UowFactory = Callable[[], Any]


def _audit(uow: Any, caller: Caller, record_id: str, rule: str, record_type: str = "job") -> None:
    uow.audit.record(AuditEntry(caller.user_id, caller.role, f"repairs.erase_{record_type}", "allowed", record_type,
                                record_id, rule))


def _forget(uow: Any, job_ids: list[str], request_ids: list[str], rule: str, event_id: str | None = None) -> None:
    uow.erased.remember("job", job_ids, rule, event_id)
    uow.erased.remember("repair_request", request_ids, rule, event_id)
    uow.erased.purge([*job_ids, *request_ids])
    uow.erasure.erase(job_ids)


def run(db: UowFactory, settings: RetentionSettings, caller: Caller, dry_run: bool = False) -> list[RuleRun]:
    period = settings.period(REPAIR_JOB.name)
    done = RuleRun(REPAIR_JOB.name)
    with db() as uow:
        due = uow.erasure.closed_before(period.cutoff(uow.clock.now()), settings.batch_size)
    done.due = len(due)
    if dry_run:
        done.ids = list(due)
        return [done, prune_published(db, settings, dry_run)]
    for job_id in due:
        with db() as uow:
            job = uow.erasure.lock(job_id)
            if job is None or not expired(job["closed_at"], period, uow.clock.now()):
                done.skipped += 1
                continue
            _forget(uow, [job_id], [job["request_id"]], REPAIR_JOB.name)
            uow.outbox.publish("job_erased", job_id, {
                "job_id": job_id, "case_id": job["case_id"], "stream": job["stream"], "request_id": job["request_id"],
                "erased_at": uow.clock.now(), "rule": REPAIR_JOB.name})
            _audit(uow, caller, job_id, REPAIR_JOB.name)
            uow.commit()
        done.erased += 1
        done.ids.append(job_id)
    return [done, prune_published(db, settings, dry_run)]


def case_erased(uow: Any, event: Event, caller: Caller) -> int:
    """Cases erased a case: every job of it goes, and the case is remembered (no job is made for it
    again, whatever ``repair_requested`` comes back)."""
    case_id = event.data["case_id"]
    found = uow.erasure.of_case(case_id)
    uow.erased.remember("case", [case_id], event.data["rule"], event.event_id)
    _forget(uow, [j for j, _ in found], [r for _, r in found], JOB_OF_ERASED_CASE.name, event.event_id)
    for job_id, _ in found:
        _audit(uow, caller, job_id, JOB_OF_ERASED_CASE.name)
    return len(found)
