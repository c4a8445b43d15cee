"""Reminders from a timer (POL-8; response targets): overdue reviews become ``review_overdue``
events and work items for the senior (officer-senior) or the managers (senior-manager); an overdue
first contact is escalated to the officer's senior; an overdue victim update goes to the officer.

Safe with several replicas: each reminder is a work item with a dedupe key naming the case, the
kind and the due date, raised with INSERT ... ON CONFLICT DO NOTHING; the event is written to the
outbox only by the replica whose insert won, in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cases.adapters.orm import cases as t
from cases.domain.case import OPEN, Case
from cases.domain.reviews import OFFICER_SENIOR, SENIOR_MANAGER
from cases.domain.vocabulary import MANAGER
from cases.service_layer import guard, publish, work
from hcs.auth import system_caller

KINDS = ("review_overdue", "first_contact_overdue", "update_overdue")
SYSTEM = system_caller("cases")


@dataclass
class ReminderTick:
    reviews: int = 0
    first_contacts: int = 0
    updates: int = 0


def _key(kind: str, case: Case, due: datetime, what: str = "") -> str:
    return f"{kind}:{what}:{case.case_id}:{due.isoformat()}"


def send_reminders(uow_factory: Callable[[], Any], batch_size: int) -> ReminderTick:
    tick = ReminderTick()
    with uow_factory() as uow:
        now = uow.clock.now()
        due = (t.c.officer_review_due_at < now) | (t.c.manager_review_due_at < now) \
            | (t.c.first_contact_at.is_(None) & (t.c.first_contact_due_at < now)) | (t.c.next_update_due_at < now)
        after, reminded = "", []
        while True:
            batch = uow.cases.select(t.c.status == OPEN, due, t.c.case_id > after, order_by=t.c.case_id,
                                     limit=batch_size)
            if not batch:
                break
            known = uow.work.keys_for([c.case_id for c in batch], KINDS)
            for case in batch:
                _remind(uow, case, now, known, tick)
                if case.new_timeline:
                    reminded.append(case.case_id)
                uow.cases.add_timeline(case.new_timeline)
                case.new_timeline.clear()
            after = batch[-1].case_id
        guard.audit_many(uow, SYSTEM, "cases.send_reminders", reminded)
        uow.commit()
    return tick


def _remind(uow: Any, case: Case, now: datetime, known: set[str], tick: ReminderTick) -> None:
    for kind, due in ((OFFICER_SENIOR, case.officer_review_due_at), (SENIOR_MANAGER, case.manager_review_due_at)):
        if due is None or due >= now or (key := _key("review_overdue", case, due, kind)) in known:
            continue
        summary = f"{kind.replace('_', '-').capitalize()} review overdue since {due:%d %b %Y}"
        raised = (work.for_senior(uow, case, "review_overdue", summary, now, ref=kind, due_at=due, dedupe=key)
                  if kind == OFFICER_SENIOR else
                  work.for_role(uow, case, MANAGER, "review_overdue", summary, now, ref=kind, due_at=due, dedupe=key))
        if raised:
            publish.review_overdue(uow, case, kind, due, now)
            tick.reviews += 1
    due = case.first_contact_due_at
    if case.first_contact_at is None and due is not None and due < now \
            and (key := _key("first_contact_overdue", case, due)) not in known \
            and work.for_senior(uow, case, "first_contact_overdue", f"First contact with the victim was due "
                                f"{due:%d %b %H:%M} and is not recorded", now, due_at=due, dedupe=key):
        tick.first_contacts += 1
    due = case.next_update_due_at
    if due is not None and due < now and (key := _key("update_overdue", case, due)) not in known \
            and work.for_officer(uow, case, "update_overdue", f"The victim's update was due {due:%d %b}", now,
                                 due_at=due, dedupe=key):
        tick.updates += 1
