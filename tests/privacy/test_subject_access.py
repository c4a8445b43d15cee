"""Subject access across the five real services (UK GDPR art. 15), on SQLite and PostgreSQL: the
victim's request returns what every service holds about them and redacts the alleged perpetrator and
the witness; the alleged perpetrator's request returns what was recorded about them and nothing of the
victim; a name with nothing else matching finds nobody; every read is audited and the one-month
deadline is kept in the register."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

import pytest
from dateutil.relativedelta import relativedelta

from hcs.auth import DATA_PROTECTION_OFFICER
from hcs.errors import Forbidden
from hcs.privacy_admin import caller, run_search
from hcs.testing.plugin import TEST_SECRET
from tests.privacy.conftest import PERPETRATOR, VICTIM

pytestmark = pytest.mark.broker


def open_request(dpo, subject: dict) -> dict:
    return dpo.intake.open_subject_access_request({
        "subject": subject, "received_on": datetime.now(UTC).date().isoformat(), "channel": "email",
        "requester": "subject", "idempotency_key": f"sar-{uuid.uuid4()}"})


def dpo_call(world):
    settings = world.system.containers["intake"].config["HCS"]
    assert settings.auth.secret == TEST_SECRET
    return caller(settings, "dpo-1", DATA_PROTECTION_OFFICER, timeout=30)


def test_a_victims_request_returns_their_data_from_every_service_and_redacts_the_perpetrator(
        harassment_case, tmp_path):
    world = harassment_case()
    dpo = world.system.client(DATA_PROTECTION_OFFICER, user_id="dpo-1")
    request = open_request(dpo, {"names": ["amina begum"], "addresses": [VICTIM["address"]], "contacts": []})
    received = datetime.now(UTC).date()
    assert request["status"] == "open" and request["due_on"] >= (received + relativedelta(months=1)).isoformat()

    result = run_search(dpo_call(world), request["request_id"], tmp_path / "sar")
    assert result["complete"] is True, result["missing"]
    doc = json.loads((tmp_path / "sar" / f"{request['reference']}.json").read_text())
    html = (tmp_path / "sar" / f"{request['reference']}.html").read_text()
    released = json.dumps(doc["parts"]) + html

    [report] = doc["parts"]["intake"]["records"]["reports"]
    assert report["report_id"] == world.report_id and "victim" in report["your_roles"]
    details = report["versions"][-1]["details"]
    assert details["victims"][0]["name"] == "Amina Begum" and details["victims"][0]["yours"] is True
    assert details["perpetrators"] == [{"known": True}]  # nothing else of the alleged perpetrator
    assert "witnesses" not in details
    assert details["incident"]["narrative"].startswith("[name withheld] sprayed racist graffiti")
    for third_party in ("Gary", "Black", "Wendy", "wendy@example.org", PERPETRATOR["address"]["line"]):
        assert third_party not in released, third_party
    assert any("perpetrators.0" in w for w in doc["withheld"]["intake"])
    assert any("incident.narrative" in r for r in doc["review"]["intake"])

    [case] = doc["parts"]["cases"]["records"]["cases"]
    assert case["case"]["case_id"] == world.case_id and case["case"]["officer_id"] == "[member of staff]"
    by_party = {c["party"]: c for c in case["contacts"]}
    assert by_party["victim"]["summary"].startswith("Home visit")
    assert "summary" not in by_party["alleged_perpetrator"]  # when and how only
    [job] = doc["parts"]["repairs"]["records"]["jobs"]
    assert job["job_id"] == world.job_id and job["address"]["uprn"] == VICTIM["address"]["uprn"]
    [sharing] = doc["parts"]["referrals"]["records"]["cases"]
    assert [d["partner"] for d in sharing["disclosures"]] == ["reference-support"]  # the recipients (art. 15(1)(c))
    assert sharing["consents"][0]["partner"] == "reference-support"
    [incident] = doc["parts"]["reporting"]["records"]["incidents"]
    assert incident["uprn"] == VICTIM["address"]["uprn"]
    assert "How long we keep it" in html and "6 years after the case was closed" in html

    register = dpo.intake.get_subject_access_request(request["request_id"])
    [search] = register["searches"]
    assert search["complete"] is True and search["document_sha256"] == result["document_sha256"]
    assert search["summary"]["repairs"]["records"] == {"jobs": 1}
    audited = world.rows("intake", "SELECT record_id FROM audit_log WHERE action = 'intake.subject_access_part'")
    assert {world.report_id, request["request_id"]} <= {r[0] for r in audited}
    assert world.count("cases", "SELECT count(*) FROM audit_log WHERE action = 'cases.subject_access_part' "
                               "AND record_id = :c", c=world.case_id) == 1


def test_an_alleged_perpetrators_request_returns_what_was_recorded_about_them_and_nothing_of_the_victim(
        harassment_case, tmp_path):
    world = harassment_case(close=False)
    dpo = world.system.client(DATA_PROTECTION_OFFICER, user_id="dpo-1")
    request = open_request(dpo, {"names": ["Gary Black"], "addresses": [PERPETRATOR["address"]]})
    result = run_search(dpo_call(world), request["request_id"], tmp_path)
    doc = json.loads((tmp_path / f"{request['reference']}.json").read_text())
    released = json.dumps(doc["parts"]) + (tmp_path / f"{request['reference']}.html").read_text()

    assert result["complete"] is True
    [report] = doc["parts"]["intake"]["records"]["reports"]
    assert report["your_roles"] == ["alleged_perpetrator"]
    details = report["versions"][-1]["details"]
    assert details["perpetrators"][0]["name"] == "Gary Black" and "narrative" not in details["incident"]
    for victim_data in ("Amina", "Begum", "07700", "Flat 2", "Wendy", "racist graffiti"):
        assert victim_data not in released, victim_data
    [case] = doc["parts"]["cases"]["records"]["cases"]
    assert set(case["case"]) == {"case_id", "status", "opened_at", "closed_at"}
    assert [c["party"] for c in case["contacts"]] == ["alleged_perpetrator"]
    assert doc["parts"]["repairs"]["records"]["jobs"] == []
    [sharing] = doc["parts"]["referrals"]["records"]["cases"]
    assert sharing["disclosures_about_you"][0]["fields_sent"] == ["perpetrator.name"]
    assert "consents" not in sharing
    assert doc["parts"]["reporting"]["records"]["incidents"] == []


def test_a_name_alone_finds_nobody_and_only_the_data_protection_officer_may_ask(harassment_case, tmp_path):
    world = harassment_case(close=False)
    dpo = world.system.client(DATA_PROTECTION_OFFICER, user_id="dpo-1")
    request = open_request(dpo, {"names": ["Amina Begum"], "contacts": ["07000 000000"]})
    run_search(dpo_call(world), request["request_id"], tmp_path)
    doc = json.loads((tmp_path / f"{request['reference']}.json").read_text())
    assert doc["parts"]["intake"]["records"]["reports"] == []
    assert "1 other report(s) name someone of the same name" in doc["parts"]["intake"]["notes"][0]

    manager = world.system.client("manager", user_id="manager-9")
    with pytest.raises(Forbidden):
        manager.intake.subject_access_part(request["request_id"])
    with pytest.raises(Forbidden):
        manager.cases.subject_access_part({"request": "SAR-X", "reports": {world.report_id: ["victim"]}})
    refused = world.rows("intake", "SELECT actor, outcome FROM audit_log WHERE action = 'intake.subject_access_part' "
                                   "AND outcome = 'refused'")
    assert refused == [("manager-9", "refused")]


def test_the_officers_commands_open_search_extend_and_close_a_request(harassment_case, tmp_path, capsys):
    import yaml

    from hcs.admin import main

    world = harassment_case(close=False)
    settings = world.system.containers["intake"].config["HCS"]
    config = tmp_path / "config.yaml"
    config.write_text(yaml.safe_dump({
        "service": "intake", "amqp_uri": settings.amqp_uri, "database_url": settings.database_url,
        "http": {"port": settings.http.port}, "auth": {"secret": settings.auth.secret},
        "encryption": {"active": settings.encryption.active, "keys": dict(settings.encryption.keys)}}))
    subject = tmp_path / "subject.json"
    subject.write_text(json.dumps({"names": ["Amina Begum"], "contacts": ["07700 900123"]}))
    today = datetime.now(UTC).date().isoformat()

    def run(*argv: str) -> dict:
        assert main([*argv, "--config", str(config), "--user", "dpo-cli"]) == 0
        return json.loads(capsys.readouterr().out)

    opened = run("subject-access", "open", "--subject", str(subject), "--received-on", today)
    assert run("subject-access", "open", "--subject", str(subject), "--received-on", today)["request_id"] == \
        opened["request_id"]  # the same command again is the same request
    searched = run("subject-access", "run", opened["request_id"], "--out", str(tmp_path / "out"))
    assert searched["complete"] and len(searched["files"]) == 3
    assert [r["request_id"] for r in run("subject-access", "list")] == [opened["request_id"]]
    extended = run("subject-access", "extend", opened["request_id"], "--reason", "six years of records")
    assert extended["extended_due_on"] > extended["due_on"]
    closed = run("subject-access", "close", opened["request_id"], "--outcome", "completed", "--responded-on", today)
    assert closed["status"] == "completed" and closed["answered_on_time"] is True
    assert run("subject-access", "list") == []
    ran = run("retention", "run", "--dry-run")
    assert [r["service"] for r in ran] == ["intake", "cases", "repairs", "referrals"]
    assert all(r["dry_run"] for r in ran)
