"""Proof 1 of the foundation: the broker stops while 200 accepted reports wait to be relayed.

Reports are accepted through intake's HTTP form while RabbitMQ is down (stopped with
``rabbitmqctl stop_app``), then the broker is started again: every accepted report must become
exactly one case. Prints what it measured.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import time
import uuid

import pytest
import requests
from sqlalchemy import create_engine, func, select

from cases.adapters.orm import case_reports, cases
from cases.service import CasesService
from hcs import tables
from hcs.service import broker_reachable
from hcs.testing.plugin import wait_for
from intake.adapters.orm import reports
from intake.service import IntakeService

REPORTS = 200
CENTRE_KEY = "centre-key-" + uuid.uuid4().hex


def form(i: int) -> dict:
    return {
        "idempotency_key": f"outage-{i:04d}-{uuid.uuid4().hex[:6]}", "channel": "third_party_centre",
        "stream": "general_needs" if i % 3 else "care_support", "reporter": {"role": "third_party"},
        "victims": [{"address": {"uprn": str(10_000 + i), "postcode": "E1 6AN"}}],
        "incident": {"occurred_at": "2026-11-20T21:30:00+00:00", "narrative": "Abuse shouted in the street.",
                     "types": ["verbal_abuse"]},
        "perception": {"strands": ["religion"], "perceived_by": "witness"},
        "anonymous": True,
    }


def rabbitmqctl(*args: str) -> None:
    subprocess.run(["rabbitmqctl", "-q", *args], check=True, capture_output=True, timeout=120)


def count(engine, table, *where) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table).where(*where)).scalar()


@pytest.mark.slow
@pytest.mark.broker
def test_reports_accepted_while_the_broker_is_down_each_become_one_case(start_service, amqp_uri, tmp_path):
    intake_url, cases_url = f"sqlite:///{tmp_path}/intake.db", f"sqlite:///{tmp_path}/cases.db"
    centres = {"centres": {"proof-centre": hashlib.sha256(CENTRE_KEY.encode()).hexdigest()}}
    intake = start_service(IntakeService, amqp_uri, intake_url, extra=centres)
    start_service(CasesService, amqp_uri, cases_url)
    intake_db, cases_db = create_engine(intake_url), create_engine(cases_url)
    address = intake.config["HCS"].http.address
    headers = {"Authorization": f"Bearer {CENTRE_KEY}", "Content-Type": "application/json"}

    rabbitmqctl("stop_app")
    try:
        assert not broker_reachable(amqp_uri)
        started = time.monotonic()
        accepted = []
        with requests.Session() as http:
            for i in range(REPORTS):
                response = http.post(f"http://{address}/reports", data=json.dumps(form(i)), headers=headers,
                                     timeout=10)
                assert response.status_code == 201, response.text
                accepted.append(response.json()["report_id"])
        accept_seconds = time.monotonic() - started
        assert count(intake_db, tables.outbox, tables.outbox.c.published_at.is_(None)) == REPORTS
    finally:
        rabbitmqctl("start_app")
    back = time.monotonic()
    wait_for(lambda: count(cases_db, case_reports) >= REPORTS, timeout=180, interval=0.5,
             message="every accepted report to reach cases")
    recovery = time.monotonic() - back
    wait_for(lambda: count(intake_db, tables.outbox, tables.outbox.c.published_at.is_(None)) == 0,
             timeout=30, message="the outbox to drain")

    with cases_db.connect() as conn:
        taken = list(conn.execute(select(case_reports.c.report_id)).scalars())
    lost = set(accepted) - set(taken)
    duplicated = len(taken) - len(set(taken))
    print(f"\nbroker outage: accepted {len(accepted)} reports in {accept_seconds:.1f}s with the broker down; "
          f"cases {count(cases_db, cases)}; lost {len(lost)}; duplicated {duplicated}; "
          f"all cases {recovery:.1f}s after start_app")
    assert count(intake_db, reports) == REPORTS
    assert not lost and duplicated == 0
    assert count(cases_db, cases) == REPORTS  # each report a different household: one case each
