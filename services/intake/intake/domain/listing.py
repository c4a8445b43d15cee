"""Which reports a listing asks for, and where the next page starts.

Pages run newest first, ordered by (received_at, report_id); a cursor is the position of the last
report on a page, opaque to callers, so pages stay right while new reports arrive.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime

from intake.domain.times import moment


class BadCursor(ValueError):
    """A cursor this service did not make."""


@dataclass(frozen=True)
class Position:
    received_at: datetime
    report_id: str

    def cursor(self) -> str:
        raw = json.dumps([self.received_at.isoformat(), self.report_id]).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def from_cursor(cls, cursor: str) -> Position:
        try:
            raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
            when, report_id = json.loads(raw)
            at = moment(when)
        except (binascii.Error, ValueError, TypeError, UnicodeDecodeError):
            raise BadCursor("not a cursor from this service") from None
        if at is None or not isinstance(report_id, str) or len(report_id) > 64:
            raise BadCursor("not a cursor from this service")
        return cls(at, report_id)


@dataclass(frozen=True)
class ReportQuery:
    """``held_to_team``: leave out reports of cases held by a team other than ``team``
    (``intake.domain.teams``)."""

    streams: frozenset[str]
    received_from: datetime | None = None
    received_until: datetime | None = None
    triage: str | None = None
    flag: str | None = None
    channel: str | None = None
    status: str | None = None
    page_size: int = 25
    after: Position | None = None
    held_to_team: bool = False
    team: str | None = None
