"""One contract suite for the plumbing, run against SQLite and PostgreSQL alike."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import Column, MetaData, String, Table, func, insert, select, text

from hcs import tables
from hcs.clock import FakeClock
from hcs.config import ConsumerSettings
from hcs.db import SqlAlchemyUnitOfWork, Store
from hcs.events import new_event
from hcs.messaging import DeliveryDeferred, Outcome, receive
from hcs.outbox import BrokerUnavailable, Relay

business = MetaData()
notes = Table("notes", business, Column("id", String(36), primary_key=True))
CONSUMER = ConsumerSettings(attempts=2, retry_delay_seconds=0)
T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path}/store.db"
    else:
        url = request.getfixturevalue("pg_database")("store")
    store = Store(url, clock=FakeClock(T0))
    with store.engine.begin() as conn:
        tables.metadata.create_all(conn)
        business.create_all(conn)
        for statement in tables.APPEND_ONLY_SQL[store.engine.dialect.name]:
            conn.execute(text(statement))
    yield store
    store.dispose()


def linked(case_id: str, report_id: str) -> dict:
    return {"case_id": case_id, "report_id": report_id, "linked_at": T0, "stream": "general_needs"}


def count(store: Store, table, *where) -> int:
    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table).where(*where)).scalar()


def test_business_rows_and_outbox_commit_together_or_not_at_all(store):
    with store.unit_of_work() as uow:
        uow.session.execute(insert(notes).values(id="n1"))
        uow.outbox.publish("report_linked", "c1", linked("c1", "r1"))
        # no commit: both are rolled back
    assert count(store, notes) == 0 and count(store, tables.outbox) == 0
    with store.unit_of_work() as uow:
        uow.session.execute(insert(notes).values(id="n1"))
        uow.outbox.publish("report_linked", "c1", linked("c1", "r1"))
        uow.commit()
    assert count(store, notes) == 1 and count(store, tables.outbox) == 1


def write_events(store: Store, *aggregates: str) -> None:
    with store.unit_of_work() as uow:
        for i, aggregate in enumerate(aggregates):
            uow.outbox.publish("report_linked", aggregate, linked(aggregate, f"r{i}"))
        uow.commit()


def test_relay_marks_published_only_after_the_publish_and_keeps_aggregate_order(store):
    write_events(store, "a", "a", "b", "a")
    sent: list[tuple[str, str]] = []
    failing = {"a": 1}

    def publish(row):
        if failing.get(row.aggregate_id):
            failing[row.aggregate_id] -= 1
            raise RuntimeError("nacked")
        sent.append((row.aggregate_id, row.envelope["data"]["report_id"]))

    relay = Relay(store, publish, service="t", batch_size=10, max_backoff_seconds=1)
    tick = relay.run_once()
    assert (tick.published, tick.failed) == (1, 1)
    assert sent == [("b", "r2")]  # a's first event failed, so a's later events waited
    assert tick.pending == 3
    store.clock.advance(seconds=5)
    relay.run_once()
    assert sent == [("b", "r2"), ("a", "r0"), ("a", "r1"), ("a", "r3")]
    assert count(store, tables.outbox, tables.outbox.c.published_at.is_(None)) == 0


def test_relay_stops_its_tick_when_the_broker_is_unavailable(store):
    write_events(store, "a", "b", "c")
    calls = []

    def publish(row):
        calls.append(row.id)
        raise BrokerUnavailable("broker unavailable: ConnectionRefusedError")

    tick = Relay(store, publish, service="t", batch_size=10, max_backoff_seconds=1).run_once()
    assert len(calls) == 1 and tick.failed == 1 and tick.pending == 3
    with store.engine.connect() as conn:
        error = conn.execute(select(tables.outbox.c.last_error).where(tables.outbox.c.id == calls[0])).scalar()
    assert "ConnectionRefusedError" in error


def apply_note(event, uow):
    uow.session.execute(insert(notes).values(id=event.event_id))


def test_inbox_applies_an_event_once(store):
    envelope = new_event("report_linked", "c1", linked("c1", "r1"), T0).to_envelope()
    first = receive(store, SqlAlchemyUnitOfWork, "svc.handler", envelope, apply_note, CONSUMER, "t")
    second = receive(store, SqlAlchemyUnitOfWork, "svc.handler", envelope, apply_note, CONSUMER, "t")
    other = receive(store, SqlAlchemyUnitOfWork, "svc.other", envelope, lambda e, u: None, CONSUMER, "t")
    assert (first, second, other) == (Outcome.APPLIED, Outcome.DUPLICATE, Outcome.APPLIED)
    assert count(store, notes) == 1 and count(store, tables.inbox) == 2


def test_invalid_and_failing_events_are_parked_with_nothing_half_written(store):
    assert receive(store, SqlAlchemyUnitOfWork, "svc.h", {"event_type": "x"}, apply_note, CONSUMER,
                   "t") == Outcome.PARKED
    envelope = new_event("report_linked", "c1", linked("c1", "r1"), T0).to_envelope()

    def half_then_fail(event, uow):
        apply_note(event, uow)
        raise ValueError("bug after a write")

    assert receive(store, SqlAlchemyUnitOfWork, "svc.h", envelope, half_then_fail, CONSUMER, "t") == Outcome.PARKED
    assert count(store, notes) == 0 and count(store, tables.inbox) == 0
    with store.engine.connect() as conn:
        rows = conn.execute(select(tables.parked).order_by(tables.parked.c.id)).all()
    assert [(r.reason, r.attempts) for r in rows] == [("invalid", 1), ("failed", 2)]
    assert json.loads(rows[1].payload) == envelope and "bug after a write" in rows[1].error


def test_database_outage_requeues_instead_of_parking(store):
    from sqlalchemy.exc import OperationalError

    envelope = new_event("report_linked", "c1", linked("c1", "r1"), T0).to_envelope()

    def database_gone(event, uow):
        raise OperationalError("SELECT 1", {}, ConnectionError("server closed the connection"))

    with pytest.raises(DeliveryDeferred):
        receive(store, SqlAlchemyUnitOfWork, "svc.h", envelope, database_gone, CONSUMER, "t",
                sleep=lambda s: None)
    assert count(store, tables.parked) == 0


def test_an_event_that_came_before_the_one_it_needs_is_requeued_not_parked(store):
    from hcs.messaging import NotYet

    envelope = new_event("report_linked", "c1", linked("c1", "r1"), T0).to_envelope()
    tries: list[int] = []

    def too_early(event, uow):
        tries.append(1)
        raise NotYet("the report is not here yet")

    with pytest.raises(DeliveryDeferred, match="came early"):
        receive(store, SqlAlchemyUnitOfWork, "svc.h", envelope, too_early, CONSUMER, "t", sleep=lambda s: None)
    assert len(tries) == CONSUMER.attempts
    assert count(store, tables.parked) == 0 and count(store, tables.inbox) == 0
    assert receive(store, SqlAlchemyUnitOfWork, "svc.h", envelope, apply_note, CONSUMER, "t") == Outcome.APPLIED


def test_audit_log_is_append_only_in_the_database(store):
    from hcs.audit import AuditEntry

    with store.unit_of_work() as uow:
        uow.audit.record(AuditEntry("u1", "senior", "cases.get_case", record_type="case", record_id="c1"))
        uow.commit()
    for statement in ("UPDATE audit_log SET actor = 'someone-else'", "DELETE FROM audit_log"):
        with pytest.raises(Exception, match="append-only"), store.engine.begin() as conn:
            conn.execute(text(statement))
    assert count(store, tables.audit_log, tables.audit_log.c.actor == "u1") == 1


@pytest.mark.postgres
def test_only_one_relay_works_at_a_time_on_postgres(pg_database):
    url = pg_database("relaylock")
    first, second = Store(url, clock=FakeClock(T0)), Store(url, clock=FakeClock(T0))
    with first.engine.begin() as conn:
        tables.metadata.create_all(conn)
    write_events(first, "a")
    inner: list = []

    def publish(row):
        inner.append(Relay(second, lambda r: None, service="t", batch_size=10,
                           max_backoff_seconds=1).run_once())

    tick = Relay(first, publish, service="t", batch_size=10, max_backoff_seconds=1).run_once()
    assert tick.published == 1 and inner[0].skipped is True
    first.dispose()
    second.dispose()


def test_a_commit_with_events_wakes_the_relay_and_one_without_does_not(store):
    woken: list[int] = []
    store.on_outbox_commit = lambda: woken.append(1)
    with store.unit_of_work() as uow:
        uow.session.execute(insert(notes).values(id="n1"))
        uow.commit()
    assert woken == []
    with store.unit_of_work() as uow:
        uow.outbox.publish("report_linked", "c1", linked("c1", "r1"))
        # rolled back: nothing to relay, nobody woken
    assert woken == []
    write_events(store, "c1")
    assert woken == [1]


def test_a_tick_asked_for_while_one_runs_is_folded_into_it(store):
    """A wake-up after a commit and the timer's tick never publish the same row twice."""
    import eventlet

    write_events(store, "a")
    sent: list[str] = []
    relay: Relay

    def publish(row):
        if not sent:
            write_events(store, "b")  # a commit during the tick asks for another tick
            assert relay.run_once().skipped
            eventlet.sleep(0)
        sent.append(row.aggregate_id)

    relay = Relay(store, publish, service="test", batch_size=10, max_backoff_seconds=1)
    relay.run_once()
    assert sent == ["a", "b"]
    assert count(store, tables.outbox, tables.outbox.c.published_at.is_(None)) == 0


