"""End to end across all five services, the way staff use them: a racist incident reported by
phone becomes a case, its damage a repair job that the contractor receives and completes, consent
lets a referral through, and the indicators count it all, split by stream (POL-2, POL-5, POL-6, POL-7);
a report follows its case's team, through a handover to another team."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from hcs.errors import Forbidden, ValidationFailed
from hcs.testing.plugin import wait_for

pytestmark = pytest.mark.broker


def report(stream: str = "general_needs", **overrides: object) -> dict:
    body: dict = {
        "idempotency_key": f"e2e-{uuid.uuid4()}", "channel": "phone", "stream": stream,
        "reporter": {"role": "victim"},
        "victims": [{"name": "Test Tenant", "address": {"uprn": str(uuid.uuid4().int % 10**11),
                                                        "postcode": "E1 6AN", "line": "Flat 2"}}],
        "incident": {"occurred_at": datetime.now(UTC).isoformat(), "location_type": "home",
                     "narrative": "Racist graffiti sprayed on the front door.",
                     "types": ["graffiti", "damage_to_property"]},
        "perception": {"strands": ["race"], "perceived_by": "victim"},
        "damage": {"description": "offensive graffiti", "location": "front door"},
    }
    body.update(overrides)
    return body


def indicator(indicators: dict, name: str) -> dict:
    return next(i for i in indicators["indicators"] if i["name"] == name)


def row_total(indicators: dict, name: str, row: str) -> float | None:
    found = next(r for r in indicator(indicators, name)["rows"] if r["key"] == row)
    return found["total"]["value"]


def test_a_racist_incident_flows_through_every_service(start_system):
    system = start_system()
    system.register_staff("officer-1")
    officer = system.client("housing_officer", user_id="officer-1")
    manager = system.client("manager", user_id="manager-1")

    receipt = officer.intake.submit_report(report())
    assert receipt["triage"]["outcome"] == "hate_incident"

    found = wait_for(lambda: _case_for(officer, receipt["report_id"]), timeout=30, message="the case")
    case = officer.cases.get_case(found["case_id"])
    assert case["hate_incident"] is True and case["strands"] == ["race"]
    assert case["stream"] == "general_needs"

    def job_completed():
        jobs = officer.repairs.list_jobs(case["case_id"])
        return jobs if jobs and jobs[0]["status"] == "completed" else None

    [job] = wait_for(job_completed, timeout=30, message="the contractor to complete the job")
    assert list(system.contractor.jobs) == [job["job_id"]]
    sent = system.contractor.jobs[job["job_id"]]
    assert "Racist" not in str(sent) and "Test Tenant" not in str(sent)  # only what a contractor needs

    def counted():
        figures = manager.reporting.get_indicators()
        # each event reaches reporting on its own queue: wait until the figure has all of them
        done = row_total(figures, "repairs_24h", "completed_within") == 1
        return figures if done and indicator(figures, "repairs_24h")["total"] == 1.0 else None

    figures = wait_for(counted, timeout=30, message="reporting to count the job completed in time")
    assert indicator(figures, "reports_received")["by_stream"] == {"general_needs": 1, "care_support": 0}
    assert indicator(figures, "racist_incidents")["total"] == 1
    assert indicator(figures, "cases_opened")["total"] == 1
    assert indicator(figures, "repairs_24h")["total"] == 1.0  # the one job, within 24 hours (POL-6)


def test_a_neighbour_noise_report_is_kept_without_opening_a_case(start_system):
    system = start_system()
    officer = system.client("housing_officer")
    receipt = officer.intake.submit_report(_noise_report())
    assert receipt["triage"]["outcome"] == "neighbour_dispute"
    found = wait_for(lambda: _case_for(officer, receipt["report_id"]), timeout=30, message="cases to record it")
    assert found["case_id"] is None and found["outcome"] == "recorded"
    assert officer.intake.get_report(receipt["report_id"])["report_id"] == receipt["report_id"]


def test_bad_input_and_other_streams_are_refused_across_the_system(start_system):
    system = start_system()
    officer = system.client("housing_officer", streams=("general_needs",))
    with pytest.raises(ValidationFailed) as refused:
        officer.intake.submit_report({"channel": "carrier pigeon"})
    assert "channel" in refused.value.fields and "incident" in refused.value.fields

    system.register_staff("officer-2")
    care_officer = system.client("housing_officer", user_id="officer-2", streams=("care_support",))
    receipt = care_officer.intake.submit_report(report(stream="care_support"))
    found = wait_for(lambda: _case_for(care_officer, receipt["report_id"]), timeout=30, message="the case")
    with pytest.raises(Forbidden):
        officer.cases.get_case(found["case_id"])


def test_a_report_follows_its_case_to_another_team_on_a_handover(start_system):
    """Intake keeps a report in a case to the case's team (as cases keeps the case), learning the
    team from cases' events, and follows it when a manager hands the case to another team."""
    system = start_system()
    system.register_staff("officer-n", team="north")
    system.register_staff("officer-s", team="south", patches=("N1",))
    north = system.client("housing_officer", user_id="officer-n", team="north")
    south = system.client("housing_officer", user_id="officer-s", team="south")
    manager = system.client("manager", user_id="manager-1", team="east")

    receipt = north.intake.submit_report(report())
    report_id = receipt["report_id"]
    assert south.intake.get_report(report_id)["report_id"] == report_id  # no case yet: open to the stream
    found = wait_for(lambda: _case_for(north, report_id), timeout=30, message="the case")
    assert north.cases.get_case(found["case_id"])["team"] == "north"
    wait_for(lambda: _refused(lambda: south.intake.get_report(report_id)), timeout=30,
             message="intake to keep the report to the north team")
    assert north.intake.get_report(report_id)["details"]["perception"]["strands"] == ["race"]
    assert [r["report_id"] for r in south.intake.list_reports()["reports"]] == []

    manager.cases.allocate_case(found["case_id"], {"officer_id": "officer-s", "note": "moved to the south team"})
    wait_for(lambda: _refused(lambda: north.intake.get_report(report_id)), timeout=30,
             message="intake to follow the case to the south team")
    assert south.intake.get_report(report_id)["report_id"] == report_id
    assert [r["report_id"] for r in south.intake.list_reports()["reports"]] == [report_id]
    assert north.intake.list_reports()["reports"] == []
    with pytest.raises(Forbidden):
        north.intake.amend_report(report_id, {"expected_version": 1, "reason": "correction",
                                              "changes": {"damage": {"description": "graffiti"}}})
    assert manager.intake.get_report(report_id)["version"] == 1


def _refused(call) -> bool:
    try:
        call()
    except Forbidden:
        return True
    return False


def _noise_report() -> dict:
    body = report(stream="care_support")
    body.pop("damage")
    body.pop("perception")
    body["incident"] = {"occurred_at": datetime.now(UTC).isoformat(), "narrative": "Loud music at night.",
                        "types": ["excessive_noise"]}
    return body


def _case_for(client, report_id: str):
    from hcs.errors import NotFound

    try:
        return client.cases.case_for_report(report_id)
    except NotFound:
        return None
