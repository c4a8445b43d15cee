"""Issue 8, fault 6: PostgreSQL unavailable for 20 seconds while the system handles a stream.

The five services run as their own processes on PostgreSQL, one database each. The server is stopped
(``pg_ctlcluster ... stop``) for 20 seconds mid-stream and started again. A submission refused
meanwhile is sent again with the same idempotency key (as a portal retries); an event whose handler
cannot reach its database is requeued, never parked or acknowledged away. Afterwards every accepted
report has exactly one case and one job and is counted once.
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from tests.proofs.conftest import STREAM
from tests.proofs.stream import submit_stream
from tests.proofs.test_process_faults import check

pytestmark = [pytest.mark.slow, pytest.mark.broker, pytest.mark.postgres]
OUTAGE_SECONDS = 20


def pg_ctl(action: str) -> None:
    version = sorted(p.name for p in Path("/etc/postgresql").iterdir())[-1]
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", action, *(
        ["-m", "fast"] if action == "stop" else [])], check=True, capture_output=True, timeout=120)


def pg_ready(timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while subprocess.run(["pg_isready", "-h", "127.0.0.1", "-q"], check=False).returncode != 0:
        if time.monotonic() > deadline:
            raise AssertionError("PostgreSQL did not come back")
        time.sleep(0.5)


@pytest.fixture
def database_urls(pg_database: Any) -> dict[str, str]:
    return {name: pg_database(name) for name in ("intake", "cases", "repairs", "referrals", "reporting")}


def test_postgresql_down_for_twenty_seconds_mid_stream(process_system, officer, manager):
    import eventlet

    process_system.start()
    outage: dict[str, float] = {}

    def bring_back() -> None:
        eventlet.sleep(OUTAGE_SECONDS)
        pg_ctl("start")
        pg_ready()
        outage["started"] = time.monotonic()

    def database(i: int) -> None:
        if i == STREAM // 3:
            pg_ctl("stop")
            outage["stopped"] = time.monotonic()
            eventlet.spawn_n(bring_back)

    try:
        accepted = submit_stream(officer, STREAM, rate=5, during=database, retry_for=OUTAGE_SECONDS + 60)
        deadline = time.monotonic() + OUTAGE_SECONDS + 60
        while "started" not in outage and time.monotonic() < deadline:
            time.sleep(0.5)
    finally:
        if subprocess.run(["pg_isready", "-h", "127.0.0.1", "-q"], check=False).returncode != 0:
            pg_ctl("start")
            pg_ready()
    check(officer, manager, accepted, "PostgreSQL stopped mid-stream",
          f"; database down {outage['started'] - outage['stopped']:.1f}s")
