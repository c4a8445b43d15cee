"""Fixtures for proofs that run the system as real processes (hcs.testing.system)."""

from __future__ import annotations

import base64
import hashlib
import os
from collections.abc import Iterator
from typing import Any

import pytest

from hcs.testing.plugin import TEST_SECRET, RpcClient, token
from hcs.testing.system import ProcessSystem
from hcs_tools.contractor import ReferenceContractor

CONTRACTOR_SECRET = "whsec_" + base64.b64encode(b"proof-contractor-secret-000000001").decode()
CENTRE_KEY = "proof-centre-key-" + "c" * 32  # a third-party reporting centre's API key (intake's form)
# CI runs a short stream; HCS_PROOF_REPORTS=2000 runs a long one
STREAM = int(os.environ.get("HCS_PROOF_REPORTS", "60"))


@pytest.fixture
def database_urls() -> dict[str, str]:
    """Each service's database; empty means SQLite files (a proof may ask for PostgreSQL)."""
    return {}


@pytest.fixture
def process_system(amqp_uri: str, tmp_path: Any, database_urls: dict[str, str]) -> Iterator[ProcessSystem]:
    contractor = ReferenceContractor(CONTRACTOR_SECRET, mode="ignore").start()
    system = ProcessSystem(tmp_path / "system", amqp_uri, TEST_SECRET, database_urls=dict(database_urls), env_extra={
        "HCS_CONTRACTOR_URL": contractor.url, "HCS_CONTRACTOR_SECRET": CONTRACTOR_SECRET,
        "HCS_DEMO_CENTRE_KEY_SHA256": hashlib.sha256(CENTRE_KEY.encode()).hexdigest()})
    system.prepare()
    system.contractor = contractor  # type: ignore[attr-defined]
    try:
        yield system
    finally:
        system.stop()
        contractor.stop()


@pytest.fixture
def officer(amqp_uri: str) -> Iterator[Any]:
    client = RpcClient(amqp_uri, token("housing_officer", user_id="proof-officer"), timeout=30)
    yield client.__enter__()
    client.__exit__(None, None, None)


@pytest.fixture
def manager(amqp_uri: str) -> Iterator[Any]:
    client = RpcClient(amqp_uri, token("manager", user_id="proof-manager"), timeout=30)
    yield client.__enter__()
    client.__exit__(None, None, None)
