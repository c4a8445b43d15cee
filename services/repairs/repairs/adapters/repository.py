"""Jobs in and out of the database, and the questions the timers and the staff lists ask of them."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import fields
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, insert, not_, or_, select, update
from sqlalchemy.orm import Session

from hcs.clock import as_utc
from repairs.adapters.orm import jobs
from repairs.domain.listing import JobFilter
from repairs.domain.model import CLOSED, Job, JobStatus

_COLUMNS = {f.name for f in fields(Job)} - {"sla_raised"}
_RAISED = {"at_risk:make_safe_or_complete": "at_risk_raised_at",
           "breached:make_safe_or_complete": "breached_raised_at",
           "at_risk:follow_on_completion": "follow_on_at_risk_raised_at",
           "breached:follow_on_completion": "follow_on_breached_raised_at"}
_CLOSED = [s.value for s in CLOSED]
c = jobs.c


class SqlJobRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, job: Job) -> None:
        self.session.execute(insert(jobs).values(**_row(job)))

    def save(self, job: Job) -> None:
        values = _row(job)
        del values["job_id"]
        self.session.execute(update(jobs).where(c.job_id == job.job_id).values(**values))

    def get(self, job_id: str, for_update: bool = False) -> Job | None:
        query = select(jobs).where(c.job_id == job_id)
        row = self.session.execute(query.with_for_update() if for_update else query).first()
        return _to_job(row) if row else None

    def by_request_id(self, request_id: str) -> Job | None:
        row = self.session.execute(select(jobs).where(c.request_id == request_id)).first()
        return _to_job(row) if row else None

    def search(self, wanted: JobFilter, now: datetime) -> tuple[list[Job], int]:
        """(the page of visible jobs, how many jobs match before the stream check)."""
        where = [_STATES[wanted.state](now)]
        if wanted.case_id:
            where.append(c.case_id == wanted.case_id)
        if wanted.contractor:
            where.append(c.contractor == wanted.contractor)
        matching = int(self.session.execute(select(func.count()).select_from(jobs).where(*where)).scalar_one())
        query = (select(jobs).where(*where, c.stream.in_(sorted(wanted.streams)))
                 .order_by(c.target_at, c.job_id).limit(wanted.limit).offset(wanted.offset))
        return [_to_job(row) for row in self.session.execute(query)], matching

    def open_loads(self) -> dict[str, int]:
        """Open jobs held by each contractor: what capacity is measured against."""
        query = (select(c.contractor, func.count()).where(c.contractor.is_not(None), c.status.not_in(_CLOSED))
                 .group_by(c.contractor))
        return {name: int(n) for name, n in self.session.execute(query)}

    def due_for_sla(self, now: datetime, limit: int) -> list[Job]:
        """Jobs with a warning or breach due and not yet raised; other replicas skip them until commit."""
        return self._locked(and_(c.status != JobStatus.CANCELLED.value, _sla_due(now)), limit)

    def awaiting_acceptance(self, now: datetime, limit: int) -> list[Job]:
        """Offered and neither accepted nor handed back within the window."""
        return self._locked(and_(c.status.in_(["created", "dispatched"]), c.contractor.is_not(None),
                                 c.accept_by <= now), limit)

    def awaiting_contractor(self, limit: int, exclude: Collection[str] = ()) -> list[Job]:
        where = and_(c.contractor.is_(None), c.status.not_in(_CLOSED))
        if exclude:
            where = and_(where, c.job_id.not_in(list(exclude)))
        return self._locked(where, limit)

    def _locked(self, where: Any, limit: int) -> list[Job]:
        query = select(jobs).where(where).order_by(c.target_at).limit(limit).with_for_update(skip_locked=True)
        return [_to_job(row) for row in self.session.execute(query)]


def _met_late(deadline: Any) -> Any:
    """Neither made safe nor completed by the deadline."""
    return and_(or_(c.made_safe_at.is_(None), c.made_safe_at > deadline),
                or_(c.completed_at.is_(None), c.completed_at > deadline))


def _target_missed(now: datetime) -> Any:
    return and_(c.target_at < now, _met_late(c.target_at))


def _follow_on_missed(now: datetime) -> Any:
    return and_(c.follow_on_due_at < now, or_(c.completed_at.is_(None), c.completed_at > c.follow_on_due_at))


def _at_risk(now: datetime) -> Any:
    first = and_(c.made_safe_at.is_(None), c.completed_at.is_(None), c.at_risk_at <= now, c.target_at >= now)
    follow_on = and_(c.completed_at.is_(None), c.follow_on_at_risk_at <= now, c.follow_on_due_at >= now)
    return or_(first, follow_on)


def _sla_due(now: datetime) -> Any:
    first = and_(c.made_safe_at.is_(None), c.completed_at.is_(None), c.at_risk_at <= now, c.target_at > now)
    follow_on = and_(c.completed_at.is_(None), c.follow_on_at_risk_at <= now, c.follow_on_due_at > now)
    return or_(and_(c.at_risk_raised_at.is_(None), first),
               and_(c.breached_raised_at.is_(None), _target_missed(now)),
               and_(c.follow_on_at_risk_raised_at.is_(None), follow_on),
               and_(c.follow_on_breached_raised_at.is_(None), _follow_on_missed(now)))


_OPEN = c.status.not_in(_CLOSED)
_STATES = {
    "open": lambda now: _OPEN,
    "at_risk": lambda now: and_(_OPEN, _at_risk(now)),
    "breached": lambda now: and_(c.status != "cancelled", or_(_target_missed(now), _follow_on_missed(now))),
    "unassigned": lambda now: and_(_OPEN, c.contractor.is_(None)),
    "follow_on": lambda now: and_(_OPEN, c.made_safe_at.is_not(None), c.completed_at.is_(None)),
    "closed": lambda now: not_(_OPEN),
    "all": lambda now: c.job_id.is_not(None),
}


def _row(job: Job) -> dict[str, Any]:
    values = {name: _stored(getattr(job, name)) for name in _COLUMNS}
    values["status"] = job.status.value
    for key, column in _RAISED.items():
        raised = job.sla_raised.get(key)
        values[column] = as_utc(datetime.fromisoformat(raised)) if raised else None
    return values


def _stored(value: Any) -> Any:
    return as_utc(value) if isinstance(value, datetime) else value


def _to_job(row: Any) -> Job:
    data = {name: getattr(row, name) for name in _COLUMNS}
    for name, value in data.items():
        if isinstance(value, datetime):
            data[name] = as_utc(value)
    data["status"] = JobStatus(row.status)
    for name in ("address", "attributes"):
        data[name] = dict(data[name])
    for name in ("withheld", "assignments", "photos"):
        data[name] = list(data[name])
    raised = {key: as_utc(getattr(row, column)).isoformat() for key, column in _RAISED.items()
              if getattr(row, column) is not None}
    return Job(**data, sla_raised=raised)
