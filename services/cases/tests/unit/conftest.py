"""Fakes of what cases' unit of work offers (in memory, with copies, rolled back unless committed),
and builders for reports, staff and settings."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

import pytest

from cases.domain.linking import Candidate
from cases.domain.staff import StaffMember
from cases.domain.work import WorkItem
from cases.settings import cases_settings
from hcs.auth import Caller
from hcs.clock import FakeClock
from hcs.testing.fakes import FakeUnitOfWork

MONDAY = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)  # a Monday, no bank holiday near


class FakeRecords:
    def __init__(self, key: str) -> None:
        self.key = key
        self.rows: dict[str, Any] = {}

    def add(self, record: Any) -> None:
        assert getattr(record, self.key) not in self.rows, "duplicate key"
        self.rows[getattr(record, self.key)] = copy.deepcopy(record)

    def save(self, record: Any) -> None:
        assert getattr(record, self.key) in self.rows
        self.rows[getattr(record, self.key)] = copy.deepcopy(record)

    def get(self, key: str) -> Any:
        return copy.deepcopy(self.rows.get(key))

    def for_case(self, case_id: str) -> list[Any]:
        return [copy.deepcopy(r) for r in self.rows.values() if r.case_id == case_id]

    def all(self) -> list[Any]:
        return list(self.rows.values())


class FakeApprovals(FakeRecords):
    def pending_for(self, case_id: str) -> list[Any]:
        return [a for a in self.for_case(case_id) if a.status == "pending"]

    def pending(self, limit: int) -> list[Any]:
        return [copy.deepcopy(a) for a in self.rows.values() if a.status == "pending"][:limit]


class FakeStaff(FakeRecords):
    def in_team(self, team: str | None) -> list[StaffMember]:
        return [copy.deepcopy(s) for s in self.rows.values() if s.team == team and s.active]

    def everyone(self, team: str | None = None) -> list[StaffMember]:
        return [copy.deepcopy(s) for s in self.rows.values() if team is None or s.team == team]


class FakeWork(FakeRecords):
    def __init__(self) -> None:
        super().__init__("item_id")

    def raise_item(self, item: WorkItem) -> bool:
        if any(i.dedupe_key == item.dedupe_key for i in self.rows.values()):
            return False
        self.add(item)
        return True

    def open_for_case(self, case_id: str, kinds: tuple[str, ...] = ()) -> list[WorkItem]:
        return [i for i in self.for_case(case_id) if i.is_open and (not kinds or i.kind in kinds)]

    def keys_for(self, case_ids: list[str], kinds: tuple[str, ...]) -> set[str]:
        return {i.dedupe_key for i in self.rows.values() if i.case_id in case_ids and i.kind in kinds}

    def open_items(self, kind: str | None = None) -> list[WorkItem]:
        return [i for i in self.rows.values() if i.is_open and (kind is None or i.kind == kind)]


class FakeReferrals:
    CLOSED = ("done", "rejected", "revoked", "withdrawn", "refused")

    def __init__(self) -> None:
        self.rows: dict[str, dict[str, Any]] = {}

    def note(self, ref_key: str, case_id: str, status: str, at: datetime, **extra: Any) -> None:
        row = self.rows.get(ref_key)
        if row is None:
            self.rows[ref_key] = {"ref_key": ref_key, "case_id": case_id, "status": status, "updated_at": at, **extra}
        elif row["status"] not in self.CLOSED:
            row.update(status=status, updated_at=at)

    def rekey(self, request_id: str, referral_id: str) -> bool:
        row = self.rows.pop(f"request:{request_id}", None)
        if row is None or referral_id in self.rows:
            return False
        self.rows[referral_id] = {**row, "ref_key": referral_id}
        return True

    def withdraw_request(self, request_id: str, at: datetime) -> None:
        row = self.rows.get(f"request:{request_id}")
        if row and row["status"] == "requested":
            row.update(status="withdrawn", updated_at=at)

    def open_count(self, case_id: str) -> int:
        return sum(1 for r in self.rows.values() if r["case_id"] == case_id and r["status"] not in self.CLOSED)

    def for_case(self, case_id: str) -> list[dict[str, Any]]:
        return [r for r in self.rows.values() if r["case_id"] == case_id]


class FakeRepairs:
    def __init__(self) -> None:
        self.rows: dict[str, dict[str, Any]] = {}

    def add(self, request_id: str, case_id: str, action_id: str | None, report_id: str | None, at: datetime) -> None:
        self.rows[request_id] = {"request_id": request_id, "case_id": case_id, "action_id": action_id,
                                 "report_id": report_id, "job_id": None, "status": "requested"}

    def get(self, request_id: str) -> dict[str, Any] | None:
        return self.rows.get(request_id)

    def by_job(self, job_id: str) -> dict[str, Any] | None:
        return next((r for r in self.rows.values() if r["job_id"] == job_id), None)

    def update(self, request_id: str, at: datetime, **values: Any) -> None:
        self.rows[request_id].update(values)

    def for_case(self, case_id: str) -> list[dict[str, Any]]:
        return [r for r in self.rows.values() if r["case_id"] == case_id]


class FakeCases:
    def __init__(self) -> None:
        self.cases: dict[str, Any] = {}
        self.reports: dict[str, Any] = {}
        self.parties: set[tuple[str, str, str]] = set()
        self.changes: list[Any] = []
        self.timeline_rows: list[Any] = []

    def get(self, case_id: str, for_update: bool = False) -> Any:
        case = copy.deepcopy(self.cases.get(case_id))
        if case is not None:
            case.report_ids = [r.report_id for r in sorted(self.reports.values(), key=lambda r: r.received_at)
                               if r.case_id == case_id]
        return case

    def add(self, case: Any) -> None:
        assert case.case_id not in self.cases
        self._flush(case)
        self.cases[case.case_id] = copy.deepcopy(case)

    def save(self, case: Any) -> None:
        from cases.domain.errors import CaseRuleBroken

        if self.cases[case.case_id].version != case.version:
            raise CaseRuleBroken("changed by someone else")
        case.version += 1
        self._flush(case)
        self.cases[case.case_id] = copy.deepcopy(case)

    def _flush(self, case: Any) -> None:
        self.timeline_rows.extend(case.new_timeline)
        case.new_timeline.clear()

    def lock_parties(self, keys: Iterable[tuple[str, str]]) -> None:
        """One unit of work at a time here already."""

    def open_candidates(self, keys: Iterable[tuple[str, str]]) -> list[Candidate]:
        return [Candidate(cid, self.cases[cid].stream, self.cases[cid].opened_at, kind)
                for kind, key in keys for cid, k, pk in self.parties
                if (k, pk) == (kind, key) and self.cases[cid].is_open]

    def add_parties(self, case_id: str, keys: Iterable[tuple[str, str]]) -> None:
        self.parties.update((case_id, kind, key) for kind, key in keys)

    def household_keys(self, case_id: str) -> list[str]:
        return [key for cid, kind, key in self.parties if cid == case_id and kind == "household"]

    def report(self, report_id: str, for_update: bool = False) -> Any:
        return copy.deepcopy(self.reports.get(report_id))

    def add_report(self, record: Any) -> None:
        assert record.report_id not in self.reports
        self.reports[record.report_id] = copy.deepcopy(record)

    def save_report(self, record: Any) -> None:
        self.reports[record.report_id] = copy.deepcopy(record)

    def reports_for(self, case_id: str) -> list[Any]:
        return [copy.deepcopy(r) for r in self.reports.values() if r.case_id == case_id]

    def household_report_times(self, household_keys: Iterable[str], since: datetime) -> list[tuple[datetime, bool]]:
        keys = set(household_keys)
        return [(r.received_at, r.hate_incident) for r in self.reports.values()
                if r.household_key in keys and r.received_at >= since and r.live and r.outcome != "recorded"]

    def add_classification_change(self, change: Any) -> None:
        self.changes.append(change)

    def add_timeline(self, entries: Iterable[Any]) -> None:
        self.timeline_rows.extend(entries)

    def caseloads(self, officer_ids: Iterable[str]) -> dict[str, int]:
        ids = set(officer_ids)
        counts: dict[str, int] = {}
        for case in self.cases.values():
            if case.officer_id in ids and case.is_open:
                counts[case.officer_id] = counts.get(case.officer_id, 0) + 1
        return counts

    def timeline_for(self, case_id: str) -> list[Any]:
        return [e for e in self.timeline_rows if e.case_id == case_id]


REPOSITORIES = ("cases", "actions", "remedies", "conferences", "contacts", "reviews", "approvals", "risks", "surveys",
                "staff", "work", "referrals", "repairs")


class FakeCasesUnitOfWork(FakeUnitOfWork):
    """Everything in memory; a unit of work that does not commit leaves the repositories as they were."""

    def __init__(self, clock: FakeClock | None = None) -> None:
        super().__init__(clock or FakeClock(MONDAY))
        self.cases = FakeCases()
        self.actions = FakeRecords("action_id")
        self.remedies = FakeRecords("action_id")
        self.conferences = FakeRecords("conference_id")
        self.contacts = FakeRecords("contact_id")
        self.reviews = FakeRecords("review_id")
        self.approvals = FakeApprovals("approval_id")
        self.risks = FakeRecords("assessment_id")
        self.surveys = FakeRecords("case_id")
        self.staff = FakeStaff("staff_id")
        self.work = FakeWork()
        self.referrals = FakeReferrals()
        self.repairs = FakeRepairs()
        self._snapshot: dict[str, Any] = {}

    def __enter__(self) -> FakeCasesUnitOfWork:
        super().__enter__()
        self._snapshot = {name: copy.deepcopy(getattr(self, name).__dict__) for name in REPOSITORIES}
        return self

    def commit(self) -> None:
        super().commit()
        self._snapshot = {name: copy.deepcopy(getattr(self, name).__dict__) for name in REPOSITORIES}

    def rollback(self) -> None:
        super().rollback()
        for name, state in self._snapshot.items():
            getattr(self, name).__dict__.update(copy.deepcopy(state))

    def __call__(self) -> FakeCasesUnitOfWork:
        return self


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(MONDAY)


@pytest.fixture
def uow(clock: FakeClock) -> FakeCasesUnitOfWork:
    return FakeCasesUnitOfWork(clock)


@pytest.fixture
def settings() -> Any:
    return cases_settings({"allocation": {"default_team": "north",
                                          "patches": {"E1-A": {"team": "north", "postcodes": ["E1"]},
                                                      "N1-A": {"team": "south", "postcodes": ["N1"]}}}})


def report_data(report_id: str = "r1", **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "report_id": report_id, "received_at": MONDAY, "channel": "phone", "stream": "general_needs",
        "triage": "hate_incident", "triage_reasons": [], "strands": ["race"], "perceived_by": "victim",
        "incident_types": ["graffiti"], "incident_at": None, "location_type": "home", "flags": [],
        "address": {"uprn": "100", "postcode": "E1 6AN", "line": "1 High Street"}, "household_key": "uprn:100",
        "perpetrator_keys": [], "perpetrator_identified": False, "damage": None, "anonymous": False,
        "officer_preference": "no_preference", "contact_consent": True, "police_informed": False}
    data.update(changes)
    return data


def staff_member(staff_id: str, role: str = "housing_officer", team: str = "north", **changes: Any) -> StaffMember:
    values: dict[str, Any] = {"name": staff_id.title(), "role": role, "team": team, "patches": ["E1-A"],
                              "trained_on": date(2026, 6, 1)}
    values.update(changes)
    return StaffMember(staff_id, **values)


def person(user_id: str, role: str = "housing_officer", team: str | None = "north",
           streams: tuple[str, ...] = ("general_needs", "care_support")) -> Caller:
    return Caller(user_id, role, team, frozenset(streams))


@pytest.fixture
def make() -> Any:
    """Builders: ``make.report(...)``, ``make.staff(...)``, ``make.person(...)``."""

    class Make:
        report = staticmethod(report_data)
        staff = staticmethod(staff_member)
        person = staticmethod(person)

    return Make
