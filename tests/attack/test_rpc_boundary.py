"""What the RPC fuzz found, pinned: arguments no database can store or no caller needs are refused
with ``ValidationFailed`` at the boundary, on SQLite and on PostgreSQL, instead of crashing a worker
with a driver's error."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from hcs.errors import NotFound, ValidationFailed
from hcs.testing.plugin import RpcClient, token
from intake.service import IntakeService

pytestmark = pytest.mark.broker


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def intake(request: Any, start_service: Callable[..., Any], amqp_uri: str, tmp_path: Any) -> Iterator[Any]:
    url = (f"sqlite:///{tmp_path}/intake.db" if request.param == "sqlite"
           else request.getfixturevalue("pg_database")("intake"))
    start_service(IntakeService, amqp_uri, url)
    with RpcClient(amqp_uri, token("administrator")) as rpc:
        yield rpc.intake


def test_replaying_a_parked_message_needs_its_number(intake: Any) -> None:
    for parked_id in ["no-such-id", "7", True, 2**80, -1, 0, [1], {"id": 1}, None, 1.5, "\x00"]:
        with pytest.raises(ValidationFailed) as refused:
            intake.replay_parked(parked_id)
        assert refused.value.fields == {"parked_id": ["A parked message's number."]}, parked_id
    with pytest.raises(NotFound):
        intake.replay_parked(2**63 - 1)
