"""The data protection officer's commands and documents (``hcs.privacy_admin``,
``hcs.subject_access``, ``hcs.subject_access_render``), without a broker."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from hcs.admin import main
from hcs.subject_access import Gathered, document, gather, summary
from hcs.subject_access_render import render_html, review_text
from hcs.testing.plugin import TEST_DATA_KEY, TEST_SECRET

ROOT = Path(__file__).resolve().parents[4]
REQUEST = {"request_id": "r-1", "reference": "SAR-0001", "received_on": "2026-11-26", "clock_starts_on": "2026-11-26",
           "due_on": "2026-12-29", "current_due_on": "2026-12-29", "requester": "subject", "channel": "email",
           "subject": {"names": ["<script>alert(1)</script>"]}}


@pytest.mark.parametrize("argv, missing", [
    (["subject-access", "run", "--config", "c.yaml"], "request_id"),
    (["subject-access", "open", "--config", "c.yaml"], "subject, received_on"),
    (["subject-access", "close", "r-1", "--config", "c.yaml"], "outcome"),
    (["retention", "schedule"], "config files"),
])
def test_each_action_says_what_it_needs(argv, missing, capsys):
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2 and missing in capsys.readouterr().err


def test_the_schedule_in_effect_is_read_from_the_services_configs(monkeypatch, capsys):
    monkeypatch.setenv("HCS_TOKEN_SECRET", TEST_SECRET)
    monkeypatch.setenv("HCS_DATA_KEY", TEST_DATA_KEY)
    configs = [str(ROOT / "services" / s / "config.yaml") for s in ("intake", "cases", "repairs", "referrals",
                                                                     "reporting")]
    assert main(["retention", "schedule", *configs]) == 0
    rows = {(r["service"], r["record_type"]): r for r in json.loads(capsys.readouterr().out)}
    assert rows[("cases", "closed_case")]["kept_for"] == "6 years"
    assert rows[("intake", "report_without_case")]["kept_for"] == "2 years"
    assert rows[("repairs", "repair_job")]["kept_for"] == "2 years"
    assert rows[("referrals", "sharing_records")]["kept_for"] == "6 years"
    assert rows[("reporting", "erased_report_facts")]["then"].startswith("anonymised")


def fake_call(answers: dict, failing: set[str] = frozenset()):
    asked: list[tuple] = []

    def call(service, method, *args):
        asked.append((service, method, *args))
        if service in failing:
            raise TimeoutError("no answer")
        if method == "retention_schedule":
            return [{"record": f"{service} record", "kept_for": "2 years", "runs_from": "it closed",
                     "then": "deleted"}]
        return answers[service]

    return call, asked


PARTS = {
    "intake": {"records": {"reports": [{"report_id": "p-1"}]}, "withheld": ["report p-1: witnesses.0"],
               "review": ["report p-1: incident.narrative"], "notes": [],
               "links": {"reports": {"p-1": ["victim"]}, "household_keys": [], "perpetrator_keys": []}},
    "cases": {"records": {"cases": [{"case": {"case_id": "c-1"}}]}, "withheld": [], "review": [], "notes": [],
              "links": {"cases": {"c-1": ["victim"]}}},
    "repairs": {"records": {"jobs": []}, "notes": [], "withheld": [], "review": []},
    "referrals": {"records": {"cases": []}, "notes": [], "withheld": [], "review": []},
    "reporting": {"records": {"incidents": []}, "notes": [], "withheld": [], "review": []},
}


def test_the_parts_are_asked_in_order_with_what_the_earlier_ones_found():
    call, asked = fake_call(PARTS)
    gathered, schedule = gather(call, "r-1", "SAR-0001")
    parts = [a for a in asked if a[1] == "subject_access_part"]
    assert parts[0] == ("intake", "subject_access_part", "r-1")
    assert parts[1][2] == {"request": "SAR-0001", "reports": {"p-1": ["victim"]}, "perpetrator_keys": []}
    assert {p[0]: p[2].get("cases") for p in parts[2:]} == {s: {"c-1": ["victim"]} for s in
                                                            ("repairs", "referrals", "reporting")}
    assert gathered.complete and set(schedule) == set(PARTS)
    assert summary(gathered)["intake"] == {"records": {"reports": 1}, "withheld": 1, "to_review": 1}


def test_a_service_that_does_not_answer_makes_the_document_an_incomplete_draft():
    call, _ = fake_call(PARTS, failing={"cases"})
    gathered, schedule = gather(call, "r-1", "SAR-0001")
    assert set(gathered.missing) == {"cases", "repairs", "referrals"}  # repairs and referrals need cases
    doc = document(REQUEST, gathered, schedule, datetime(2026, 11, 27, tzinfo=UTC))
    html = render_html(doc)
    assert "DRAFT, NOT TO BE SENT" in html and "<script>" not in html and "&lt;script&gt;" in html
    assert "incident.narrative" not in html  # the review list is the officer's, not the requester's
    assert "incident.narrative" in review_text(doc) and "NO: cases did not answer" in review_text(doc)


def test_without_intake_nothing_is_searched():
    from hcs.subject_access import IntakeUnavailable

    call, _ = fake_call(PARTS, failing={"intake"})
    with pytest.raises(IntakeUnavailable):
        gather(call, "r-1", "SAR-0001")
    assert Gathered().complete
