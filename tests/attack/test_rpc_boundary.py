"""What the RPC fuzz found, pinned: arguments no database can store or no caller needs are refused
with ``ValidationFailed`` at the boundary, on SQLite and on PostgreSQL, instead of crashing a worker
with a driver's error."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from hcs.errors import NotFound, Unauthenticated, ValidationFailed
from hcs.testing.plugin import RpcClient, token
from intake.service import IntakeService

pytestmark = pytest.mark.broker


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def intake(request: Any, start_service: Callable[..., Any], amqp_uri: str, tmp_path: Any) -> Iterator[dict[str, Any]]:
    url = (f"sqlite:///{tmp_path}/intake.db" if request.param == "sqlite"
           else request.getfixturevalue("pg_database")("intake"))
    start_service(IntakeService, amqp_uri, url)
    with RpcClient(amqp_uri, token("administrator")) as administrator, RpcClient(amqp_uri, token("manager")) as manager:
        yield {"administrator": administrator.intake, "manager": manager.intake, "url": url, "amqp_uri": amqp_uri}


def test_replaying_a_parked_message_needs_its_number(intake: Any) -> None:
    intake = intake["administrator"]
    for parked_id in ["no-such-id", "7", True, 2**80, -1, 0, [1], {"id": 1}, None, 1.5]:
        with pytest.raises(ValidationFailed) as refused:
            intake.replay_parked(parked_id)
        assert refused.value.fields == {"parked_id": ["A parked message's number."]}, parked_id
    with pytest.raises(NotFound):
        intake.replay_parked(2**63 - 1)


def test_text_no_database_can_store_is_refused_before_any_worker_runs(intake: Any) -> None:
    intake = intake["manager"]
    refused_with = {}
    for name, call in {
        "NUL in an id": lambda: intake.get_report("RPT-\x00"),
        "a megabyte after a NUL": lambda: intake.get_report("\x00" + "B" * (1 << 20)),
        "a lone surrogate in an id": lambda: intake.get_report(report_id="x\udfffy"),
        "NUL in a filter": lambda: intake.list_reports({"stream": ["general_needs", "a\x00"]}),
        "a lone surrogate in a key": lambda: intake.list_reports({"\ud800": 1}),
    }.items():
        with pytest.raises(ValidationFailed) as refused:
            call()
        refused_with[name] = list(refused.value.fields)
    assert refused_with == {"NUL in an id": ["report_id"], "a megabyte after a NUL": ["report_id"],
                            "a lone surrogate in an id": ["report_id"], "NUL in a filter": ["filters.stream.1"],
                            "a lone surrogate in a key": ["filters.(a key)"]}
    with pytest.raises(NotFound):  # astral characters (a surrogate pair on the wire) are text like any other
        intake.get_report("RPT-😀")


def test_a_refused_caller_is_audited_whatever_correlation_id_and_subject_it_sends(intake: Any) -> None:
    """The refusal's audit row was lost (the insert failed) when the caller sent a correlation id that is
    not a string, or one too long for the column, or a token claiming a subject with a NUL."""
    import jwt
    from nameko.standalone.rpc import ClusterRpcProxy
    from sqlalchemy import func, select

    from hcs import tables
    from hcs.auth import TOKEN_KEY
    from hcs.db import make_engine

    unsigned = jwt.encode({"sub": "root\x00admin", "role": "administrator"}, "", algorithm="none")
    contexts = [{TOKEN_KEY: unsigned}, {TOKEN_KEY: "garbage", "correlation_id": {"a": 1}},
                {TOKEN_KEY: "garbage", "correlation_id": "c" * 1000}, {"correlation_id": ["x\x00"]}]
    engine = make_engine(intake["url"])
    audit = tables.audit_log

    def refusals() -> int:
        with engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(audit).where(
                audit.c.action == "intake.list_reports", audit.c.outcome == "refused")).scalar_one())

    for context in contexts:
        before = refusals()
        with ClusterRpcProxy({"AMQP_URI": intake["amqp_uri"]}, context_data=context, timeout=15) as proxy, \
                pytest.raises(Unauthenticated):
            proxy.intake.list_reports()
        assert refusals() == before + 1, context
    with engine.connect() as conn:
        actors = {row.actor for row in conn.execute(select(audit.c.actor).where(audit.c.outcome == "refused"))}
    engine.dispose()
    assert actors == {"claimed:rootadmin", "anonymous"}


def test_a_refused_look_at_parked_messages_is_audited(intake: Any) -> None:
    from sqlalchemy import select

    from hcs import tables
    from hcs.db import make_engine
    from hcs.errors import Forbidden

    with RpcClient(intake["amqp_uri"], token("housing_officer", user_id="officer-7")) as rpc:
        with pytest.raises(Forbidden):
            rpc.intake.list_parked()
        with pytest.raises(Forbidden):
            rpc.intake.replay_parked(1)
    engine = make_engine(intake["url"])
    audit = tables.audit_log
    with engine.connect() as conn:
        rows = [tuple(row) for row in conn.execute(
            select(audit.c.actor, audit.c.role, audit.c.action, audit.c.outcome).order_by(audit.c.id))]
    engine.dispose()
    assert rows == [("officer-7", "housing_officer", "intake.list_parked", "refused"),
                    ("officer-7", "housing_officer", "intake.replay_parked", "refused")]
