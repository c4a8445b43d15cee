"""Issue 8, faults 3, 4 and 5: the relay dying between the broker's confirm and its own commit, a
consumer that has never run when its events are first produced, and poison events amid a stream.

Each proof prints lost, duplicated effects and what it measured; lost must be 0.
"""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import create_engine, func, select

from hcs import metrics, tables
from hcs.outbox import Relay
from hcs.testing.plugin import RpcClient, make_settings, publish_event, publish_raw, shipped_extra, token, wait_for
from hcs.topology import declare_queues
from intake.service import IntakeService
from reporting.service import ReportingService
from reporting.service_layer import handlers as reporting_handlers
from tests.proofs.stream import report

pytestmark = pytest.mark.broker
REPORTING = shipped_extra("reporting")


def count(engine, table, *where) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table).where(*where)).scalar())


def reports_counted(amqp_uri: str) -> int:
    with RpcClient(amqp_uri, token("manager")) as rpc:
        figures = rpc.reporting.get_indicators()
    return int(next(i for i in figures["indicators"] if i["name"] == "reports_received")["total"])


def submit(amqp_uri: str, n: int) -> list[str]:
    run = uuid.uuid4().hex[:6]
    with RpcClient(amqp_uri, token("housing_officer")) as rpc:
        return [rpc.intake.submit_report(report(i, run))["report_id"] for i in range(n)]


def duplicates_skipped() -> float:
    return sum(sample.value for family in metrics.INBOX_DUPLICATES.collect() for sample in family.samples
               if sample.name.endswith("_total") and sample.labels["service"] == "reporting")


def test_relay_dies_between_the_confirm_and_its_commit_and_the_event_is_applied_once(
        start_service, amqp_uri, tmp_path, monkeypatch):
    """Fault 3. The broker has confirmed the events but the relay never marks them published (the
    process died there): they go out again, and the consumer's inbox applies each once."""
    died: list[int] = []
    real_record = Relay._record

    def dies_once(self, done, failures, now):
        if done and not died:
            died.append(len(done))
            raise RuntimeError("relay killed after the broker's confirm, before its commit")
        return real_record(self, done, failures, now)

    monkeypatch.setattr(Relay, "_record", dies_once)
    start_service(ReportingService, amqp_uri, f"sqlite:///{tmp_path}/reporting.db", extra=REPORTING)
    intake_url = f"sqlite:///{tmp_path}/intake.db"
    start_service(IntakeService, amqp_uri, intake_url)
    before = duplicates_skipped()

    accepted = submit(amqp_uri, 3)
    wait_for(lambda: died and count(create_engine(intake_url), tables.outbox,
                                    tables.outbox.c.published_at.is_(None)) == 0,
             message="the relay to die once and the events to go out again")
    wait_for(lambda: duplicates_skipped() - before >= died[0], message="the redelivered events to be skipped")
    counted = reports_counted(amqp_uri)
    print(f"\nrelay killed after confirm: {died[0]} event(s) published twice; applied once each: "
          f"counted {counted} of {len(accepted)}; duplicates skipped {duplicates_skipped() - before:.0f}; lost 0")
    assert counted == len(accepted)


def test_a_consumer_that_has_never_run_gets_every_event_produced_before_it_started(
        start_service, amqp_uri, tmp_path):
    """Fault 4. Topology before traffic: reporting's queues are declared (as the run command and the
    deploy job do) but reporting has never run when intake produces its events."""
    declare_queues(make_settings("reporting", amqp_uri, f"sqlite:///{tmp_path}/unused.db", extra=REPORTING))
    intake_url = f"sqlite:///{tmp_path}/intake.db"
    start_service(IntakeService, amqp_uri, intake_url)
    accepted = submit(amqp_uri, 5)
    wait_for(lambda: count(create_engine(intake_url), tables.outbox, tables.outbox.c.published_at.is_(None)) == 0,
             message="intake to publish every event")

    started = time.monotonic()
    start_service(ReportingService, amqp_uri, f"sqlite:///{tmp_path}/reporting.db", extra=REPORTING)
    wait_for(lambda: reports_counted(amqp_uri) == len(accepted), timeout=30, message="reporting to catch up")
    print(f"\nconsumer never run: {len(accepted)} events waiting in its queue, all applied "
          f"{time.monotonic() - started:.1f}s after it first started; lost 0")


def test_poison_events_are_parked_after_bounded_attempts_while_the_stream_flows(
        start_service, amqp_uri, tmp_path, monkeypatch):
    """Fault 5. Among a stream of good events: ones that break their contract (parked at once) and
    ones whose handler keeps failing (parked after the configured attempts); the rest flow on."""
    poison_reports = {f"poison-{i}" for i in range(3)}
    real_record_fact = reporting_handlers.record_fact

    def fails_on_poison(uow, event):
        if event.data["report_id"] in poison_reports:
            raise RuntimeError("handler bug")
        return real_record_fact(uow, event)

    monkeypatch.setattr(reporting_handlers, "record_fact", fails_on_poison)
    url = f"sqlite:///{tmp_path}/reporting.db"
    container = start_service(ReportingService, amqp_uri, url, extra=REPORTING)
    attempts = container.config["HCS"].consumer.attempts
    good, invalid = 200, 3

    started = time.monotonic()
    for i in range(good):
        report_id = f"poison-{i // 60}" if i % 60 == 0 and i // 60 < len(poison_reports) else f"good-{i}"
        publish_event(amqp_uri, "report_received", report_id, {
            "report_id": report_id, "received_at": datetime.now(UTC), "stream": "general_needs",
            "channel": "phone", "triage": "harassment", "incident_types": ["graffiti"]})
        if i % 70 == 0 and i // 70 < invalid:
            publish_raw(amqp_uri, "intake", "report_received", {"event_type": "report_received", "data": "junk"})
    engine = create_engine(url)
    expected_good = good - len(poison_reports)
    wait_for(lambda: reports_counted(amqp_uri) == expected_good, timeout=60, message="every good event applied")
    elapsed = time.monotonic() - started
    wait_for(lambda: count(engine, tables.parked) == len(poison_reports) + invalid, message="poison parked")
    with engine.connect() as conn:
        parked = list(conn.execute(select(tables.parked.c.reason, tables.parked.c.attempts)))
    assert sorted(parked) == sorted([("failed", attempts)] * len(poison_reports) + [("invalid", 1)] * invalid)
    print(f"\npoison events: {len(poison_reports)} failing (parked after {attempts} attempts) and {invalid} invalid "
          f"(parked at once) among {expected_good} good; good events applied at {expected_good / elapsed:.0f}/s "
          f"meanwhile; lost 0")
