"""Starting referrals against the real broker and a database, beside a reference partner and stand-ins
for the cases and intake RPCs that hand over case data (called with referrals' service token)."""

from __future__ import annotations

import base64
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import create_engine, func, select

from hcs.auth import Identity, require_service, rpc
from hcs.testing.plugin import free_port, make_settings, publish_event, wait_for
from hcs_tools.partner import ReferencePartner
from referrals.service import ReferralsService

SECRET = "whsec_" + base64.b64encode(b"integration-test-partner-secret-01").decode()
PULL_SECRET = "whsec_" + base64.b64encode(b"integration-test-pull-partner-sec").decode()
CASE_VALUES = {"case.reference": "HX-2026-0042", "case.strands": ["race"], "case.risk_level": "high",
               "case.vulnerabilities": ["mental_health"], "case.officer": "Officer One, 020 7946 0000"}
REPORT_VALUES = {"victim.name": "Ada Example", "victim.phone": "07700 900123", "victim.email": "ada@example.org",
                 "victim.address": "Flat 2, 10 Example Street", "incident.types": ["graffiti"],
                 "incident.narrative": "They wrote slurs on my door.", "perpetrator.description": "Neighbour, flat 3"}
SUPPORT_FIELDS = ["case.reference", "case.strands", "victim.name", "victim.phone", "victim.email",
                  "incident.types"]


class DataCalls:
    made: list[tuple[str, Any, list[str]]] = []


class StubCases:
    """Stands in for cases' shareable-fields RPC, as the referrals service will call it."""

    name = "cases"
    caller = Identity()

    @rpc
    def shareable_fields(self, case_id: str, fields: list[str]) -> dict[str, Any]:
        require_service(self.caller, {"referrals"}, "read a case's shareable fields")
        DataCalls.made.append(("cases", case_id, fields))
        return {f: CASE_VALUES[f] for f in fields if f in CASE_VALUES} | {"case.internal_note": "never leaves"}


class StubIntake:
    name = "intake"
    caller = Identity()

    @rpc
    def referral_extract(self, report_ids: list[str], fields: list[str]) -> list[dict[str, Any]]:
        require_service(self.caller, {"referrals"}, "extract reports for a referral")
        DataCalls.made.append(("intake", report_ids, fields))
        return [{"report_id": r, **{f: REPORT_VALUES[f] for f in fields if f in REPORT_VALUES},
                 "victim.date_of_birth": "1970-01-01"} for r in report_ids]


def agreement(purposes: dict[str, list[str]]) -> dict[str, Any]:
    return {"lawful_basis": "consent", "special_category_condition": "explicit_consent", "purposes": purposes,
            "retention_days": 365, "acknowledge_within_hours": 24, "respond_within_hours": 72,
            "document_ref": "isa-test-1"}


def partners_config(push_url: str, pull: bool = False) -> dict[str, Any]:
    seeds = {"support": {"name": "Victim Support (test)", "kind": "victim_support", "delivery": "webhook",
                         "endpoint": push_url, "secret": SECRET,
                         "agreement": agreement({"support": SUPPORT_FIELDS})},
             "police": {"name": "Police (test)", "kind": "police", "delivery": "webhook",
                        "endpoint": push_url, "secret": SECRET,
                        "agreement": agreement({"investigation": ["case.reference", "incident.types"]})}}
    if pull:
        seeds["counselling"] = {"name": "Counselling (test, pulls)", "kind": "counselling", "delivery": "pull",
                                "secret": PULL_SECRET,
                                "agreement": agreement({"counselling": ["case.reference", "victim.name"]})}
    return seeds


@pytest.fixture
def partner_factory():
    made: list[ReferencePartner] = []

    def make(secret: str = SECRET, **kwargs: Any) -> ReferencePartner:
        partner = ReferencePartner(secret, **kwargs).start()
        made.append(partner)
        return partner

    yield make
    for partner in made:
        partner.stop()


@pytest.fixture
def data_services(container_factory, amqp_uri):
    """Start the stand-ins for cases and intake; returns a function that starts them (again)."""
    DataCalls.made = []

    def start() -> list[Any]:
        started = []
        for cls in (StubCases, StubIntake):
            container = container_factory(cls, make_settings(cls.name, amqp_uri, "sqlite://").nameko_config())
            container.start()
            started.append(container)
        return started

    return start


@pytest.fixture
def start_referrals(start_service, amqp_uri, tmp_path):
    """Start referrals with partners pushed to ``push_url``; returns (container, engine, base URL)."""

    def start(push_url: str, pull: bool = False, database_url: str | None = None) -> tuple[Any, Any, str]:
        url = database_url or f"sqlite:///{tmp_path}/referrals-{uuid.uuid4().hex[:6]}.db"
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        container = start_service(ReferralsService, amqp_uri, url, http={"port": port}, extra={
            "delivery": {"interval_seconds": 0.05, "timeout_seconds": 2, "max_backoff_seconds": 0.5},
            "data_timeout_seconds": 2, "partners": partners_config(push_url, pull), "callback_base_url": base})
        return container, create_engine(url), base

    return start


def open_case(amqp_uri: str, case_id: str, stream: str = "general_needs", report_id: str = "r-1") -> None:
    publish_event(amqp_uri, "case_opened", case_id, {
        "case_id": case_id, "stream": stream, "report_id": report_id, "opened_at": datetime.now(UTC),
        "hate_incident": True, "strands": ["race"]})


def count(engine: Any, table: Any, *where: Any) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table).where(*where)).scalar())


def rows(engine: Any, query: Any) -> list[Any]:
    with engine.connect() as conn:
        return list(conn.execute(query))


def case_known(engine: Any, case_id: str) -> None:
    from referrals.adapters.orm import cases

    wait_for(lambda: count(engine, cases, cases.c.case_id == case_id) == 1, message=f"case {case_id} indexed")
