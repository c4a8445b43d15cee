"""A small world for referrals' unit tests: three partners with agreements, a case, staff, and
shortcuts for the commands the tests repeat."""

from __future__ import annotations

import itertools
from typing import Any

from hcs.auth import Caller, system_caller
from hcs.clock import FakeClock
from referrals.domain.model import CaseEntry
from referrals.service_layer import consents, registry, requests

from .fakes import FakeReferralsUnitOfWork

CASE = "case-1"
STREAMS = frozenset({"general_needs"})
OFFICER = Caller("officer-1", "housing_officer", "north", STREAMS)
OTHER_TEAM = Caller("officer-9", "housing_officer", "south", STREAMS)
OTHER_STREAM = Caller("officer-2", "housing_officer", "north", frozenset({"care_support"}))
SENIOR = Caller("senior-1", "senior", "north", STREAMS)
OTHER_TEAM_SENIOR = Caller("senior-9", "senior", "south", STREAMS)
MANAGER = Caller("manager-1", "manager", None, frozenset({"general_needs", "care_support"}))
DPO = Caller("dpo-1", "data_protection_officer", None, frozenset({"general_needs", "care_support"}))
ADMIN = Caller("admin-1", "administrator", None, frozenset())
BOARD = Caller("board-1", "board_member", None, frozenset({"general_needs"}))
SYSTEM = system_caller("referrals")
SECRET = "whsec_" + "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0"

POLICE_FIELDS = ["case.reference", "victim.name", "victim.contact", "victim.address", "incident.occurred_at",
                 "incident.types", "incident.account", "case.strands", "perpetrator.description",
                 "police.crime_reference"]
SUPPORT_FIELDS = ["case.reference", "victim.name", "victim.contact", "victim.safe_contact", "victim.language",
                  "incident.types", "case.strands", "case.risk_level"]


def agreement(purposes: dict[str, list[str]], **changes: Any) -> dict[str, Any]:
    return {"lawful_basis": "consent", "special_category_condition": "explicit_consent", "purposes": purposes,
            "retention_days": 365, "acknowledge_within_hours": 24, "respond_within_hours": 72,
            "document_ref": "isa-test-1", **changes}


SEEDS = [
    {"code": "police", "name": "Metropolitan Police", "kind": "police", "delivery": "webhook",
     "endpoint": "https://police.example/referrals", "secret": SECRET,
     "agreement": agreement({"investigation": POLICE_FIELDS,
                             "case_conference": ["case.reference", "case.risk_level", "incident.types"]})},
    {"code": "victim-support", "name": "Victim Support", "kind": "victim_support", "delivery": "pull",
     "endpoint": None, "secret": SECRET, "agreement": agreement({"support": SUPPORT_FIELDS})},
    {"code": "counselling", "name": "Counselling Service", "kind": "counselling", "delivery": "webhook",
     "endpoint": "https://counselling.example/in", "secret": SECRET,
     "agreement": agreement({"counselling": ["case.reference", "victim.name", "victim.contact"]},
                            acknowledge_within_hours=4, respond_within_hours=8)},
]

_keys = itertools.count(1)


def key(prefix: str = "key") -> str:
    return f"{prefix}-{next(_keys):06d}"


def world(clock: FakeClock | None = None) -> FakeReferralsUnitOfWork:
    uow = FakeReferralsUnitOfWork(clock)
    registry.seed_partners(uow, SEEDS, SYSTEM)
    uow.cases.save(CaseEntry(CASE, "general_needs", team="north", officer_id="officer-1", report_ids=("r-1",)))
    uow.outbox.events.clear()
    uow.audit.entries.clear()
    return uow


def consent(partners: tuple[str, ...] = ("police",), purposes: tuple[str, ...] = ("investigation",),
            categories: tuple[str, ...] = ("case", "contact", "incident"), **changes: Any) -> dict[str, Any]:
    return {"case_id": CASE, "partners": list(partners), "purposes": list(purposes),
            "data_categories": list(categories), "how": "written", "wording_version": "consent-v3",
            "idempotency_key": key("consent"), **changes}


def give(uow: FakeReferralsUnitOfWork, *args: Any, caller: Caller = OFFICER, **changes: Any) -> Any:
    return consents.record_consent(uow, consent(*args, **changes), caller)


def withdraw(uow: FakeReferralsUnitOfWork, partners: tuple[str, ...] | None = ("police",),
             caller: Caller = OFFICER) -> Any:
    details = {"case_id": CASE, "how": "verbal", "idempotency_key": key("withdraw")}
    if partners is not None:
        details["partners"] = list(partners)
    return consents.withdraw(uow, details, caller)


def referral(partner: str = "police", purpose: str = "investigation",
             categories: tuple[str, ...] = ("contact", "incident"), **changes: Any) -> dict[str, Any]:
    return {"case_id": CASE, "partner": partner, "purpose": purpose, "data_categories": list(categories),
            "idempotency_key": key("referral"), **changes}


def refer(uow: FakeReferralsUnitOfWork, *args: Any, caller: Caller = OFFICER, **changes: Any) -> Any:
    return requests.request_referral(uow, referral(*args, **changes), caller)
