"""Cases in and out of the database."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from cases.adapters.orm import case_reports, cases
from cases.domain.model import Case, IncomingReport
from hcs.clock import as_utc


class SqlCaseRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, case_id: str) -> Case | None:
        row = self.session.execute(select(cases).where(cases.c.case_id == case_id)).first()
        return self._load(row) if row else None

    def open_cases_for(self, household_key: str | None) -> list[Case]:
        if household_key is None:
            return []
        query = select(cases).where(cases.c.household_key == household_key, cases.c.status == "open")
        return [self._load(row) for row in self.session.execute(query)]

    def case_for_report(self, report_id: str) -> tuple[str, str | None] | None:
        row = self.session.execute(
            select(case_reports.c.outcome, case_reports.c.case_id)
            .where(case_reports.c.report_id == report_id)).first()
        return (row.outcome, row.case_id) if row else None

    def add(self, case: Case) -> None:
        self.session.execute(insert(cases).values(
            case_id=case.case_id, stream=case.stream, status=case.status, opened_at=case.opened_at,
            closed_at=case.closed_at, household_key=case.household_key, hate_incident=case.hate_incident,
            strands=list(case.strands), original_perception=case.original_perception))

    def save(self, case: Case) -> None:
        self.session.execute(update(cases).where(cases.c.case_id == case.case_id).values(
            status=case.status, closed_at=case.closed_at, hate_incident=case.hate_incident,
            strands=list(case.strands)))

    def record_report(self, report: IncomingReport, case_id: str | None, outcome: str) -> None:
        self.session.execute(insert(case_reports).values(
            report_id=report.report_id, case_id=case_id, received_at=report.received_at,
            triage=report.triage, outcome=outcome))

    def _load(self, row: Any) -> Case:
        report_ids = list(self.session.execute(
            select(case_reports.c.report_id).where(case_reports.c.case_id == row.case_id)
            .order_by(case_reports.c.received_at)).scalars())
        return Case(row.case_id, row.stream, as_utc(row.opened_at), row.household_key, row.hate_incident,
                    tuple(row.strands), row.original_perception, row.status,
                    as_utc(row.closed_at) if row.closed_at else None, report_ids)
