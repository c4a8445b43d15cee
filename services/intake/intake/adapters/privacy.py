"""The subject access register, the person index, and erasure of reports, in and out of the database."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from hcs.clock import as_utc
from intake.adapters.orm import (
    report_flags,
    report_people,
    report_versions,
    reports,
    subject_access_requests,
    subject_access_searches,
)
from intake.domain.people import PersonKey
from intake.domain.subject_access import OPEN, SubjectAccessRequest

SAR = subject_access_requests
_STORED = [f.name for f in dataclasses.fields(SubjectAccessRequest) if f.name != "searches"]


class SqlSubjectAccessRegister:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, request: SubjectAccessRequest) -> None:
        self.session.execute(insert(SAR).values(**{k: getattr(request, k) for k in _STORED}))

    def save(self, request: SubjectAccessRequest) -> None:
        values = {k: getattr(request, k) for k in _STORED if k != "request_id"}
        self.session.execute(update(SAR).where(SAR.c.request_id == request.request_id).values(**values))

    def get(self, request_id: str) -> SubjectAccessRequest | None:
        row = self.session.execute(select(SAR).where(SAR.c.request_id == request_id)).first()
        if row is None:
            return None
        request = _request(row)
        s = subject_access_searches.c
        request.searches = [
            {"searched_at": as_utc(r.searched_at).isoformat(), "searched_by": r.searched_by, "complete": r.complete,
             "summary": r.summary, "document_sha256": r.document_sha256}
            for r in self.session.execute(select(subject_access_searches).where(s.request_id == request_id)
                                          .order_by(s.searched_at))]
        return request

    def by_idempotency_key(self, opened_by: str, key: str) -> SubjectAccessRequest | None:
        row = self.session.execute(select(SAR).where(SAR.c.opened_by == opened_by,
                                                     SAR.c.idempotency_key == key)).first()
        return _request(row) if row else None

    def listing(self, status: str | None, limit: int) -> list[SubjectAccessRequest]:
        query = select(SAR).order_by(SAR.c.due_on, SAR.c.request_id).limit(limit)
        if status is not None:
            query = query.where(SAR.c.status == status)
        return [_request(r) for r in self.session.execute(query)]

    def add_search(self, request_id: str, at: datetime, by: str, complete: bool, summary: dict[str, Any],
                   sha256: str | None) -> None:
        self.session.execute(insert(subject_access_searches).values(
            request_id=request_id, searched_at=at, searched_by=by, complete=complete, summary=summary,
            document_sha256=sha256))

    def closed_before(self, cutoff: datetime, limit: int) -> list[SubjectAccessRequest]:
        query = (select(SAR).where(SAR.c.status != OPEN, SAR.c.closed_at <= cutoff)
                 .order_by(SAR.c.closed_at).limit(limit))
        return [_request(r) for r in self.session.execute(query)]

    def erase(self, request_id: str) -> None:
        self.session.execute(delete(subject_access_searches).where(
            subject_access_searches.c.request_id == request_id))
        self.session.execute(delete(SAR).where(SAR.c.request_id == request_id))


def _request(row: Any) -> SubjectAccessRequest:
    values: dict[str, Any] = {k: as_utc(v) if isinstance(v, datetime) else v for k, v in row._mapping.items()
                              if k in _STORED}
    return SubjectAccessRequest(**values)


class SqlPersonIndex:
    """Reports by the person keys of the people they name (``intake.domain.people``)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def named(self, name_keys: Iterable[str]) -> dict[str, list[PersonKey]]:
        keys = sorted(set(name_keys))
        if not keys:
            return {}
        p = report_people.c
        found: dict[str, list[PersonKey]] = {}
        for r in self.session.execute(select(report_people).where(p.name_key.in_(keys)).order_by(p.report_id)):
            found.setdefault(r.report_id, []).append(
                PersonKey(r.role, r.position, r.name_key, tuple(r.contact_keys), tuple(r.place_keys)))
        return found


class SqlReportRetention:
    """Which reports belong to a case, which have expired, and their erasure."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def belong_to_case(self, report_ids: Iterable[str], case_id: str) -> int:
        result = self.session.execute(update(reports).where(reports.c.report_id.in_(sorted(set(report_ids))))
                                      .values(case_id=case_id))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    def of_case(self, case_id: str) -> list[str]:
        return list(self.session.execute(select(reports.c.report_id).where(reports.c.case_id == case_id)).scalars())

    def without_case_received_before(self, cutoff: datetime, limit: int) -> list[tuple[str, str, datetime]]:
        r = reports.c
        query = (select(r.report_id, r.stream, r.received_at).where(r.case_id.is_(None), r.received_at <= cutoff)
                 .order_by(r.received_at).limit(limit))
        return [(row.report_id, row.stream, as_utc(row.received_at)) for row in self.session.execute(query)]

    def lock(self, report_id: str) -> tuple[str, str | None, datetime] | None:
        """The report's stream, case and receipt time, its row locked for the erasure."""
        r = reports.c
        row = self.session.execute(select(r.stream, r.case_id, r.received_at).where(r.report_id == report_id)
                                   .with_for_update()).first()
        return (row.stream, row.case_id, as_utc(row.received_at)) if row else None

    def erase(self, report_ids: Iterable[str]) -> int:
        ids = sorted(set(report_ids))
        if not ids:
            return 0
        for table in (report_flags, report_people, report_versions):
            self.session.execute(delete(table).where(table.c.report_id.in_(ids)))
        result = self.session.execute(delete(reports).where(reports.c.report_id.in_(ids)))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]
