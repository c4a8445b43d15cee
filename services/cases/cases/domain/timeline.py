"""The case's timeline: one line for everything that happened, in the landlord's words, never the
sensitive detail itself (that stays in the record the line points to)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class TimelineEntry:
    case_id: str
    at: datetime
    kind: str
    summary: str
    actor: str
    ref_id: str | None = None
