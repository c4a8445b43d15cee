"""A harassment case with everything the data protection duties touch, across the five real services:
a named victim, an alleged perpetrator and a witness; a case with contacts; a repair job the reference
contractor completes; the victim's consent and a referral the reference partner takes (a disclosure);
the case closed. Shared by the subject access and the retention proofs."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Engine, text

from hcs.db import make_engine
from hcs.errors import NotFound
from hcs.testing.plugin import free_port, wait_for
from hcs_tools.partner import ReferencePartner

PARTNER_SECRET = "whsec_cHJpdmFjeS1wcm9vZnMtcGFydG5lci1zZWNyZXQtMDE="
VICTIM = {"name": "Amina Begum", "contact": "07700 900123",
          "address": {"uprn": "100023336956", "postcode": "E1 6AN", "line": "Flat 2, 10 Example Street"}}
PERPETRATOR = {"known": True, "name": "Gary Black", "description": "Tall man with a red van", "is_tenant": True,
               "relationship": "neighbour",
               "address": {"uprn": "100023336957", "postcode": "E1 6AN", "line": "Flat 5, 10 Example Street"}}
WITNESS = {"name": "Wendy White", "contact": "wendy@example.org", "account": "I saw Gary Black spray the door.",
           "willing_to_give_statement": True}
NARRATIVE = "Gary Black sprayed racist graffiti on my front door. Wendy White saw him do it."


def racist_incident(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "idempotency_key": f"privacy-{uuid.uuid4()}", "channel": "phone", "stream": "general_needs",
        "reporter": {"role": "victim", "name": VICTIM["name"], "contact": VICTIM["contact"]},
        "victims": [VICTIM], "perpetrators": [PERPETRATOR], "witnesses": [WITNESS],
        "incident": {"occurred_at": datetime.now(UTC).isoformat(), "location_type": "home",
                     "narrative": NARRATIVE, "types": ["graffiti", "damage_to_property"]},
        "perception": {"strands": ["race"], "perceived_by": "victim"},
        "damage": {"description": "offensive graffiti", "location": "front door"},
    }
    body.update(overrides)
    return body


def noise_report() -> dict[str, Any]:
    """A neighbour dispute: recorded, opens no case (POL-1)."""
    return racist_incident(perception=None, damage=None, perpetrators=[], witnesses=[], incident={
        "occurred_at": datetime.now(UTC).isoformat(), "narrative": "Loud music every night.",
        "types": ["excessive_noise"]})


@dataclass
class Harassment:
    """The world after ``harassment_case``: ids, and each service's database."""

    system: Any
    partner: ReferencePartner
    report_id: str
    case_id: str
    job_id: str
    referral_id: str
    engines: dict[str, Engine]

    def rows(self, service: str, sql: str, **params: Any) -> list[Any]:
        with self.engines[service].connect() as conn:
            return list(conn.execute(text(sql), params))

    def count(self, service: str, sql: str, **params: Any) -> int:
        return int(self.rows(service, sql, **params)[0][0])


def case_for(client: Any, report_id: str) -> Any:
    try:
        return client.cases.case_for_report(report_id)
    except NotFound:
        return None


@pytest.fixture
def harassment_case(start_system: Callable[..., Any]) -> Iterator[Callable[..., Harassment]]:
    made: list[tuple[ReferencePartner, dict[str, Engine]]] = []

    def build(close: bool = True, **extras: Any) -> Harassment:
        partner = ReferencePartner(PARTNER_SECRET, code="reference-support").start()
        referrals_port = free_port()
        system = start_system(ports={"referrals": referrals_port}, referrals={
            "delivery": {"interval_seconds": 0.05, "timeout_seconds": 2, "max_backoff_seconds": 0.5},
            "callback_base_url": f"http://127.0.0.1:{referrals_port}",
            "partners": {"reference-support": {
                "name": "Reference Victim Support", "kind": "victim_support", "delivery": "webhook",
                "endpoint": f"{partner.url}/referrals", "secret": PARTNER_SECRET,
                "agreement": {"lawful_basis": "consent", "special_category_condition": "explicit_consent",
                              "purposes": {"support": ["case.reference", "victim.name", "perpetrator.name"]},
                              "retention_days": 365, "acknowledge_within_hours": 24, "respond_within_hours": 72,
                              "document_ref": "isa-reference-1"}}},
            **extras.get("referrals", {})}, **{k: v for k, v in extras.items() if k != "referrals"})
        engines = {name: make_engine(url) for name, url in system.database_urls.items()}
        made.append((partner, engines))
        system.register_staff("officer-1")
        officer = system.client("housing_officer", user_id="officer-1")
        manager = system.client("manager", user_id="manager-1")
        report_id = officer.intake.submit_report(racist_incident())["report_id"]
        case_id = wait_for(lambda: case_for(officer, report_id), timeout=30, message="the case")["case_id"]

        def job_done() -> Any:
            jobs = officer.repairs.list_jobs(case_id)
            return jobs if jobs and jobs[0]["status"] == "completed" else None

        job_id = wait_for(job_done, timeout=30, message="the contractor to complete the job")[0]["job_id"]
        officer.cases.record_contact(case_id, {"kind": "visit", "party": "victim", "direction": "outbound",
                                               "summary": "Home visit with Amina; safety plan agreed."})
        officer.cases.record_contact(case_id, {"kind": "phone", "party": "alleged_perpetrator",
                                               "direction": "outbound", "summary": "Warned Gary about his conduct."})
        officer.referrals.record_consent({
            "case_id": case_id, "partners": ["reference-support"], "purposes": ["support"],
            "data_categories": ["case", "contact", "perpetrator"], "how": "verbal", "wording_version": "v1",
            "idempotency_key": f"consent-{uuid.uuid4()}"})
        referral = officer.referrals.request_referral({
            "case_id": case_id, "partner": "reference-support", "purpose": "support",
            "data_categories": ["case", "contact", "perpetrator"], "idempotency_key": f"referral-{uuid.uuid4()}"})
        wait_for(lambda: officer.referrals.get_referral(referral["referral_id"])["status"] == "done", timeout=45,
                 message="the partner to take and finish the referral")
        wait_for(lambda: all(r["status"] == "done" for r in officer.cases.get_case(case_id)["referrals"])
                 and officer.cases.get_case(case_id)["referrals"], timeout=30, message="cases to hear it is done")
        if close:
            request = officer.cases.request_closure(case_id, {
                "outcome": "resolved", "note": "Graffiti removed; no further incidents; victim feels safe.",
                "checklist": {"victim_told": True, "actions_ended": True, "referrals_closed": True}})
            manager.cases.decide_approval(request["approval_id"], {"decision": "approve"})
            assert officer.cases.get_case(case_id)["status"] == "closed"
        return Harassment(system, partner, report_id, case_id, job_id, referral["referral_id"], engines)

    yield build
    for partner, engines in made:
        partner.stop()
        for engine in engines.values():
            engine.dispose()
