"""Issue 9, production profile: every replica runs the outbox relay (nameko's ``@timer`` fires in
each). Two intake containers on one PostgreSQL database relay the same outbox at once, as intake's
own broker user: every row is published exactly once (the advisory lock lets one relay work at a
time), in order per report, into the queue the definitions declared before any consumer ran."""

from __future__ import annotations

import json
import uuid
from collections import defaultdict

import pytest
from kombu import Connection, Queue
from sqlalchemy import func, select

from hcs import tables
from hcs.db import Store
from hcs.migrations import upgrade
from hcs.service import OutboxRelay
from hcs.testing.plugin import wait_for
from intake.service import IntakeService

from .conftest import report_received

ROWS = 300
TICKS: dict[str, list] = defaultdict(list)


class CountingRelay(OutboxRelay):
    """The real relay, with each tick's outcome kept per replica."""

    def __init__(self, label: str) -> None:
        super().__init__()
        self.label = label

    def start(self) -> None:
        super().start()
        run_once = self.relay.run_once

        def counted():
            tick = run_once()
            TICKS[self.label].append(tick)
            return tick

        self.relay.run_once = counted  # type: ignore[method-assign]


class IntakeReplicaA(IntakeService):
    relay = CountingRelay("a")


class IntakeReplicaB(IntakeService):
    relay = CountingRelay("b")


def drain(uri: str, queue: str) -> list[dict]:
    with Connection(uri) as conn:
        bound = Queue(queue, no_declare=True)(conn.channel())
        out = []
        while (message := bound.get(no_ack=True)) is not None:
            out.append(json.loads(message.body))
        return out


@pytest.mark.broker
@pytest.mark.postgres
def test_two_relays_on_one_outbox_publish_each_row_once(production_broker, pg_database, start_service):
    url = pg_database("intake")
    upgrade("intake", url)
    store = Store(url)
    run = uuid.uuid4().hex[:6]
    written = []
    for i in range(ROWS):  # three events per report, so order per aggregate is visible
        with store.unit_of_work() as uow:
            data = report_received(i // 3, run)
            written.append(uow.outbox.publish("report_received", data["report_id"], data).event_id)
            uow.commit()

    intake_uri = production_broker.uri("intake")
    start_service(IntakeReplicaA, intake_uri, url, relay={"batch_size": 20, "interval_seconds": 0.02})
    start_service(IntakeReplicaB, intake_uri, url, relay={"batch_size": 20, "interval_seconds": 0.02})
    outbox = tables.outbox

    def unpublished() -> int:
        with store.engine.connect() as conn:
            query = select(func.count()).select_from(outbox).where(outbox.c.published_at.is_(None))
            return conn.execute(query).scalar()

    wait_for(lambda: unpublished() == 0, timeout=120, interval=0.2, message="the outbox to drain")
    queue = "evt-intake-report_received--cases.on_report_received"
    wait_for(lambda: production_broker.queues()[queue]["messages"] >= ROWS, message="every event queued")
    received = drain(production_broker.observer_uri(), queue)
    ids = [m["event_id"] for m in received]
    assert sorted(ids) == sorted(written) and len(ids) == len(set(ids))  # each row once, none lost
    by_report: dict[str, list[str]] = defaultdict(list)
    for message in received:
        by_report[message["aggregate_id"]].append(message["event_id"])
    assert all(by_report[aggregate] == [e for e in written if e in set(events)]
               for aggregate, events in by_report.items())  # per-report order kept
    published = {label: sum(t.published for t in ticks) for label, ticks in TICKS.items()}
    skipped = sum(t.skipped for ticks in TICKS.values() for t in ticks)
    assert sum(published.values()) == ROWS and set(TICKS) == {"a", "b"}
    print(f"\nrelays: {ROWS} rows; published by a {published.get('a', 0)}, by b {published.get('b', 0)}; "
          f"{skipped} ticks skipped while the other held the lock")
    store.dispose()
