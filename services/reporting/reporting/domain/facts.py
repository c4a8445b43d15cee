"""Facts: every event reporting has consumed, kept whole so the read model can be rebuilt from them,
and the reporting period they are counted in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

STREAMS = ("general_needs", "care_support")
# The landlord's year, quarters and half-years run on UK calendar days, midnight to midnight.
LANDLORD_TIME = ZoneInfo("Europe/London")


@dataclass(frozen=True)
class Fact:
    event_id: str
    event_type: str
    schema_version: int
    occurred_at: datetime
    aggregate_id: str
    data: dict[str, Any]

    @property
    def stream(self) -> str:
        """Every event reporting counts names the stream of its case or report (POL-7)."""
        return str(self.data["stream"])


@dataclass(frozen=True)
class Period:
    """From ``starts`` (inclusive) to ``ends`` (exclusive); an open end means no limit."""

    starts: datetime | None = None
    ends: datetime | None = None

    @classmethod
    def of_days(cls, first_day: date | None, day_after_last: date | None) -> Period:
        return cls(_midnight(first_day), _midnight(day_after_last))

    def contains(self, moment: datetime) -> bool:
        if self.starts is not None and moment < self.starts:
            return False
        return self.ends is None or moment < self.ends


def _midnight(day: date | None) -> datetime | None:
    if day is None:
        return None
    return datetime.combine(day, time(0, 0), tzinfo=LANDLORD_TIME).astimezone(UTC)
