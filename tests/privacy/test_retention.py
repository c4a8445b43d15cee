"""Retention across the five real services, on SQLite and PostgreSQL: with every period set to zero,
the expiry runs erase a closed case and a report that opened no case everywhere, through events
(cases' ``case_erased``, intake's ``report_erased``, repairs' ``job_erased``, referrals'
``case_sharing_erased``); reporting anonymises and every figure stays the same; then every old event
is published again, as it was and as new events, and nothing comes back, not even after reporting
rebuilds its read model from its facts."""

from __future__ import annotations

import copy
import json
import uuid
from typing import Any

import pytest

from hcs.testing.plugin import publish_raw, wait_for
from tests.privacy.conftest import VICTIM, case_for, noise_report
from tests.test_every_event_has_a_consumer import consumers

pytestmark = pytest.mark.broker

ZERO = {"run_every_seconds": 0}  # no timer: the runs below are the operator's
SCHEDULES = {"intake": {"report_without_case": {"days": 0}, "subject_access_request": {"days": 0}},
             "cases": {"closed_case": {"days": 0}}, "repairs": {"repair_job": {"days": 0}},
             "referrals": {"sharing_records": {"days": 0}}}
FIGURES = ("reports_received", "racist_incidents", "cases_opened", "cases_closed", "repairs_24h")


def extras() -> dict[str, Any]:
    return {name: {"retention": {**ZERO, "schedule": schedule}} for name, schedule in SCHEDULES.items()}


def figures(client) -> dict[str, Any]:
    found = client.reporting.get_indicators()
    return {i["name"]: (i["by_stream"], i["total"]) for i in found["indicators"] if i["name"] in FIGURES}


def envelopes(world, service: str) -> list[dict[str, Any]]:
    return [json.loads(r[0]) for r in world.rows(service, "SELECT envelope FROM outbox ORDER BY id")]


def held(world) -> dict[str, int]:
    """What each service still holds of the erased case, its reports and its job."""
    ids = {"c": world.case_id, "r": world.report_id, "j": world.job_id}
    return {
        "intake reports": world.count("intake", "SELECT count(*) FROM reports WHERE report_id = :r OR case_id = :c",
                                      **ids),
        "intake person keys": world.count("intake", "SELECT count(*) FROM report_people"),
        "cases": world.count("cases", "SELECT count(*) FROM cases WHERE case_id = :c", **ids),
        "case contacts": world.count("cases", "SELECT count(*) FROM contacts WHERE case_id = :c", **ids),
        "case reports": world.count("cases", "SELECT count(*) FROM case_reports"),
        "jobs": world.count("repairs", "SELECT count(*) FROM jobs"),
        "job updates": world.count("repairs", "SELECT count(*) FROM job_updates"),
        "consents": world.count("referrals", "SELECT count(*) FROM consents"),
        "disclosures": world.count("referrals", "SELECT count(*) FROM disclosures"),
        "referral history": world.count("referrals", "SELECT count(*) FROM referral_history"),
        "referral cases": world.count("referrals", "SELECT count(*) FROM cases"),
        "reporting homes": world.count("reporting", "SELECT count(*) FROM incidents WHERE uprn IS NOT NULL "
                                                    "OR postcode_unit IS NOT NULL"),
    }


def nothing_held(world) -> dict[str, int] | None:
    found = held(world)
    return None if any(found.values()) else found


def test_expiry_erases_everywhere_through_events_and_a_replay_brings_nothing_back(harassment_case):
    world = harassment_case(**extras())
    officer = world.system.client("housing_officer", user_id="officer-1")
    noise = officer.intake.submit_report(noise_report())["report_id"]
    wait_for(lambda: case_for(officer, noise), timeout=30, message="cases to record the noise report")
    manager = world.system.client("manager", user_id="manager-1")
    wait_for(lambda: figures(manager)["repairs_24h"][1] == 1.0 and figures(manager)["cases_closed"][1] == 1,
             timeout=30, message="reporting to count the case")
    before = figures(manager)
    assert any(held(world).values())
    originals = {s: envelopes(world, s) for s in ("intake", "cases", "repairs", "referrals")}

    admin = world.system.client("administrator", user_id="operator-1")
    dry = admin.cases.run_retention(True)
    assert dry["rules"][0]["due"] == 1 and world.count("cases", "SELECT count(*) FROM cases") == 1
    # the job, the sharing records and the noise report on their own clocks first, then the case
    erased = {service: getattr(admin, service).run_retention(False) for service in
              ("repairs", "referrals", "intake", "cases")}
    assert {s: r["rules"][0]["erased"] for s, r in erased.items()} == {
        "repairs": 1, "referrals": 1, "intake": 1, "cases": 1}
    wait_for(lambda: nothing_held(world), timeout=45, message="every service to erase the case")
    wait_for(lambda: {r[0] for r in world.rows("reporting", "SELECT record_type FROM erasures")} == {
        "job", "sharing_records", "report", "case"}, timeout=30, message="reporting to count each erasure")
    assert world.count("intake", "SELECT count(*) FROM reports") == 0  # the noise report too (no case)
    assert figures(manager) == before  # anonymised, not deleted: every figure stays right
    assert not [f for f in world.rows("reporting", "SELECT data FROM facts") if VICTIM["address"]["uprn"] in str(f)]
    erased_types = {r[0] for r in world.rows("cases", "SELECT event_type FROM outbox")}
    assert "case_erased" in erased_types and "contact_recorded" not in erased_types  # outbox copies gone too

    refused_before = refused_count()
    replayed = replay(world, originals)
    wait_for(lambda: all_refused(world, replayed), timeout=60, message="every consumer to see every replayed event")
    assert held(world) == dict.fromkeys(held(world), 0), "a replay brought erased data back"
    assert refused_count() - refused_before == sum(len(ids) for ids in replayed.values())  # each one a tombstone's
    assert len(world.partner.referrals) <= 1 and len(world.system.contractor.jobs) == 1  # nothing sent again
    assert figures(manager) == before

    assert admin.reporting.rebuild()["facts_replayed"] > 0
    assert held(world)["reporting homes"] == 0 and figures(manager) == before


def replay(world, originals: dict[str, list[dict[str, Any]]]) -> dict[str, list[str]]:
    """Publish every original event again, as it was and as a new event (a restored outbox, a
    re-emitted stream); returns each consuming service's expected new event ids."""
    expected: dict[str, list[str]] = {}
    owners = consumers()
    for source, found in originals.items():
        for envelope in found:
            publish_raw(world.system.amqp_uri, source, envelope["event_type"], envelope)
            again = copy.deepcopy(envelope)
            again["event_id"] = str(uuid.uuid4())
            publish_raw(world.system.amqp_uri, source, envelope["event_type"], again)
            for service in owners.get(envelope["event_type"], ()):
                expected.setdefault(service, []).append(again["event_id"])
    return expected


def refused_count() -> float:
    """Events refused, in this process, for naming an erased record (``hcs.messaging``)."""
    from hcs.metrics import ERASED_REFUSED

    return sum(s.value for m in ERASED_REFUSED.collect() for s in m.samples if s.name.endswith("_total"))


def all_refused(world, expected: dict[str, list[str]]) -> bool:
    for service, event_ids in expected.items():
        found = {r[0] for r in world.rows(service, "SELECT event_id FROM inbox")}
        if not set(event_ids) <= found:
            return False
    return True
