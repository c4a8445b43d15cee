"""Tombstones and the copies an erased record leaves (``hcs.erasure``), on SQLite and PostgreSQL:
a consumer refuses an event that names an erased record, whatever its event id, and lets erasure
events through; the outbox and parked copies go with the record."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, insert, select, text

from hcs import tables
from hcs.clock import FakeClock
from hcs.config import ConsumerSettings
from hcs.db import SqlAlchemyUnitOfWork, Store
from hcs.erasure import ERASED_PAYLOAD
from hcs.events import new_event
from hcs.messaging import Outcome, receive

CONSUMER = ConsumerSettings(attempts=1, retry_delay_seconds=0)
T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request, tmp_path):
    url = f"sqlite:///{tmp_path}/store.db" if request.param == "sqlite" else request.getfixturevalue(
        "pg_database")("erasure")
    store = Store(url, clock=FakeClock(T0))
    with store.engine.begin() as conn:
        tables.metadata.create_all(conn)
        for statement in tables.APPEND_ONLY_SQL[store.engine.dialect.name]:
            conn.execute(text(statement))
    yield store
    store.dispose()


def linked(case_id: str) -> dict:
    return {"case_id": case_id, "report_id": "r-1", "linked_at": T0, "stream": "general_needs"}


def erased(case_id: str) -> dict:
    return {"case_id": case_id, "stream": "general_needs", "erased_at": T0, "rule": "closed_case",
            "report_ids": ["r-1"]}


def count(store: Store, table, *where) -> int:
    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table).where(*where)).scalar()


def test_an_event_naming_an_erased_record_is_refused_whatever_its_id_and_erasure_events_pass(store):
    applied: list[str] = []
    with store.unit_of_work() as uow:
        uow.erased.remember("case", ["c-1"], "closed_case")
        uow.commit()
    old = new_event("report_linked", "c-1", linked("c-1"), T0)
    for event in (old, new_event("report_linked", "c-1", linked("c-1"), T0)):  # the original, and re-minted
        outcome = receive(store, SqlAlchemyUnitOfWork, "svc.on_report_linked", event.to_envelope(),
                          lambda e, uow: applied.append(e.event_id), CONSUMER, "svc")
        assert outcome is Outcome.ERASED
    assert applied == [] and count(store, tables.inbox) == 2  # recorded: a redelivery is a plain duplicate
    again = receive(store, SqlAlchemyUnitOfWork, "svc.on_report_linked", old.to_envelope(),
                    lambda e, uow: applied.append(e.event_id), CONSUMER, "svc")
    assert again is Outcome.DUPLICATE
    other_case = new_event("report_linked", "c-2", linked("c-2"), T0)
    assert receive(store, SqlAlchemyUnitOfWork, "svc.on_report_linked", other_case.to_envelope(),
                   lambda e, uow: applied.append(e.event_id), CONSUMER, "svc") is Outcome.APPLIED
    erasure = new_event("case_erased", "c-1", erased("c-1"), T0)
    assert receive(store, SqlAlchemyUnitOfWork, "svc.on_case_erased", erasure.to_envelope(),
                   lambda e, uow: applied.append(e.event_type), CONSUMER, "svc") is Outcome.APPLIED
    assert applied == [other_case.event_id, "case_erased"]


def test_erasing_takes_the_outbox_and_parked_copies_and_keeps_the_erasure_event(store):
    with store.unit_of_work() as uow:
        uow.outbox.publish("report_linked", "c-1", linked("c-1"))
        uow.outbox.publish("report_linked", "c-2", linked("c-2"))
        uow.commit()
    with store.connection() as conn:
        conn.execute(insert(tables.parked).values(
            consumer="svc.on_report_linked", event_id="e-1", event_type="report_linked", reason="failed",
            payload=json.dumps({"aggregate_id": "c-1", "data": {"case_id": "c-1", "secret": "the victim's name"}}),
            error="KeyError", attempts=3, parked_at=T0, status="parked"))
    with store.unit_of_work() as uow:
        uow.erased.remember("case", ["c-1"], "closed_case")
        assert uow.erased.purge(["c-1"]) == {"outbox": 1, "parked": 1}
        uow.outbox.publish("case_erased", "c-1", erased("c-1"))
        uow.commit()
    with store.engine.connect() as conn:
        rows = conn.execute(select(tables.outbox).order_by(tables.outbox.c.id))
        left = [(r.aggregate_id, r.event_type) for r in rows]
        parked = conn.execute(select(tables.parked)).one()
    assert left == [("c-2", "report_linked"), ("c-1", "case_erased")]
    assert parked.payload == ERASED_PAYLOAD and parked.status == "erased" and "victim" not in parked.payload


def test_published_outbox_rows_go_after_their_period_and_pending_ones_never(store):
    with store.unit_of_work() as uow:
        for case in ("c-old", "c-new", "c-pending"):
            uow.outbox.publish("report_linked", case, linked(case))
        uow.commit()
    o = tables.outbox
    with store.connection() as conn:
        conn.execute(o.update().where(o.c.aggregate_id == "c-old").values(published_at=T0 - timedelta(days=31)))
        conn.execute(o.update().where(o.c.aggregate_id == "c-new").values(published_at=T0 - timedelta(days=29)))
    with store.unit_of_work() as uow:
        assert uow.erased.prune_published(T0 - timedelta(days=30)) == 1
        uow.commit()
    assert count(store, o) == 2 and count(store, o, o.c.aggregate_id == "c-old") == 0
