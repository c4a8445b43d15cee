"""Fakes of what intake's unit of work offers, and report payloads to start from."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

import pytest

from hcs.auth import Caller
from hcs.clock import FakeClock
from hcs.testing.fakes import FakeUnitOfWork
from intake.domain.flags import EarlierReport
from intake.domain.listing import ReportQuery
from intake.domain.report import Report, Version
from intake.service_layer.unit_of_work import ConcurrentWrite
from intake.settings import intake_settings

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)


class FakeCaseTeams:
    """Which case each report is in and the team of each case (writes applied at once: tests set them)."""

    def __init__(self) -> None:
        self.case_of: dict[str, str] = {}
        self.teams: dict[str, tuple[str, datetime]] = {}

    def learn(self, case_id: str, team: str, as_of: datetime) -> None:
        if case_id not in self.teams or self.teams[case_id][1] <= as_of:
            self.teams[case_id] = (team, as_of)

    def forget(self, case_id: str) -> None:
        self.teams.pop(case_id, None)

    def of_report(self, report_id: str) -> str | None:
        case_id = self.case_of.get(report_id)
        return self.teams[case_id][0] if case_id in self.teams else None

    def put(self, report_id: str, case_id: str, team: str, as_of: datetime = NOW) -> None:
        self.case_of[report_id] = case_id
        self.learn(case_id, team, as_of)


class FakeReportRepository:
    """Keeps copies, and keeps a unit of work's writes apart until it commits (as a database would)."""

    def __init__(self, teams: FakeCaseTeams | None = None) -> None:
        self.teams = teams or FakeCaseTeams()
        self.reports: dict[str, Report] = {}
        self.history: dict[str, list[Version]] = {}
        self._staged: list[tuple[str, Any]] = []

    # writes, staged until commit
    def add(self, report: Report) -> None:
        self._staged.append(("add", copy.deepcopy(report)))
        self.add_version(report.report_id, report.first_version())

    def save(self, report: Report) -> None:
        self._staged.append(("save", copy.deepcopy(report)))

    def add_version(self, report_id: str, version: Version) -> None:
        self._staged.append(("version", (report_id, copy.deepcopy(version))))

    def commit(self) -> None:
        for kind, item in self._staged:
            if kind == "add":
                if any(r.submitted_by == item.submitted_by and r.idempotency_key == item.idempotency_key
                       for r in self.reports.values()):
                    self._staged.clear()
                    raise ConcurrentWrite("duplicate idempotency key")
                self.reports[item.report_id] = item
            elif kind == "save":
                self.reports[item.report_id] = item
            else:
                report_id, version = item
                self.history.setdefault(report_id, []).append(version)
        self._staged.clear()

    def rollback(self) -> None:
        self._staged.clear()

    # reads, of what was committed
    def get(self, report_id: str) -> Report | None:
        return copy.deepcopy(self.reports.get(report_id))

    def many(self, report_ids: Any) -> list[Report]:
        return [copy.deepcopy(self.reports[i]) for i in report_ids if i in self.reports]

    def by_idempotency_key(self, submitted_by: str, key: str) -> Report | None:
        return next((copy.deepcopy(r) for r in self.reports.values()
                     if r.submitted_by == submitted_by and r.idempotency_key == key), None)

    def versions(self, report_id: str) -> list[Version]:
        return copy.deepcopy(self.history.get(report_id, []))

    def earlier_at_places(self, places: set[str], since: datetime, until: datetime,
                          excluding: str | None = None) -> list[EarlierReport]:
        return [EarlierReport(r.report_id, r.channel, r.received_at, r.keys.household, r.keys.incident_place,
                              r.incident_window, r.withdrawal is not None)
                for r in sorted(self.reports.values(), key=lambda r: r.received_at)
                if r.report_id != excluding and since <= r.received_at <= until and (places & r.keys.of_places())]

    def page(self, query: ReportQuery) -> list[Report]:
        def wanted(r: Report) -> bool:
            return (r.stream in query.streams and query.triage in (None, r.triage.outcome)
                    and query.channel in (None, r.channel) and query.status in (None, r.status)
                    and (query.flag is None or query.flag in r.triage.flags)
                    and (not query.held_to_team or self.teams.of_report(r.report_id) in (None, query.team))
                    and (query.received_from is None or r.received_at >= query.received_from)
                    and (query.received_until is None or r.received_at < query.received_until)
                    and (query.after is None
                         or (r.received_at, r.report_id) < (query.after.received_at, query.after.report_id)))

        found = sorted(filter(wanted, self.reports.values()), key=lambda r: (r.received_at, r.report_id), reverse=True)
        return copy.deepcopy(found[:query.page_size + 1])


class FakeIntakeUnitOfWork(FakeUnitOfWork):
    def __init__(self, clock: FakeClock | None = None) -> None:
        super().__init__(clock)
        self.teams = FakeCaseTeams()
        self.reports = FakeReportRepository(self.teams)

    def commit(self) -> None:
        self.reports.commit()
        super().commit()

    def rollback(self) -> None:
        self.reports.rollback()
        super().rollback()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW)


@pytest.fixture
def uow(clock: FakeClock) -> FakeIntakeUnitOfWork:
    return FakeIntakeUnitOfWork(clock)


@pytest.fixture
def settings() -> Any:
    return intake_settings({}, "test-secret-" + "x" * 40)


def caller(role: str = "housing_officer", user_id: str = "officer-1",
           streams: tuple[str, ...] = ("general_needs", "care_support")) -> Caller:
    return Caller(user_id, role, "north", frozenset(streams))


def report(key: str = "key-00000001", **changes: Any) -> dict[str, Any]:
    """A valid report as the schema loads it (times as datetimes)."""
    payload: dict[str, Any] = {
        "idempotency_key": key, "channel": "phone", "stream": "general_needs", "anonymous": False,
        "reporter": {"role": "victim", "name": "A Tenant", "contact": "07700 900123"},
        "victims": [{"name": "A Tenant", "contact": "07700 900123",
                     "safe_contact": {"times": "weekdays after 6pm", "method": "phone"},
                     "address": {"uprn": "100023336956", "postcode": "E1 6AN", "line": "Flat 2, 10 Example Street"},
                     "vulnerabilities": [], "support_needs": [], "language": "Polish", "interpreter_needed": False,
                     "accessibility_needs": []}],
        "household": {"address": {"uprn": "100023336956", "postcode": "E1 6AN"}, "tenant": True},
        "incident": {"occurred_at": datetime(2026, 11, 20, 21, 30, tzinfo=UTC), "location_type": "home",
                     "narrative": "Racist abuse shouted through my letterbox.", "types": ["verbal_abuse"]},
        "perception": {"strands": ["race"], "perceived_by": "victim"},
        "perpetrators": [{"known": True, "name": "N Neighbour", "description": "man from number 12", "is_tenant": True,
                          "address": {"uprn": "100023336957"}}],
        "witnesses": [], "contact_consent": True,
        "police": {"informed": True, "crime_reference": "CAD 1234/20NOV"},
        "officer_offer": {"offered": True, "answer": "same_ethnic_origin"},
    }
    payload.update(changes)
    return copy.deepcopy(payload)
