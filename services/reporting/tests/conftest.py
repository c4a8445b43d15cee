"""Fakes of reporting's repository and unit of work, and a small hand-counted set of facts."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

import pytest

from hcs.testing.fakes import FakeUnitOfWork
from reporting.domain.facts import Fact, Period


class FakeFactRepository:
    def __init__(self) -> None:
        self.stored: list[Fact] = []

    def has(self, event_id: str) -> bool:
        return any(f.event_id == event_id for f in self.stored)

    def add(self, fact: Fact) -> None:
        assert not self.has(fact.event_id), "facts.event_id is unique"
        self.stored.append(fact)

    def in_period(self, event_types: Iterable[str], period: Period, stream: str | None = None) -> list[Fact]:
        types = set(event_types)
        return [f for f in self.stored if f.event_type in types and period.contains(f.occurred_at)
                and (stream is None or f.stream == stream)]

    def all(self) -> list[Fact]:
        return list(self.stored)

    def remove_all(self) -> None:
        self.stored.clear()


class FakeReportingUnitOfWork(FakeUnitOfWork):
    def __init__(self) -> None:
        super().__init__()
        self.facts = FakeFactRepository()

GN, CS = "general_needs", "care_support"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def fact(event_type: str, when: str, stream: str, **data: Any) -> Fact:
    aggregate_id = str(data.get("case_id") or data.get("report_id"))
    return Fact(str(uuid.uuid4()), event_type, 1, at(when), aggregate_id, {"stream": stream, **data})


def report(report_id: str, when: str, stream: str, triage: str = "harassment",
           strands: tuple[str, ...] = ()) -> Fact:
    return fact("report_received", when, stream, report_id=report_id, received_at=when + "+00:00",
                channel="phone", triage=triage, strands=list(strands), flags=[], address=None,
                household_key=None, damage=None)


def quarter_facts() -> list[Fact]:
    """January to March 2026, plus facts either side. Times are UTC; UK summer time begins on
    29 March 2026, so the quarter ends at 2026-03-31T23:00Z.

    In the quarter (2026-01-01 inclusive to 2026-04-01 exclusive), general needs / care & support:
      reports_received 3 / 1, hate_incidents 2 / 0, racist_incidents 1 / 1 (r4 is racist harassment),
      cases_opened 1 / 1, reports_linked 1 / 0, repair_jobs_created 1 / 0,
      repair_jobs_dispatched 1 / 0 (j1 twice), referrals_requested 0 / 1, refused_no_consent 1 / 0.
    """
    return [
        report("r0", "2025-12-31T23:59:59", GN, "hate_incident", ("race",)),  # the day before: out
        report("r1", "2026-01-01T00:00:00", GN, "hate_incident", ("race",)),  # the first moment: in
        report("r2", "2026-02-10T10:00:00", GN, "hate_incident", ("religion",)),
        report("r3", "2026-03-31T22:59:59", GN, "neighbour_dispute"),  # 23:59:59 BST: in
        report("r4", "2026-02-11T10:00:00", CS, "harassment", ("race",)),
        report("r5", "2026-03-31T23:00:00", CS, "hate_incident", ("race",)),  # midnight BST: out
        fact("case_opened", "2026-01-01T00:05:00", GN, case_id="c1", report_id="r1",
             opened_at="2026-01-01T00:05:00+00:00", hate_incident=True, strands=["race"]),
        fact("case_opened", "2026-02-11T10:05:00", CS, case_id="c2", report_id="r4",
             opened_at="2026-02-11T10:05:00+00:00", hate_incident=False, strands=["race"]),
        fact("report_linked", "2026-02-10T10:05:00", GN, case_id="c1", report_id="r2",
             linked_at="2026-02-10T10:05:00+00:00"),
        fact("job_created", "2026-01-01T01:00:00", GN, job_id="j1", case_id="c1", request_id="q1",
             created_at="2026-01-01T01:00:00+00:00", target_at="2026-01-02T01:00:00+00:00"),
        fact("job_dispatched", "2026-01-01T01:01:00", GN, job_id="j1", case_id="c1", contractor="k1",
             target_at="2026-01-02T01:00:00+00:00", dispatched_at="2026-01-01T01:01:00+00:00", attempts=1),
        fact("job_dispatched", "2026-01-01T03:00:00", GN, job_id="j1", case_id="c1", contractor="k2",
             target_at="2026-01-02T01:00:00+00:00", dispatched_at="2026-01-01T03:00:00+00:00", attempts=2),
        fact("referral_requested", "2026-02-12T09:00:00", CS, referral_id="f1", case_id="c2",
             partner="police", purpose="investigation", requested_at="2026-02-12T09:00:00+00:00"),
        fact("referral_refused", "2026-01-02T09:00:00", GN, case_id="c1", partner="victim_support",
             purpose="support", reason="no_consent", refused_at="2026-01-02T09:00:00+00:00"),
    ]



@pytest.fixture
def fake_uow() -> FakeReportingUnitOfWork:
    return FakeReportingUnitOfWork()


@pytest.fixture
def quarter() -> list[Fact]:
    return quarter_facts()


@pytest.fixture
def make_fact() -> Any:
    return fact
