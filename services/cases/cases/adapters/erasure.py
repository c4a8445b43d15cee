"""Erasing a case from the database: every row that hangs from it, in every table.

The contact log is append-only in the database itself: its trigger lets a row be deleted only when
the case's tombstone (``hcs.erasure``) is already in the ``erased`` table, in the same transaction.
So the service layer remembers the case first, then calls ``erase_case``; nothing else can delete a
contact, and nothing can ever change one.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from cases.adapters import orm
from hcs.clock import as_utc

HANGING = (orm.case_parties, orm.classification_changes, orm.risk_assessments, orm.support_actions,
           orm.perpetrator_actions, orm.conferences, orm.contacts, orm.reviews, orm.approvals, orm.work_items,
           orm.timeline, orm.surveys, orm.partner_referrals, orm.repair_requests, orm.case_reports)


class SqlCaseErasure:
    def __init__(self, session: Session) -> None:
        self.session = session

    def closed_before(self, cutoff: datetime, limit: int) -> list[str]:
        c = orm.cases.c
        query = (select(c.case_id).where(c.status == "closed", c.closed_at <= cutoff).order_by(c.closed_at)
                 .limit(limit))
        return list(self.session.execute(query).scalars())

    def closed_at(self, case_id: str) -> datetime | None:
        value = self.session.execute(select(orm.cases.c.closed_at).where(orm.cases.c.case_id == case_id)).scalar()
        return as_utc(value) if value is not None else None

    def erase_case(self, case_id: str) -> None:
        for table in HANGING:
            self.session.execute(delete(table).where(table.c.case_id == case_id))
        self.session.execute(delete(orm.cases).where(orm.cases.c.case_id == case_id))

    def erase_recorded_report(self, report_id: str) -> bool:
        """A report recorded without a case (POL-1); False if it belongs to a case (kept with it)."""
        r = orm.case_reports.c
        result = self.session.execute(delete(orm.case_reports).where(r.report_id == report_id, r.case_id.is_(None)))
        return bool(result.rowcount)  # type: ignore[attr-defined]
