"""Reports in and out of the database."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from hcs.clock import as_utc
from intake.adapters.orm import reports
from intake.domain.model import Report
from intake.domain.triage import Triage


class SqlReportRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, report: Report) -> None:
        self.session.execute(insert(reports).values(
            report_id=report.report_id, idempotency_key=report.idempotency_key,
            received_at=report.received_at, channel=report.channel, stream=report.stream,
            submitted_by=report.submitted_by, triage_outcome=report.triage.outcome,
            triage=report.triage.to_dict(), details=_jsonable(report.details)))

    def get(self, report_id: str) -> Report | None:
        row = self.session.execute(select(reports).where(reports.c.report_id == report_id)).first()
        return _to_report(row) if row else None

    def by_idempotency_key(self, key: str) -> Report | None:
        row = self.session.execute(select(reports).where(reports.c.idempotency_key == key)).first()
        return _to_report(row) if row else None


def _jsonable(details: dict[str, Any]) -> Any:
    return json.loads(json.dumps(details, default=lambda v: v.isoformat()))


def _to_report(row: Any) -> Report:
    return Report(row.report_id, row.idempotency_key, as_utc(row.received_at), row.channel, row.stream,
                  row.submitted_by, row.details, Triage.from_dict(row.triage))
