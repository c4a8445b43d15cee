"""Issue 9, production profile: two containers of one service consume the same quorum queue, on
one PostgreSQL database, each with the service's least-privilege broker user. Every event is
delivered twice (as a redelivery after a lost ack would be): each report still becomes exactly one
case, both containers do part of the work, nothing is parked."""

from __future__ import annotations

import json
import uuid
from collections import Counter as Tally

import pytest
from nameko.extensions import DependencyProvider
from sqlalchemy import create_engine, func, select

from cases.adapters.orm import case_reports
from cases.service import CasesService
from hcs import admin, tables
from hcs.migrations import upgrade
from hcs.testing.plugin import TEST_ENCRYPTION, TEST_SECRET, publish_event, wait_for

from .conftest import report_received

EVENTS = 120
HANDLED: Tally[str] = Tally()


class Tallied(DependencyProvider):
    """Counts the events each container handled (its label is the subclass's)."""

    def __init__(self, label: str) -> None:
        self.label = label

    def worker_setup(self, worker_ctx):
        if worker_ctx.entrypoint.method_name == "on_report_received":
            HANDLED[self.label] += 1


class CasesReplicaA(CasesService):
    tally = Tallied("a")


class CasesReplicaB(CasesService):
    tally = Tallied("b")


def count(engine, table, *where) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table).where(*where)).scalar()


@pytest.mark.broker
@pytest.mark.postgres
def test_two_cases_replicas_share_the_queue_and_apply_each_event_once(production_broker, pg_database,
                                                                     start_service, tmp_path, capsys):
    url = pg_database("cases")
    upgrade("cases", url)
    cases_uri = production_broker.uri("cases")
    start_service(CasesReplicaA, cases_uri, url, consumer={"attempts": 3})
    start_service(CasesReplicaB, cases_uri, url, consumer={"attempts": 3})
    queue = "evt-intake-report_received--cases.on_report_received"
    wait_for(lambda: production_broker.queues()[queue]["consumers"] == 2, message="two consumers")
    info = production_broker.queues()[queue]
    assert info["type"] == "quorum" and info["policy"] == "hcs-service-queues"

    run = uuid.uuid4().hex[:6]
    intake_uri = production_broker.uri("intake")  # published as intake's own user may
    events = [publish_event(intake_uri, "report_received", f"r-{run}-{i:04d}", report_received(i, run))
              for i in range(EVENTS)]
    for event in events:
        publish_event(intake_uri, "report_received", event.aggregate_id, {}, event=event)

    engine = create_engine(url)
    consumer = "cases.on_report_received"
    wait_for(lambda: HANDLED["a"] + HANDLED["b"] >= 2 * EVENTS, timeout=120, interval=0.2,
             message="every delivery to be handled")
    wait_for(lambda: production_broker.queues()[queue]["messages"] == 0, message="the queue to drain")
    with engine.connect() as conn:
        taken = list(conn.execute(select(case_reports.c.report_id)).scalars())
    assert sorted(taken) == sorted(e.aggregate_id for e in events)  # each report once: no duplicate case
    assert count(engine, tables.inbox, tables.inbox.c.consumer == consumer) == EVENTS
    assert count(engine, tables.parked) == 0
    assert HANDLED["a"] > 0 and HANDLED["b"] > 0, HANDLED  # both replicas took part
    # the operator lists parked messages over RPC as hcs-operator, the only user allowed reply queues
    config = tmp_path / "cases.yaml"
    config.write_text(json.dumps({"service": "cases", "amqp_uri": "amqp://unused", "database_url": url,
                                  "http": {"port": 1}, "auth": {"secret": TEST_SECRET},
                                  "encryption": TEST_ENCRYPTION}))
    uri_file = tmp_path / "operator-uri"
    uri_file.write_text(production_broker.uri("operator"))
    capsys.readouterr()
    assert admin.main(["parked", "list", "--config", str(config), "--amqp-uri-file", str(uri_file)]) == 0
    assert json.loads(capsys.readouterr().out) == []
    print(f"\ncompeting consumers: {EVENTS} events delivered twice; replica a handled {HANDLED['a']}, "
          f"replica b {HANDLED['b']}; {len(taken)} reports taken, 0 duplicated")
    engine.dispose()