@pytest.fixture
def own_keyring():
    """Tests that change the process-wide keyring put the test keyring back afterwards."""
    from hcs.crypto import keyring, use_keyring

    before = keyring()
    yield
    use_keyring(before)


def test_special_category_columns_are_ciphertext_at_rest_and_rotate(store, own_keyring):
    from sqlalchemy import JSON

    from hcs.crypto import Encrypted, Keyring, new_key, reencrypt, use_keyring

    k1, k2 = new_key(), new_key()
    use_keyring(Keyring.from_config("k1", {"k1": k1}))
    people = MetaData()
    victims = Table("victims", people, Column("id", String(36), primary_key=True),
                    Column("needs", Encrypted("victims.needs")), Column("plain", JSON))
    people.create_all(store.engine)
    with store.engine.begin() as conn:
        conn.execute(insert(victims), [{"id": f"v{i}", "needs": {"ethnicity": "Roma", "i": i}, "plain": {}}
                                       for i in range(7)])
        conn.execute(insert(victims).values(id="none", needs=None, plain={}))
        stored = conn.execute(text("SELECT needs FROM victims WHERE id = 'v1'")).scalar()
    assert stored.startswith("hcs1:k1:") and "Roma" not in stored

    use_keyring(Keyring.from_config("k2", {"k1": k1, "k2": k2}))
    assert reencrypt(store.engine, people, batch=3) == {"victims.needs": 7}
    use_keyring(Keyring.from_config("k2", {"k2": k2}))  # the old key can go
    with store.engine.connect() as conn:
        rows = dict(conn.execute(select(victims.c.id, victims.c.needs)).all())
    assert rows["v5"] == {"ethnicity": "Roma", "i": 5} and rows["none"] is None
    assert reencrypt(store.engine, people) == {"victims.needs": 0}
