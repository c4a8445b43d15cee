"""Reports in and out of the database."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hcs.clock import as_utc
from intake.adapters.orm import report_flags, report_people, report_versions, reports
from intake.adapters.teams import in_team
from intake.domain.flags import EarlierReport
from intake.domain.keys import Keys
from intake.domain.listing import ReportQuery
from intake.domain.report import Report, Version, Withdrawal
from intake.domain.triage import Triage


class ConcurrentWrite(Exception):
    """Another request wrote the same report (or used the same idempotency key) at the same moment."""


class SqlReportRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _write(self, statement: Any, rows: Any = None) -> None:
        try:
            self.session.execute(statement, rows) if rows is not None else self.session.execute(statement)
        except IntegrityError:
            raise ConcurrentWrite("a concurrent write to the same report") from None

    def add(self, report: Report) -> None:
        self._write(insert(reports).values(
            report_id=report.report_id, submitted_by=report.submitted_by, submitter_role=report.submitter_role,
            centre=report.centre, idempotency_key=report.idempotency_key, received_at=report.received_at,
            fingerprint=report.submission_fingerprint, **_state(report)))
        self._flags(report)
        self._people(report)
        self.add_version(report.report_id, report.first_version())

    def save(self, report: Report) -> None:
        self._write(update(reports).where(reports.c.report_id == report.report_id).values(**_state(report)))
        self._write(delete(report_flags).where(report_flags.c.report_id == report.report_id))
        self._flags(report)
        self._people(report)

    def _people(self, report: Report) -> None:
        """Person keys of every version: those of an amended report are added, none removed, so a
        subject access search finds a name a later version corrected."""
        p = report_people.c
        known = {(r.role, r.position, r.name_key) for r in self.session.execute(
            select(p.role, p.position, p.name_key).where(p.report_id == report.report_id))}
        rows = [{"report_id": report.report_id, "role": k.role, "position": k.position, "name_key": k.name_key,
                 "contact_keys": list(k.contact_keys), "place_keys": list(k.place_keys)}
                for k in report.keys.people if (k.role, k.position, k.name_key) not in known]
        if rows:
            self._write(insert(report_people), rows)

    def add_version(self, report_id: str, version: Version) -> None:
        self._write(insert(report_versions).values(
            report_id=report_id, version=version.version, recorded_at=version.recorded_at,
            recorded_by=version.recorded_by, role=version.role, reason=version.reason,
            changed=list(version.changed), triage=version.triage.to_dict(), details=version.details))

    def _flags(self, report: Report) -> None:
        if report.triage.flags:
            self._write(insert(report_flags), [
                {"report_id": report.report_id, "flag": flag} for flag in report.triage.flags])

    def get(self, report_id: str) -> Report | None:
        row = self.session.execute(select(reports).where(reports.c.report_id == report_id)).first()
        return _to_report(row) if row else None

    def many(self, report_ids: Iterable[str]) -> list[Report]:
        query = select(reports).where(reports.c.report_id.in_(list(report_ids)))
        return [_to_report(row) for row in self.session.execute(query)]

    def by_idempotency_key(self, submitted_by: str, key: str) -> Report | None:
        query = select(reports).where(reports.c.submitted_by == submitted_by, reports.c.idempotency_key == key)
        row = self.session.execute(query).first()
        return _to_report(row) if row else None

    def versions(self, report_id: str) -> list[Version]:
        query = select(report_versions).where(report_versions.c.report_id == report_id).order_by(
            report_versions.c.version)
        return [Version(r.version, as_utc(r.recorded_at), r.recorded_by, r.role, r.details, Triage.from_dict(r.triage),
                        r.reason, tuple(r.changed)) for r in self.session.execute(query)]

    def earlier_at_places(self, places: set[str], since: datetime, until: datetime,
                          excluding: str | None = None) -> list[EarlierReport]:
        """Reports received in [since, until] whose household or incident place is one of ``places``."""
        if not places:
            return []
        query = (select(reports.c.report_id, reports.c.channel, reports.c.received_at, reports.c.household_key,
                        reports.c.incident_place_key, reports.c.incident_from, reports.c.incident_until,
                        reports.c.status)
                 .where(or_(reports.c.household_key.in_(places), reports.c.incident_place_key.in_(places)),
                        reports.c.received_at >= since, reports.c.received_at <= until)
                 .order_by(reports.c.received_at).limit(500))
        if excluding:
            query = query.where(reports.c.report_id != excluding)
        return [EarlierReport(r.report_id, r.channel, as_utc(r.received_at), r.household_key, r.incident_place_key,
                              (as_utc(r.incident_from), as_utc(r.incident_until)) if r.incident_from else None,
                              r.status == "withdrawn") for r in self.session.execute(query)]

    def page(self, query: ReportQuery) -> list[Report]:
        """One page of reports, newest first, plus one more to say whether another page follows."""
        r = reports.c
        where: list[Any] = [r.stream.in_(sorted(query.streams))]
        for column, wanted in ((r.triage_outcome, query.triage), (r.channel, query.channel), (r.status, query.status)):
            if wanted is not None:
                where.append(column == wanted)
        if query.received_from is not None:
            where.append(r.received_at >= query.received_from)
        if query.received_until is not None:
            where.append(r.received_at < query.received_until)
        if query.flag is not None:
            flagged = select(report_flags.c.report_id).where(report_flags.c.flag == query.flag)
            where.append(r.report_id.in_(flagged))
        if query.held_to_team:
            where.append(in_team(query.team))
        if query.after is not None:
            at, last = query.after.received_at, query.after.report_id
            where.append(or_(r.received_at < at, and_(r.received_at == at, r.report_id < last)))
        statement = select(reports).where(*where).order_by(r.received_at.desc(), r.report_id.desc()).limit(
            query.page_size + 1)
        return [_to_report(row) for row in self.session.execute(statement)]


def _state(report: Report) -> dict[str, Any]:
    window = report.incident_window
    withdrawal = report.withdrawal
    return {
        "channel": report.channel, "stream": report.stream,
        "anonymous": report.anonymous, "status": report.status, "version": report.version,
        "triage_outcome": report.triage.outcome, "household_key": report.keys.household,
        "incident_place_key": report.keys.incident_place, "perpetrator_keys": list(report.keys.perpetrators),
        "incident_from": window[0] if window else None, "incident_until": window[1] if window else None,
        "triage": report.triage.to_dict(), "details": report.details,
        "withdrawn_at": withdrawal.at if withdrawal else None, "withdrawn_by": withdrawal.by if withdrawal else None,
        "withdrawal_reason": withdrawal.reason if withdrawal else None,
        "withdrawal_note": withdrawal.note if withdrawal else None,
    }


def _to_report(row: Any) -> Report:
    withdrawal = (Withdrawal(as_utc(row.withdrawn_at), row.withdrawn_by, row.withdrawal_reason, row.withdrawal_note)
                  if row.withdrawn_at else None)
    keys = Keys(row.household_key, row.incident_place_key, tuple(row.perpetrator_keys or ()))
    return Report(row.report_id, row.submitted_by, row.submitter_role, row.idempotency_key, as_utc(row.received_at),
                  row.details, Triage.from_dict(row.triage), keys, row.centre, row.version, withdrawal,
                  row.fingerprint)
