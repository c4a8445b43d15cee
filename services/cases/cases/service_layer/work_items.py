"""Resolving a work item by hand."""

from __future__ import annotations

from typing import Any

from cases.domain.access import Person, Right
from cases.domain.case import Case
from cases.domain.work import WorkItem
from cases.service_layer import guard
from hcs.errors import NotFound


def resolve_item(uow: Any, caller: Person, item_id: str, data: dict[str, Any]) -> WorkItem:
    """Resolve a work item with a note (its case's officer, the team's seniors, a manager)."""
    with uow:
        item: WorkItem | None = uow.work.get(item_id)
    if item is None:
        raise NotFound(f"no work item {item_id}")

    def work_on(case: Case) -> WorkItem:
        current: WorkItem = uow.work.get(item_id)
        current.resolve(caller.user_id, uow.clock.now(), data["note"])
        uow.work.save(current)
        case.note(uow.clock.now(), "work_item", f"Resolved: {current.summary}"[:300], caller.user_id, item_id)
        return current

    return guard.on_case(uow, caller, item.case_id, "cases.resolve_work_item", Right.WORK, work_on)
