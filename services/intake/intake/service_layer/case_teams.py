"""What intake learns from cases' events about the team holding a case (``intake.domain.teams``):
``case_opened`` and ``report_linked`` (the team when the report joined), ``case_allocated`` (a
handover may move the case to another team). Each names when it happened; the latest word wins.
An event without a team (published before cases named it) changes nothing."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from hcs.events import Event

WHEN = ("opened_at", "linked_at", "allocated_at")


def case_team(uow: Any, event: Event) -> None:
    data = event.data
    if data.get("team"):
        uow.teams.learn(data["case_id"], data["team"], _when(event))


def _when(event: Event) -> datetime:
    for name in WHEN:
        value = event.data.get(name)
        if isinstance(value, datetime):
            return value
    return event.occurred_at
