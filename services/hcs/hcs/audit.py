"""Append-only audit log: who did what to which record, when, and whether it was allowed.

Entries never carry the values read or written, only identifiers; the table refuses UPDATE and
DELETE in the database itself (see ``hcs.tables.APPEND_ONLY_SQL``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import insert
from sqlalchemy.orm import Session

from hcs import tables
from hcs.clock import Clock


@dataclass(frozen=True)
class AuditEntry:
    actor: str
    role: str
    action: str
    outcome: str = "allowed"
    record_type: str | None = None
    record_id: str | None = None
    reason: str | None = None


class AuditWriter:
    def __init__(self, session: Session, clock: Clock, correlation_id: str | None = None) -> None:
        self.session = session
        self.clock = clock
        self.correlation_id = correlation_id

    def record(self, entry: AuditEntry) -> None:
        self.session.execute(insert(tables.audit_log).values(self._row(entry)))

    def record_many(self, entries: list[AuditEntry]) -> None:
        """One row per entry in one statement: a list view audits every record it shows."""
        if entries:
            self.session.execute(insert(tables.audit_log), [self._row(e) for e in entries])

    def _row(self, entry: AuditEntry) -> dict[str, object]:
        return {"at": self.clock.now(), "actor": entry.actor[:120], "role": entry.role[:40],
                "action": entry.action[:80], "record_type": entry.record_type, "record_id": entry.record_id,
                "outcome": entry.outcome, "reason": (entry.reason or None) and entry.reason[:300],
                "correlation_id": self.correlation_id}
