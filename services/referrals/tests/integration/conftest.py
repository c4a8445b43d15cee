"""Starting referrals against the real broker and a database, beside a reference partner and stand-ins
for the cases and intake RPCs that hand over case data (called with referrals' service token)."""

from __future__ import annotations

import base64
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import create_engine, func, select

from hcs.auth import SERVICE, Identity, rpc
from hcs.errors import Forbidden
from hcs.testing.plugin import free_port, make_settings, publish_event, wait_for
from hcs_tools.partner import ReferencePartner
from referrals.service import ReferralsService

SECRET = "whsec_" + base64.b64encode(b"integration-test-partner-secret-01").decode()
PULL_SECRET = "whsec_" + base64.b64encode(b"integration-test-pull-partner-sec").decode()
SUPPORT_FIELDS = ["case.reference", "case.strands", "victim.name", "victim.contact", "victim.safe_contact",
                  "incident.types"]


def shareable_case(case_id: str) -> dict[str, Any]:
    """As cases answers it: the whole shareable view, whatever referrals needs of it."""
    return {"case_id": case_id, "stream": "general_needs", "status": "open", "hate_incident": True, "racist": True,
            "strands": ["race"], "asb_category": "personal", "risk_level": "high", "support_needs": ["counselling"],
            "officer_id": "officer-1", "team": "north", "report_ids": ["r-1"]}


def extract(fields: list[str]) -> dict[str, Any]:
    """As intake answers it, for one report: the fields asked for (by intake's names)."""
    known = {"victim_name": "Ada Example", "victim_contact": "07700 900123", "safe_contact": {"method": "text"},
             "address": {"line": "Flat 2, 10 Example Street"}, "incident_types": ["graffiti"],
             "incident_summary": "They wrote slurs on my door.", "perpetrator_description": ["Neighbour, flat 3"]}
    return {f: known.get(f) for f in fields}


class DataCalls:
    made: list[tuple[str, Any, list[str]]] = []


class StubCases:
    """Stands in for cases' shareable view, as the referrals service calls it."""

    name = "cases"
    caller = Identity()

    @rpc
    def shareable_case(self, case_id: str) -> dict[str, Any]:
        only_referrals(self.caller)
        DataCalls.made.append(("cases", case_id, []))
        return shareable_case(case_id)


class StubIntake:
    name = "intake"
    caller = Identity()

    @rpc
    def referral_extract(self, report_ids: list[str], fields: list[str]) -> dict[str, dict[str, Any]]:
        only_referrals(self.caller)
        DataCalls.made.append(("intake", report_ids, fields))
        return {r: extract(fields) | {"date_of_birth": "1970-01-01"} for r in report_ids}


def only_referrals(caller: Any) -> None:
    if (caller.role, caller.user_id) != (SERVICE, "service:referrals"):
        raise Forbidden("only the referrals service may ask")


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
