"""Erasing jobs from the database, with their messages to contractors, deliveries and updates."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from hcs.clock import as_utc
from repairs.adapters.orm import contractor_messages, deliveries, job_updates, jobs


class SqlJobErasure:
    def __init__(self, session: Session) -> None:
        self.session = session

    def closed_before(self, cutoff: datetime, limit: int) -> list[str]:
        query = (select(jobs.c.job_id).where(jobs.c.closed_at.is_not(None), jobs.c.closed_at <= cutoff)
                 .order_by(jobs.c.closed_at).limit(limit))
        return list(self.session.execute(query).scalars())

    def lock(self, job_id: str) -> dict[str, object] | None:
        """The job's ids, stream and closing time, its row locked for the erasure."""
        row = self.session.execute(select(jobs.c.job_id, jobs.c.case_id, jobs.c.request_id, jobs.c.stream,
                                          jobs.c.closed_at).where(jobs.c.job_id == job_id).with_for_update()).first()
        if row is None:
            return None
        return {**row._mapping, "closed_at": as_utc(row.closed_at) if row.closed_at else None}

    def of_case(self, case_id: str) -> list[tuple[str, str]]:
        """(job id, request id) of every job of a case."""
        query = select(jobs.c.job_id, jobs.c.request_id).where(jobs.c.case_id == case_id)
        return [(r.job_id, r.request_id) for r in self.session.execute(query)]

    def erase(self, job_ids: Iterable[str]) -> int:
        ids = sorted(set(job_ids))
        if not ids:
            return 0
        for table in (deliveries, contractor_messages, job_updates):
            self.session.execute(delete(table).where(table.c.job_id.in_(ids)))
        return int(self.session.execute(delete(jobs).where(jobs.c.job_id.in_(ids))).rowcount or 0)  # type: ignore[attr-defined]
