"""Fakes of what repairs' unit of work offers: in-memory jobs, delivery log and callbacks."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

import pytest

from hcs.clock import FakeClock
from hcs.testing.fakes import FakeUnitOfWork
from repairs.domain.delivery import DeliveryAttempt
from repairs.domain.model import Job, JobStatus


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

    def for_case(self, case_id: str) -> list[Job]:
        return [copy.deepcopy(j) for j in self._jobs.values() if j.case_id == case_id]

    def awaiting_delivery(self, now: datetime, limit: int) -> list[Job]:
        due = [j for j in self._jobs.values() if j.status is JobStatus.CREATED
               and j.next_attempt_at is not None and j.next_attempt_at <= now]
        return [copy.deepcopy(j) for j in sorted(due, key=lambda j: j.next_attempt_at)[:limit]]

    def all(self) -> list[Job]:
        return list(self._jobs.values())


class FakeDeliveryLog:
    def __init__(self) -> None:
        self.attempts: list[DeliveryAttempt] = []

    def add(self, attempt: DeliveryAttempt) -> None:
        self.attempts.append(attempt)

    def for_job(self, job_id: str) -> list[DeliveryAttempt]:
        return [a for a in self.attempts if a.job_id == job_id]


class FakeCallbackLog:
    def __init__(self) -> None:
        self.rows: dict[tuple[str, str], dict[str, Any]] = {}

    def seen(self, contractor: str, webhook_id: str) -> bool:
        return (contractor, webhook_id) in self.rows

    def add(self, contractor: str, webhook_id: str, job_id: str, status: str, at: datetime,
            received_at: datetime, notes: str | None) -> None:
        assert (contractor, webhook_id) not in self.rows
        self.rows[(contractor, webhook_id)] = {"job_id": job_id, "status": status, "at": at}


class FakeRepairsUnitOfWork(FakeUnitOfWork):
    def __init__(self, clock: FakeClock | None = None) -> None:
        super().__init__(clock)
        self.jobs = FakeJobRepository()
        self.deliveries = FakeDeliveryLog()
        self.callbacks = FakeCallbackLog()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 11, 20, 21, 30, tzinfo=UTC))


@pytest.fixture
def uow(clock: FakeClock) -> FakeRepairsUnitOfWork:
    return FakeRepairsUnitOfWork(clock)


def repair_request(request_id: str = "req-1", **changes: Any) -> dict[str, Any]:
    request: dict[str, Any] = {
        "request_id": request_id, "case_id": "case-1", "stream": "general_needs",
        "reported_at": datetime(2026, 11, 20, 21, 0, tzinfo=UTC),
        "address": {"uprn": "100023336956", "postcode": "E1 6AN", "line": "1 High Street"},
        "description": "offensive graffiti", "location": "front door",
    }
    request.update(changes)
    return request


@pytest.fixture
def request_factory() -> Any:
    return repair_request
