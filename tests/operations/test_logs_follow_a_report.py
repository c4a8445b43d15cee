"""Issue 9: structured JSON logs with a correlation id that follows a report through every service,
without personal data.

The five services run from their own ``config.yaml`` with the environment the deploy sets, with a
reference contractor. A portal submits a report full of personal data, passing its own
correlation id. Every service's log lines about that report, every event it caused and the audit
rows carry the id; no log line, at any level our code writes, holds a name, contact detail,
address, narrative or description from the report."""

from __future__ import annotations

import base64
import io
import json
import logging
from pathlib import Path

import pytest
from nameko.standalone.rpc import ClusterRpcProxy
from sqlalchemy import create_engine, select

from cases.service import CasesService
from hcs import tables
from hcs.auth import TOKEN_KEY
from hcs.config import load_settings
from hcs.logs import JsonFormatter
from hcs.migrations import upgrade
from hcs.testing.plugin import TEST_DATA_KEY, TEST_SECRET, free_port, token, wait_for
from hcs_tools.contractor import ReferenceContractor
from intake.service import IntakeService
from referrals.service import ReferralsService
from repairs.service import RepairsService
from reporting.service import ReportingService

ROOT = Path(__file__).resolve().parents[2]
SERVICES = {"intake": IntakeService, "cases": CasesService, "repairs": RepairsService,
            "referrals": ReferralsService, "reporting": ReportingService}
CONTRACTOR_SECRET = "whsec_" + base64.b64encode(b"log-test-contractor-secret-0001").decode()
CORRELATION = "portal-req-7f3a9"
PERSONAL = ["Zebedee Quixote", "07700 900123", "zebedee@example.org", "17 Quillsby Row", "QX9 9ZZ",
            "Xylophonic slurs", "smashed kitchen pane", "Mortimer Flange", "asthma", "Yoruba"]


def report() -> dict:
    return {
        "idempotency_key": "log-test-0001", "channel": "phone", "stream": "general_needs",
        "reporter": {"role": "victim", "name": "Zebedee Quixote", "contact": "07700 900123"},
        "victims": [{"name": "Zebedee Quixote", "contact": "zebedee@example.org",
                     "address": {"line": "17 Quillsby Row", "uprn": "100023336956", "postcode": "QX9 9ZZ"},
                     "vulnerabilities": ["asthma"], "interpreter_needed": True, "language": "Yoruba"}],
        "incident": {"occurred_at": "2026-11-20T21:30:00+00:00", "types": ["verbal_abuse", "damage_to_property"],
                     "narrative": "Xylophonic slurs shouted by Mortimer Flange at the door."},
        "perception": {"strands": ["race"], "perceived_by": "victim"},
        "perpetrators": [{"known": True, "description": "Mortimer Flange, next door"}],
        "damage": {"description": "smashed kitchen pane", "location": "kitchen"},
    }


@pytest.fixture
def captured_logs():
    """The JSON lines the processes would write: our code at DEBUG, libraries at INFO."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter("test"))
    root = logging.getLogger()
    ours = [logging.getLogger(n) for n in ("hcs", *SERVICES)]
    saved = root.level, [logger.level for logger in ours]
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    for logger in ours:
        logger.setLevel(logging.DEBUG)
    yield stream
    root.removeHandler(handler)
    root.setLevel(saved[0])
    for logger, level in zip(ours, saved[1], strict=True):
        logger.setLevel(level)


@pytest.mark.broker
def test_one_correlation_id_follows_the_report_and_no_personal_data_is_logged(
        amqp_uri, tmp_path, container_factory, captured_logs):
    contractor = ReferenceContractor(CONTRACTOR_SECRET).start()
    env = {"HCS_AMQP_URI": amqp_uri, "HCS_TOKEN_SECRET": TEST_SECRET, "HCS_DATA_KEY": TEST_DATA_KEY,
           "HCS_CONTRACTOR_URL": contractor.url,
           "HCS_CONTRACTOR_SECRET": CONTRACTOR_SECRET}
    engines = {}
    for name in SERVICES:
        env[f"HCS_{name.upper()}_DATABASE_URL"] = f"sqlite:///{tmp_path}/{name}.db"
        env[f"HCS_{name.upper()}_PORT"] = str(free_port())
    try:
        for name, cls in SERVICES.items():
            settings = load_settings(ROOT / "services" / name / "config.yaml", env)
            upgrade(name, settings.database_url)
            engines[name] = create_engine(settings.database_url)
            container_factory(cls, settings.nameko_config()).start()

        context = {TOKEN_KEY: token("housing_officer"), "correlation_id": CORRELATION}
        with ClusterRpcProxy({"AMQP_URI": amqp_uri}, context_data=context, timeout=20) as rpc:
            receipt = rpc.intake.submit_report(report())

        def facts() -> set[str]:
            with engines["reporting"].connect() as conn:
                return set(conn.execute(select(tables.inbox.c.event_type)).scalars())

        wait_for(lambda: {"report_received", "case_opened", "job_created"} <= facts(), timeout=30,
                 message="reporting to hear of the report, its case and its repair job")
        wait_for(lambda: contractor.jobs, message="the job to reach the contractor")
    finally:
        contractor.stop()

    envelopes = []
    for name in ("intake", "cases", "repairs"):
        with engines[name].connect() as conn:
            envelopes += [json.loads(e) for e in conn.execute(select(tables.outbox.c.envelope)).scalars()]
    caused = {e["event_type"]: e.get("correlation_id") for e in envelopes}
    assert {caused[t] for t in ("report_received", "case_opened", "repair_requested", "job_created")} \
        == {CORRELATION}, caused
    with engines["intake"].connect() as conn:
        audited = set(conn.execute(select(tables.audit_log.c.correlation_id)).scalars())
    assert audited == {CORRELATION}

    lines = [json.loads(line) for line in captured_logs.getvalue().splitlines()]
    followed = {line.get("entrypoint") for line in lines if line.get("correlation_id") == CORRELATION}
    assert {"intake.submit_report", "cases.on_report_received", "repairs.create_job",
            "referrals.on_case_opened", "reporting.on_report_received", "reporting.on_case_opened",
            "reporting.on_job_created"} <= followed, followed
    text = captured_logs.getvalue()
    leaked = [p for p in PERSONAL if p.lower() in text.lower()]
    assert not leaked, f"personal data in the logs: {leaked}"
    assert receipt["report_id"] in text  # identifiers are logged; that is what makes the logs useful
