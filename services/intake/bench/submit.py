"""Intake's throughput and latency, printed (a benchmark, not a test).

    .venv/bin/python services/intake/bench/submit.py [--reports 300]

Starts intake in this process on a fresh SQLite file and its own RabbitMQ vhost (removed after),
then measures: submit_report over RPC one at a time and ten at a time, the HTTP form one at a time,
the time until the outbox has relayed every report_received, and triage alone in memory.
"""

from __future__ import annotations

import eventlet

eventlet.monkey_patch()  # noqa: E402

import argparse  # noqa: E402
import hashlib  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from datetime import UTC, datetime, timedelta  # noqa: E402
from typing import Any  # noqa: E402

import requests  # noqa: E402
from sqlalchemy import create_engine, func, select  # noqa: E402

from hcs import tables  # noqa: E402
from hcs.migrations import upgrade  # noqa: E402
from hcs.testing.plugin import AMQP_BASE, ProbeQueue, RpcClient, make_settings, token  # noqa: E402
from intake.domain.flags import EarlierReport  # noqa: E402
from intake.domain.keys import Keys  # noqa: E402
from intake.domain.triage import TriageRules, triage  # noqa: E402
from intake.service import IntakeService  # noqa: E402

CENTRE_KEY = "bench-centre-key-" + uuid.uuid4().hex


def report(i: int) -> dict[str, Any]:
    return {
        "idempotency_key": f"bench-{uuid.uuid4().hex}", "channel": "phone", "stream": "general_needs",
        "reporter": {"role": "victim", "name": "A Tenant", "contact": "07700 900123"},
        "victims": [{"name": "A Tenant", "address": {"uprn": str(10_000 + i % 50), "postcode": "E1 6AN"},
                     "vulnerabilities": ["mobility"], "interpreter_needed": i % 3 == 0}],
        "incident": {"occurred_at": (datetime.now(UTC) - timedelta(hours=i % 48)).isoformat(), "location_type": "home",
                     "narrative": "Abuse shouted at my door. " * 20, "types": ["verbal_abuse", "graffiti"]},
        "perception": {"strands": ["race"], "perceived_by": "victim"},
        "perpetrators": [{"known": True, "name": "N Neighbour", "address": {"uprn": "100023336957"}}],
        "damage": {"description": "graffiti", "location": "front door"},
    }


def figures(name: str, latencies: list[float], seconds: float) -> None:
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    print(f"{name:<34} {len(latencies) / seconds:8.0f}/s   p50 {statistics.median(ordered) * 1000:6.1f} ms"
          f"   p99 {p99 * 1000:6.1f} ms   ({len(latencies)} reports)")


def timed(call: Any, *args: Any) -> float:
    started = time.perf_counter()
    call(*args)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=300)
    n = parser.parse_args().reports
    vhost = f"hcs-bench-{uuid.uuid4().hex[:8]}"
    subprocess.run(["rabbitmqctl", "-q", "add_vhost", vhost], check=True)
    subprocess.run(["rabbitmqctl", "-q", "set_permissions", "-p", vhost, "guest", ".*", ".*", ".*"], check=True)
    amqp_uri = f"{AMQP_BASE}/{vhost}"
    folder = tempfile.mkdtemp(prefix="intake-bench-")
    url = f"sqlite:///{folder}/intake.db"
    from nameko.containers import ServiceContainer

    settings = make_settings("intake", amqp_uri, url, extra={"centres": {
        "bench": hashlib.sha256(CENTRE_KEY.encode()).hexdigest()}})
    upgrade("intake", url)
    container = ServiceContainer(IntakeService, settings.nameko_config())
    container.start()
    probe = ProbeQueue(amqp_uri, "intake", "report_received")
    try:
        with RpcClient(amqp_uri, token("housing_officer")) as rpc:
            rpc.intake.submit_report(report(0))  # warm up
            started = time.perf_counter()
            latencies = [timed(rpc.intake.submit_report, report(i)) for i in range(n)]
            figures("submit_report RPC, one at a time", latencies, time.perf_counter() - started)
        latencies = []

        def caller(worker: int) -> None:  # a standalone proxy is not shared between greenlets
            with RpcClient(amqp_uri, token("housing_officer")) as own:
                latencies.extend(timed(own.intake.submit_report, report(i)) for i in range(worker, n, 10))

        started = time.perf_counter()
        pool = eventlet.GreenPool(10)
        for worker in range(10):
            pool.spawn(caller, worker)
        pool.waitall()
        figures("submit_report RPC, ten at a time", latencies, time.perf_counter() - started)
        base = f"http://{settings.http.address}/reports"
        headers = {"Authorization": f"Bearer {CENTRE_KEY}", "Content-Type": "application/json"}
        with requests.Session() as http:
            started = time.perf_counter()
            latencies = []
            for i in range(n):
                body = json.dumps({**report(i), "channel": "third_party_centre"})
                latencies.append(timed(lambda b=body: http.post(base, data=b, headers=headers, timeout=10)))
            figures("HTTP form, one at a time", latencies, time.perf_counter() - started)
        engine = create_engine(url)
        started = time.perf_counter()
        pending = tables.outbox.c.published_at.is_(None)
        while True:
            with engine.connect() as conn:
                if conn.execute(select(func.count()).select_from(tables.outbox).where(pending)).scalar() == 0:
                    break
            eventlet.sleep(0.05)
        print(f"{'outbox drained after the last report':<34} {time.perf_counter() - started:8.2f} s")
        engine.dispose()
    finally:
        probe.close()
        container.stop()
        subprocess.run(["rabbitmqctl", "-q", "delete_vhost", vhost], check=False)
    rules, now = TriageRules(), datetime.now(UTC)
    earlier = [EarlierReport(f"r{i}", "web_form", now - timedelta(days=i), "k-home", None,
                             (now - timedelta(days=i), now - timedelta(days=i))) for i in range(50)]
    sample = {**report(1), "channel": "phone"}
    started = time.perf_counter()
    for _ in range(2000):
        triage(sample, rules, Keys("k-home"), now, earlier)
    per = (time.perf_counter() - started) / 2000
    print(f"{'triage alone, 50 earlier reports':<34} {1 / per:8.0f}/s   {per * 1e6:6.1f} µs each")


if __name__ == "__main__":
    main()
