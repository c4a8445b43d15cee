"""Raising and resolving work items, and who they are for.

- For the officer: the case's officer; an unallocated case's items go to the team's seniors.
- For the senior: the officer's line manager in the staff directory, else any senior of the team.
- For the manager: any manager.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from cases.domain.case import Case
from cases.domain.vocabulary import MANAGER, SENIOR
from cases.domain.work import WorkItem


def _key(case: Case, kind: str, ref: str | None) -> str:
    return f"{kind}:{case.case_id}:{ref or '-'}"[:200]


def for_officer(uow: Any, case: Case, kind: str, summary: str, now: datetime, *, ref: str | None = None,
                due_at: datetime | None = None, dedupe: str | None = None) -> bool:
    if case.officer_id is None:
        return for_senior(uow, case, kind, summary, now, ref=ref, due_at=due_at, dedupe=dedupe)
    return _raise(uow, case, kind, summary, now, ref, due_at, dedupe, assignee_id=case.officer_id)


def for_senior(uow: Any, case: Case, kind: str, summary: str, now: datetime, *, ref: str | None = None,
               due_at: datetime | None = None, dedupe: str | None = None) -> bool:
    senior = _line_manager(uow, case.officer_id)
    if senior is not None:
        return _raise(uow, case, kind, summary, now, ref, due_at, dedupe, assignee_id=senior)
    return _raise(uow, case, kind, summary, now, ref, due_at, dedupe, assignee_role=SENIOR)


def for_role(uow: Any, case: Case, role: str, kind: str, summary: str, now: datetime, *, ref: str | None = None,
             due_at: datetime | None = None, dedupe: str | None = None) -> bool:
    if role == SENIOR:
        return for_senior(uow, case, kind, summary, now, ref=ref, due_at=due_at, dedupe=dedupe)
    return _raise(uow, case, kind, summary, now, ref, due_at, dedupe, assignee_role=MANAGER)


def for_approvers(uow: Any, case: Case, roles: frozenset[str] | set[str], summary: str, now: datetime,
                  approval_id: str) -> bool:
    """An approval goes to the officer's senior where seniors may decide it, else to the managers."""
    role = SENIOR if SENIOR in roles else MANAGER
    return for_role(uow, case, role, "approval_requested", summary, now, ref=approval_id)


def resolve(uow: Any, case_id: str, kinds: tuple[str, ...], by: str, now: datetime, resolution: str,
            ref: str | None = None) -> int:
    """Resolve the case's open items of these kinds (and this ref, when given)."""
    done = 0
    for item in uow.work.open_for_case(case_id, kinds):
        if ref is None or item.ref_id == ref:
            item.resolve(by, now, resolution)
            uow.work.save(item)
            done += 1
    return done


def _line_manager(uow: Any, officer_id: str | None) -> str | None:
    if officer_id is None:
        return None
    officer = uow.staff.get(officer_id)
    if officer is None or not officer.reports_to:
        return None
    senior = uow.staff.get(officer.reports_to)
    return senior.staff_id if senior is not None and senior.active else None


def _raise(uow: Any, case: Case, kind: str, summary: str, now: datetime, ref: str | None, due_at: datetime | None,
           dedupe: str | None, *, assignee_id: str | None = None, assignee_role: str | None = None) -> bool:
    item = WorkItem(str(uuid.uuid4()), case.case_id, kind, summary[:300], now, dedupe or _key(case, kind, ref),
                    team=case.team, assignee_id=assignee_id, assignee_role=assignee_role, due_at=due_at, ref_id=ref)
    raised: bool = uow.work.raise_item(item)
    if raised:
        case.note(now, kind, summary, "system", ref)
    return raised
