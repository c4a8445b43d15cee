"""Fakes of referrals' repositories and unit of work, and a case to refer from."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from hcs.auth import Caller
from hcs.clock import FakeClock
from hcs.testing.fakes import FakeUnitOfWork
from referrals.domain.consent import ConsentRecord
from referrals.domain.model import CaseEntry, Referral

CASE = "case-1"
OFFICER = Caller("officer-1", "housing_officer", "north", frozenset({"general_needs"}))


class FakeCaseIndex:
    def __init__(self) -> None:
        self.cases: dict[str, CaseEntry] = {}

    def get(self, case_id: str) -> CaseEntry | None:
        return self.cases.get(case_id)

    def add(self, case: CaseEntry, opened_at: datetime) -> None:
        self.cases[case.case_id] = case


class FakeConsentRepository:
    def __init__(self) -> None:
        self.records: list[ConsentRecord] = []

    def for_case(self, case_id: str) -> list[ConsentRecord]:
        return [r for r in self.records if r.case_id == case_id]

    def add(self, record: ConsentRecord) -> None:
        assert all((r.case_id, r.partner, r.version) != (record.case_id, record.partner, record.version)
                   for r in self.records), "a consent version is written once"
        self.records.append(record)


class FakeReferralRepository:
    def __init__(self) -> None:
        self.referrals: list[Referral] = []

    def add(self, referral: Referral) -> None:
        self.referrals.append(referral)

    def by_idempotency_key(self, key: str) -> Referral | None:
        return next((r for r in self.referrals if r.idempotency_key == key), None)

    def for_case(self, case_id: str) -> list[Referral]:
        return [r for r in self.referrals if r.case_id == case_id]


class FakeReferralsUnitOfWork(FakeUnitOfWork):
    def __init__(self, clock: FakeClock | None = None) -> None:
        super().__init__(clock or FakeClock())
        self.cases = FakeCaseIndex()
        self.consents = FakeConsentRepository()
        self.referrals = FakeReferralRepository()


def new_uow() -> FakeReferralsUnitOfWork:
    uow = FakeReferralsUnitOfWork()
    uow.cases.add(CaseEntry(CASE, "general_needs"), uow.clock.now())
    return uow


@pytest.fixture
def uow() -> FakeReferralsUnitOfWork:
    return new_uow()


@pytest.fixture
def make_uow() -> Any:
    return new_uow
