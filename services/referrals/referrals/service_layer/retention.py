"""Referrals' expiry run and cases' ``case_erased`` (``referrals.domain.retention``).

Erasing a case's sharing records is one unit of work: the case entry is locked (consent changes and
delivery claims lock the same row, so no delivery is claimed half-way through), the case, its
referrals and consent records are remembered (the tombstones the append-only triggers ask for, and
which every consumer checks), then the rows and their outbox copies go, with the audit row and, on
referrals' own clock, ``case_sharing_erased``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hcs.audit import AuditEntry
from hcs.auth import Caller
from hcs.events import Event
from hcs.retention import RetentionSettings, RuleRun, expired, prune_published
from referrals.domain.retention import SHARING_OF_ERASED_CASE, SHARING_RECORDS

UowFactory = Callable[[], Any]


def erase_sharing(uow: Any, case_id: str, rule: str, caller: Caller, event_id: str | None = None) -> list[str]:
    """Inside an open unit of work: delete the case's sharing records; returns its referral ids."""
    ids = uow.erasure.ids_of(case_id)
    uow.erased.remember("case", [case_id], rule, event_id)
    uow.erased.remember("referral", ids["referral"], rule, event_id)
    uow.erased.remember("consent", ids["consent"], rule, event_id)
    uow.erased.purge([case_id, *ids["referral"], *ids["consent"]])
    uow.erasure.erase(case_id, ids["referral"])
    uow.audit.record(AuditEntry(caller.user_id, caller.role, "referrals.erase_sharing_records", "allowed", "case",
                                case_id, rule))
    return list(ids["referral"])


def run(db: UowFactory, settings: RetentionSettings, caller: Caller, dry_run: bool = False) -> list[RuleRun]:
    period = settings.period(SHARING_RECORDS.name)
    done = RuleRun(SHARING_RECORDS.name)
    with db() as uow:
        due = uow.erasure.closed_before(period.cutoff(uow.clock.now()), settings.batch_size)
    done.due = len(due)
    if dry_run:
        done.ids = list(due)
        return [done, prune_published(db, settings, dry_run)]
    for case_id in due:
        with db() as uow:
            case = uow.erasure.lock(case_id)
            if case is None or not expired(case["closed_at"], period, uow.clock.now()):
                done.skipped += 1
                continue
            referral_ids = erase_sharing(uow, case_id, SHARING_RECORDS.name, caller)
            uow.outbox.publish("case_sharing_erased", case_id, {
                "case_id": case_id, "stream": case["stream"], "erased_at": uow.clock.now(),
                "rule": SHARING_RECORDS.name, "referral_ids": referral_ids})
            uow.commit()
        done.erased += 1
        done.ids.append(case_id)
    return [done, prune_published(db, settings, dry_run)]


def case_erased(uow: Any, event: Event, caller: Caller) -> None:
    """Cases erased the case: its sharing records go now, whatever referrals' own clock says."""
    uow.erasure.lock(event.data["case_id"])
    erase_sharing(uow, event.data["case_id"], SHARING_OF_ERASED_CASE.name, caller, event.event_id)
