"""Issue 8: no victim's name and no special category value in any log line or message header.

The whole run is scanned when it ends (``hcs.testing.logscan``, wired into the test plugin). This
module proves the scan can find what it looks for, and runs one report full of such values through
every service, valid and invalid, so the scan has something to find if anything leaks.
"""

from __future__ import annotations

import base64
import contextlib
import json
from pathlib import Path

import pytest

from hcs.errors import HcsError, ValidationFailed
from hcs.testing import logscan
from hcs.testing.plugin import wait_for
from tests.attack.figures import Tally
from tests.e2e.test_walking_skeleton import _case_for, report

NAME = "Zebedee Quixote"


def jwt_with(claims: dict[str, object]) -> str:
    def part(value: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")
    return f"{part({'alg': 'HS256', 'typ': 'JWT'})}.{part(claims)}.c2lnbmF0dXJl"


def test_the_scan_finds_names_and_special_category_values_even_inside_a_caller_token():
    findings = logscan.Findings()
    logscan.scan_lines([
        "2026-11-26 INFO cases handled case 4f1c for officer-1",  # ids only: clean
        "WARNING intake report is invalid: victims.0.name: Longer than maximum length 120.",  # clean
        f"WARNING intake could not store the report of {NAME}",
        "INFO reporting victim has Hearing Impairment",
        "INFO a Romanian word is not the value Roma",  # word boundaries: only the second counts
    ], "sample.log", findings)
    logscan.scan_lines([json.dumps({"headers": {"auth_token": jwt_with({"sub": "u-1", "name": "Amina Begum"})}}),
                        json.dumps({"headers": {"auth_token": jwt_with({"sub": "u-2", "role": "manager"})}})],
                       "headers.jsonl", findings, headers=True)
    assert findings.lines == 5 and findings.headers == 2
    assert [hit.split(": ", 1)[0] for hit in findings.hits] == [
        "sample.log:3", "sample.log:4", "sample.log:5", "headers.jsonl:1"]


def test_a_directory_is_scanned_file_by_file(tmp_path: Path):
    (tmp_path / "tests.log").write_text("INFO fine\nWARNING uses a wheelchair\n")
    (tmp_path / logscan.HEADERS_NAME).write_text('{"headers": {"correlation_id": "abc"}}\n')
    (tmp_path / "process-cases-1.log").write_text('{"message": "case allocated"}\n')
    findings = logscan.scan_directory(tmp_path)
    assert (findings.files, findings.lines, findings.headers) == (3, 3, 1)
    assert len(findings.hits) == 1 and "tests.log:2" in findings.hits[0]


@pytest.mark.broker
def test_a_report_full_of_personal_data_leaves_none_in_logs_or_headers(start_system):
    collector = logscan.current()
    assert collector is not None, "the test plugin collects this run's logs"
    system = start_system()
    system.register_staff("officer-1")
    officer = system.client("housing_officer", user_id="officer-1")
    victim = {"name": NAME, "contact": "07700 900123", "vulnerabilities": ["epilepsy", "mental health"],
              "support_needs": ["Sikh chaplaincy"], "language": "Somali", "interpreter_needed": True,
              "address": {"uprn": "100023336956", "postcode": "E1 6AN", "line": "Flat 2"}}
    body = report(victims=[victim], perception={"strands": ["race", "religion", "sexual_orientation"],
                                                "perceived_by": "victim"})
    body["incident"]["narrative"] = f"{NAME} was called names for being Black British and lesbian."

    invalid = Tally("invalid reports carrying personal data")
    for bad in ({**body, "victims": [{**victim, "vulnerabilities": "epilepsy" * 20}]},
                {**body, "victims": [{**victim, "name": NAME * 40}]},
                {**body, "religion": "Sikh", "idempotency_key": "x"},
                {**body, "victims": [{**victim, "address": {"postcode": f"{NAME} Roma"}}]},
                {**body, "incident": {**body["incident"], "types": ["Black British"]}}):
        try:
            officer.intake.submit_report(bad)
            invalid.leak("accepted")
        except ValidationFailed as exc:
            text = f"{exc} {json.dumps(exc.args, default=str)}"
            (invalid.leak(f"echoed: {text[:120]}") if logscan.CANARIES.search(text) else invalid.refused())
    invalid.check()

    receipt = officer.intake.submit_report(body)
    case = wait_for(lambda: _case_for(officer, receipt["report_id"]), timeout=45, message="the case")
    case_id = case["case_id"]
    officer.intake.get_report(receipt["report_id"])
    wait_for(lambda: officer.repairs.list_jobs(case_id), timeout=45, message="the repair job")
    detail = officer.cases.get_case(case_id)
    assert detail["case_id"] == case_id
    with contextlib.suppress(HcsError):  # a refusal is fine here; what it logs is what matters
        officer.cases.record_contact(case_id, {"summary": f"Spoke to {NAME} about her epilepsy."})
    system.client("manager", user_id="manager-1").reporting.get_indicators()

    findings = logscan.scan_directory(collector.directory)
    print(findings.summary())
    assert findings.lines and findings.headers, "the scan saw this run's logs and messages"
    assert not findings.hits, findings.hits[:10]
