"""Issue 8, faults 2 and 9: service processes killed while reports stream in.

Each service runs as its own process (as ``./run`` starts it). Reports are submitted by RPC at a
steady rate; a retried submission carries the same idempotency key, as a portal's would. Afterwards
every accepted report must have exactly one case and every case exactly one repair job, and the
indicators must count each report once. Each proof prints lost, duplicated and seconds to recover.
"""

from __future__ import annotations

import random
import signal
import time
from typing import Any

import eventlet
import pytest

from tests.proofs.conftest import STREAM
from tests.proofs.stream import recount_jobs, settle, submit_stream

pytestmark = [pytest.mark.slow, pytest.mark.broker]


def total(manager: Any, name: str) -> int:
    figures = manager.reporting.get_indicators()
    return int(next(i for i in figures["indicators"] if i["name"] == name)["total"])


def restart_later(system: Any, name: str, delay: float) -> None:
    def restart() -> None:
        eventlet.sleep(delay)
        system.start(name, wait=False)

    eventlet.spawn_n(restart)


def check(officer: Any, manager: Any, accepted: list[str], label: str, extra: str = "") -> None:
    outcome, recovery = settle(officer, accepted, timeout=180)
    recount_jobs(officer, outcome)
    deadline = time.monotonic() + 60
    while total(manager, "reports_received") < len(accepted) and time.monotonic() < deadline:
        time.sleep(0.5)
    counted = total(manager, "reports_received")
    print(f"\n{label}: {len(accepted)} reports accepted; lost {outcome.lost}; duplicated {outcome.duplicated}; "
          f"counted {counted}; settled {recovery:.1f}s after the stream ended{extra}")
    assert outcome.lost == 0 and outcome.duplicated == 0
    assert counted == len(accepted)


def test_sigkill_three_times_at_random_points(process_system, officer, manager):
    process_system.start()
    seed = random.randrange(10**6)
    rng = random.Random(seed)
    kills = dict(zip(sorted(rng.sample(range(5, STREAM - 5), 3)),
                     (rng.choice(("intake", "cases", "repairs", "reporting")) for _ in range(3)), strict=True))
    done: list[str] = []

    def kill(i: int) -> None:
        if i in kills:
            name = kills[i]
            process_system.kill(name, signal.SIGKILL)
            done.append(f"{name}@{i}")
            restart_later(process_system, name, rng.uniform(0.2, 2.0))

    accepted = submit_stream(officer, STREAM, rate=10, during=kill)
    check(officer, manager, accepted, "SIGKILL x3", f"; killed {', '.join(done)} (seed {seed})")


def test_sigterm_under_load_then_sigkill_after_ten_seconds(process_system, officer, manager):
    process_system.start()
    exits: list[str] = []

    def terminate(i: int) -> None:
        if i == STREAM // 3:
            for name in ("cases", "repairs"):
                code = process_system.kill(name, signal.SIGTERM, grace=10)
                exits.append(f"{name} exited {code}")
                process_system.start(name, wait=False)

    accepted = submit_stream(officer, STREAM, rate=20, during=terminate)
    check(officer, manager, accepted, "SIGTERM under load", "; " + ", ".join(exits))


def test_the_broker_stopped_and_started_during_a_stream(process_system, amqp_uri):
    """Fault 1. Reports keep arriving by intake's HTTP form while RabbitMQ is stopped (the real
    server, ``rabbitmqctl stop_app``) and started again: every one becomes a case, a job and a figure."""
    import requests

    from hcs.testing.plugin import RpcClient, token
    from tests.proofs.conftest import CENTRE_KEY
    from tests.proofs.stream import post_form

    process_system.start()
    outage: dict[str, float] = {}

    def broker(i: int) -> None:
        if i == STREAM // 3:
            rabbitmqctl("stop_app")
            outage["stopped"] = time.monotonic()
        elif i == 2 * STREAM // 3:
            rabbitmqctl("start_app")
            outage["started"] = time.monotonic()

    try:
        with requests.Session() as http:
            accepted = post_form(http, f"http://{process_system.settings['intake'].http.address}", CENTRE_KEY,
                                 STREAM, rate=10, during=broker)
    finally:
        if "started" not in outage:
            rabbitmqctl("start_app")
    with RpcClient(amqp_uri, token("housing_officer"), timeout=30) as officer, \
            RpcClient(amqp_uri, token("manager"), timeout=30) as manager:
        check(officer, manager, accepted, "broker stopped and started",
              f"; broker down {outage['started'] - outage['stopped']:.1f}s")


def rabbitmqctl(*args: str) -> None:
    import subprocess

    subprocess.run(["rabbitmqctl", "-q", *args], check=True, capture_output=True, timeout=120)
