"""Fakes of what repairs' unit of work offers (jobs, messages, deliveries, updates) and test rules."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from hcs.clock import FakeClock
from hcs.testing.fakes import FakeUnitOfWork
from repairs.domain.calendar import WorkingCalendar
from repairs.domain.contractors import Contractor, Hours
from repairs.domain.delivery import DeliveryAttempt, OutboundMessage
from repairs.domain.listing import JobFilter
from repairs.domain.model import CLOSED, Job, JobStatus
from repairs.domain.progress import JobUpdate
from repairs.domain.screening import TextScreen
from repairs.domain.target import SlaPolicy
from repairs.service_layer.context import Rules

SECRET = "whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0"
# England and Wales bank holidays around the fixtures' dates (the real calendar is tested apart)
BANK_HOLIDAYS = {date(2026, 12, 25), date(2026, 12, 28), date(2027, 1, 1)}


class FakeJobRepository:
    """Keeps copies, so a change a handler did not save is not seen by the next unit of work."""

    def __init__(self) -> None:
        self._jobs: dict[str, Job] = {}

    def add(self, job: Job) -> None:
        assert job.job_id not in self._jobs and self.by_request_id(job.request_id) is None
        self._jobs[job.job_id] = copy.deepcopy(job)

    def save(self, job: Job) -> None:
        assert job.job_id in self._jobs
        self._jobs[job.job_id] = copy.deepcopy(job)

    def get(self, job_id: str, for_update: bool = False) -> Job | None:
        job = self._jobs.get(job_id)
        return copy.deepcopy(job) if job else None

    def by_request_id(self, request_id: str) -> Job | None:
        return next((copy.deepcopy(j) for j in self._jobs.values() if j.request_id == request_id), None)

    def search(self, wanted: JobFilter, now: datetime) -> tuple[list[Job], int]:
        found = [j for j in self._jobs.values() if (not wanted.case_id or j.case_id == wanted.case_id)
                 and (not wanted.contractor or j.contractor == wanted.contractor) and _in_state(j, wanted.state, now)]
        visible = sorted((j for j in found if j.stream in wanted.streams), key=lambda j: (j.target_at, j.job_id))
        return [copy.deepcopy(j) for j in visible[wanted.offset:wanted.offset + wanted.limit]], len(found)

    def open_loads(self) -> dict[str, int]:
        loads: dict[str, int] = {}
        for job in self._jobs.values():
            if job.contractor and job.status not in CLOSED:
                loads[job.contractor] = loads.get(job.contractor, 0) + 1
        return loads

    def due_for_sla(self, now: datetime, limit: int) -> list[Job]:
        return self._pick(lambda j: bool(j.due_signals(now)), limit)

    def awaiting_acceptance(self, now: datetime, limit: int) -> list[Job]:
        return self._pick(lambda j: j.status in (JobStatus.CREATED, JobStatus.DISPATCHED) and j.contractor is not None
                          and j.accept_by is not None and j.accept_by <= now, limit)

    def awaiting_contractor(self, limit: int, exclude: Any = ()) -> list[Job]:
        return self._pick(lambda j: j.contractor is None and j.status not in CLOSED and j.job_id not in exclude, limit)

    def _pick(self, wanted: Any, limit: int) -> list[Job]:
        found = sorted((j for j in self._jobs.values() if wanted(j)), key=lambda j: j.target_at)
        return [copy.deepcopy(j) for j in found[:limit]]

    def all(self) -> list[Job]:
        return list(self._jobs.values())


def _in_state(job: Job, state: str, now: datetime) -> bool:
    is_open = job.status not in CLOSED
    missed = job.target_outcome(now).value == "breached" or job.follow_on_outcome(now).value == "missed"
    at_risk = is_open and (
        (job.made_safe_at is None and job.completed_at is None and job.at_risk_at <= now <= job.target_at)
        or (job.follow_on_at_risk_at is not None and job.completed_at is None
            and job.follow_on_at_risk_at <= now <= job.follow_on_due_at))  # type: ignore[operator]
    return {"open": is_open, "at_risk": at_risk, "breached": missed and job.status is not JobStatus.CANCELLED,
            "unassigned": is_open and job.contractor is None, "closed": not is_open, "all": True,
            "follow_on": is_open and job.made_safe_at is not None and job.completed_at is None}[state]


class FakeMessageBox:
    def __init__(self) -> None:
        self.rows: list[OutboundMessage] = []

    def add(self, message: OutboundMessage) -> None:
        assert all(m.webhook_id != message.webhook_id for m in self.rows)
        message.id = len(self.rows) + 1
        self.rows.append(copy.deepcopy(message))

    def save(self, message: OutboundMessage) -> None:
        self.rows[message.id - 1] = copy.deepcopy(message)  # type: ignore[operator]

    def get(self, message_id: int, for_update: bool = False) -> OutboundMessage | None:
        return copy.deepcopy(self.rows[message_id - 1])

    def due(self, now: datetime, limit: int) -> list[OutboundMessage]:
        pending = [m for m in self.rows if m.status == "pending"]
        due = [m for m in pending if m.next_attempt_at <= now and not any(
            e.id < m.id and e.job_id == m.job_id and e.contractor == m.contractor for e in pending)]  # type: ignore[operator]
        return [copy.deepcopy(m) for m in sorted(due, key=lambda m: (m.next_attempt_at, m.id))[:limit]]

    def for_job(self, job_id: str) -> list[OutboundMessage]:
        return [copy.deepcopy(m) for m in self.rows if m.job_id == job_id]

    def pending(self) -> tuple[int, datetime | None]:
        waiting = [m.created_at for m in self.rows if m.status == "pending"]
        return len(waiting), min(waiting, default=None)

    def attempted(self, job_id: str, contractor: str, assignment: int) -> bool:
        return any(m.attempts > 0 for m in self._of(job_id, contractor, assignment))

    def supersede_pending(self, job_id: str, contractor: str, assignment: int) -> None:
        for message in self._of(job_id, contractor, assignment):
            if message.status == "pending":
                message.status = "superseded"

    def attempts_for(self, job_id: str, assignment: int) -> int:
        return max((m.attempts for m in self.rows if m.job_id == job_id and m.assignment == assignment
                    and m.kind == "job.offered"), default=0)

    def count_for(self, job_id: str, assignment: int, kind: str) -> int:
        return sum(1 for m in self.rows if m.job_id == job_id and m.assignment == assignment and m.kind == kind)

    def _of(self, job_id: str, contractor: str, assignment: int) -> list[OutboundMessage]:
        return [m for m in self.rows if (m.job_id, m.contractor, m.assignment) == (job_id, contractor, assignment)]

    def to(self, contractor: str) -> list[tuple[str, str]]:
        """(kind, status) of every message written for ``contractor``."""
        return [(m.kind, m.status) for m in self.rows if m.contractor == contractor]


class FakeDeliveryLog:
    def __init__(self) -> None:
        self.attempts: list[DeliveryAttempt] = []

    def add(self, attempt: DeliveryAttempt) -> None:
        self.attempts.append(attempt)

    def for_job(self, job_id: str) -> list[DeliveryAttempt]:
        return [a for a in self.attempts if a.job_id == job_id]


class FakeUpdateLog:
    def __init__(self) -> None:
        self.rows: dict[tuple[str, str], JobUpdate] = {}

    def get(self, channel: str, key: str) -> JobUpdate | None:
        return self.rows.get((channel, key))

    def add(self, entry: JobUpdate) -> None:
        assert (entry.channel, entry.key) not in self.rows
        self.rows[(entry.channel, entry.key)] = entry

    def for_job(self, job_id: str) -> list[JobUpdate]:
        return [u for u in self.rows.values() if u.job_id == job_id]


class FakeRepairsUnitOfWork(FakeUnitOfWork):
    def __init__(self, clock: FakeClock | None = None) -> None:
        super().__init__(clock)
        self.jobs = FakeJobRepository()
        self.messages = FakeMessageBox()
        self.deliveries = FakeDeliveryLog()
        self.updates = FakeUpdateLog()


REPORTED = datetime(2026, 11, 20, 21, 0, tzinfo=UTC)  # a Friday evening


def contractor(name: str = "reference", **changes: Any) -> Contractor:
    values: dict[str, Any] = {"name": name, "endpoint": f"http://{name}/jobs", "secret": SECRET}
    values.update(changes)
    return Contractor(**values)


def make_rules(*contractors: Contractor, accept_minutes: float = 30) -> Rules:
    policy = SlaPolicy(WorkingCalendar(BANK_HOLIDAYS))
    return Rules(policy, contractors or (contractor(),), TextScreen(), timedelta(minutes=accept_minutes))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(REPORTED + timedelta(minutes=30))


@pytest.fixture
def uow(clock: FakeClock) -> FakeRepairsUnitOfWork:
    return FakeRepairsUnitOfWork(clock)


@pytest.fixture
def rules() -> Rules:
    return make_rules()


def repair_request(request_id: str = "req-1", **changes: Any) -> dict[str, Any]:
    request: dict[str, Any] = {
        "request_id": request_id, "case_id": "case-1", "stream": "general_needs", "reported_at": REPORTED,
        "address": {"uprn": "100023336956", "postcode": "E1 6AN", "line": "1 High Street"},
        "description": "offensive graffiti", "location": "front door", "priority": "emergency",
        "job_type": None, "access_notes": None, "action_id": None,
    }
    request.update(changes)
    return request


@pytest.fixture
def request_factory() -> Any:
    return repair_request


__all__ = ["REPORTED", "Hours", "contractor", "make_rules", "repair_request"]
