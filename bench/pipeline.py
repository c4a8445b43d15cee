"""Benchmark: bare nameko echo RPC against the whole pipeline, in one run. Prints figures.

    .venv/bin/python bench/pipeline.py [--reports 500] [--window 20] [--echo-calls 3000]

1. A bare nameko service (one ``@rpc`` that returns its argument, no database, no auth) in its own
   process: sequential calls give p50/p99 latency; ``--window`` calls in flight give throughput.
2. The five services, each in its own process (as ``./run`` starts them, on SQLite files in a
   scratch directory and a fresh RabbitMQ vhost), and a contractor endpoint in this process:
   ``--reports`` reports are submitted by RPC with ``--window`` in flight; each report's latency is
   from its submission to the moment its repair job reaches the contractor (submit -> report_received
   -> case opened -> repair_requested -> job created -> signed webhook delivered).
The ratio pipeline/echo is printed for throughput and for p50 latency.
"""

from __future__ import annotations

import eventlet

eventlet.monkey_patch()  # noqa: E402

import argparse  # noqa: E402
import base64  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from datetime import UTC, datetime  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

from nameko.rpc import rpc  # noqa: E402
from nameko.standalone.rpc import ClusterRpcProxy  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
AMQP_BASE = os.environ.get("HCS_BENCH_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672")
SECRET = "bench-secret-" + "b" * 40
CONTRACTOR_SECRET = "whsec_" + base64.b64encode(b"bench-contractor-secret-000001").decode()


class EchoService:
    name = "echo"

    @rpc
    def echo(self, value: Any) -> Any:
        return value


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def rabbitmqctl(*args: str) -> None:
    subprocess.run(["rabbitmqctl", "-q", *args], check=True, capture_output=True, timeout=60)


def fresh_vhost() -> tuple[str, str]:
    vhost = f"hcs-bench-{uuid.uuid4().hex[:8]}"
    rabbitmqctl("add_vhost", vhost)
    rabbitmqctl("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*")
    return vhost, f"{AMQP_BASE}/{vhost}"


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve_echo(amqp_uri: str) -> None:
    from nameko.runners import ServiceRunner

    runner = ServiceRunner({"AMQP_URI": amqp_uri, "serializer": "json", "max_workers": 10})
    runner.add_service(EchoService)
    runner.start()
    runner.wait()


def in_flight(send: Any, items: list[Any], window: int) -> float:
    """Keep ``window`` calls in flight; returns the elapsed seconds. ``send(item)`` returns an async
    reply. The standalone proxy has one reply consumer, so one greenlet sends and collects."""
    from collections import deque

    pending: deque[Any] = deque()
    started = time.perf_counter()
    for item in items:
        if len(pending) >= window:
            pending.popleft().result()
        pending.append(send(item))
    while pending:
        pending.popleft().result()
    return time.perf_counter() - started


def bench_echo(calls: int, window: int) -> dict[str, float]:
    vhost, amqp_uri = fresh_vhost()
    process = subprocess.Popen([sys.executable, __file__, "--serve-echo", amqp_uri], cwd=ROOT)
    try:
        with ClusterRpcProxy({"AMQP_URI": amqp_uri}, timeout=10) as proxy:
            deadline = time.monotonic() + 30
            while True:
                try:
                    proxy.echo.echo(0)
                    break
                except Exception:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.2)
            for i in range(200):  # warm up
                proxy.echo.echo(i)
            sequential = []
            for i in range(calls):
                started = time.perf_counter()
                proxy.echo.echo({"i": i})
                sequential.append(time.perf_counter() - started)
        with ClusterRpcProxy({"AMQP_URI": amqp_uri}, timeout=10) as proxy:
            # the standalone proxy is one reply consumer: calls in flight go out as call_async
            elapsed = in_flight(lambda i: proxy.echo.echo.call_async({"i": i}), list(range(calls)), window)
    finally:
        process.terminate()
        process.wait(timeout=20)
        rabbitmqctl("delete_vhost", vhost)
    return {"p50": percentile(sequential, 0.5), "p99": percentile(sequential, 0.99),
            "throughput": calls / elapsed}


class TimingContractor:
    """A contractor endpoint that notes when each job arrives, keyed by the job's UPRN."""

    def __init__(self) -> None:
        from hcs_tools.contractor import ReferenceContractor

        self.arrivals: dict[str, float] = {}
        contractor = ReferenceContractor(CONTRACTOR_SECRET)
        take = contractor._take

        def timed(request: Any) -> Any:
            seen = len(contractor.messages)
            response = take(request)
            for kind, job_id in contractor.messages[seen:]:
                if kind == "job.offered":
                    uprn = (contractor.jobs[job_id].get("address") or {}).get("uprn")
                    self.arrivals.setdefault(str(uprn), time.perf_counter())
            return response

        contractor._take = timed  # type: ignore[method-assign]
        self.contractor = contractor.start()

    @property
    def url(self) -> str:
        return str(self.contractor.url)


def sample_report(uprn: str) -> dict[str, Any]:
    return {
        "idempotency_key": f"bench-{uprn}", "channel": "phone", "stream": "general_needs",
        "reporter": {"role": "victim"},
        "victims": [{"address": {"uprn": uprn, "postcode": "E1 6AN"}}],
        "incident": {"occurred_at": datetime.now(UTC).isoformat(), "location_type": "home",
                     "narrative": "Racist graffiti on the front door.", "types": ["graffiti"]},
        "perception": {"strands": ["race"], "perceived_by": "victim"},
        "damage": {"description": "offensive graffiti", "location": "front door"},
    }


def bench_pipeline(reports: int, latency_reports: int, window: int, timeout: float) -> dict[str, float]:
    from hcs.auth import TOKEN_KEY, issue_token
    from hcs.testing.system import ProcessSystem

    vhost, amqp_uri = fresh_vhost()
    contractor = TimingContractor()
    system = ProcessSystem(Path(tempfile.mkdtemp(prefix="hcs-bench-")), amqp_uri, SECRET, env_extra={
        "HCS_CONTRACTOR_URL": contractor.url, "HCS_CONTRACTOR_SECRET": CONTRACTOR_SECRET})
    system.prepare()
    # the contractor accepts and completes each job, as a real one does (and frees its capacity)
    contractor.contractor.callback_url = f"http://{system.settings['repairs'].http.address}/contractor/callbacks"
    system.start()
    try:
        token = issue_token(system.settings["intake"].auth, "bench-officer", "housing_officer", team="north",
                            streams=["general_needs"], minutes=120)
        submitted: dict[str, float] = {}
        with ClusterRpcProxy({"AMQP_URI": amqp_uri}, context_data={TOKEN_KEY: token}, timeout=30) as proxy:

            def send(uprn: str) -> Any:
                submitted[uprn] = time.perf_counter()
                return proxy.intake.submit_report.call_async(sample_report(uprn))

            def arrived(uprns: list[str], within: float) -> list[str]:
                deadline = time.monotonic() + within
                while sum(u in contractor.arrivals for u in uprns) < len(uprns) and time.monotonic() < deadline:
                    time.sleep(0.005)
                return [u for u in uprns if u in contractor.arrivals]

            # latency: one report at a time through the idle pipeline (the first few warm it up)
            alone = [str(10**8 + i) for i in range(latency_reports + 5)]
            for uprn in alone:
                send(uprn).result()
                arrived([uprn], 30)
            latencies = [contractor.arrivals[u] - submitted[u] for u in alone[5:] if u in contractor.arrivals]
            alone_lost = sum(u not in contractor.arrivals for u in alone)
            # throughput: ``window`` submissions in flight, until the last job reaches the contractor
            uprns = [str(10**9 + i) for i in range(reports)]
            started = time.perf_counter()
            in_flight(send, uprns, window)
        done = arrived(uprns, timeout)
        elapsed = max(contractor.arrivals[u] for u in done) - started if done else float("nan")
    finally:
        system.stop()
        contractor.contractor.stop()
        rabbitmqctl("delete_vhost", vhost)
    lost = reports - len(done) + alone_lost
    return {"delivered": len(done), "lost": lost, "throughput": len(done) / elapsed,
            "p50": percentile(latencies, 0.5), "p99": percentile(latencies, 0.99),
            "mean": statistics.fmean(latencies)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=500)
    parser.add_argument("--window", type=int, default=20, help="calls in flight")
    parser.add_argument("--echo-calls", type=int, default=3000)
    parser.add_argument("--latency-reports", type=int, default=100, help="reports sent one at a time")
    parser.add_argument("--timeout", type=float, default=300, help="seconds to wait for the last job")
    parser.add_argument("--serve-echo", metavar="AMQP_URI", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_echo:
        serve_echo(args.serve_echo)
        return 0
    echo = bench_echo(args.echo_calls, args.window)
    print(f"echo RPC      : {echo['throughput']:8.0f} calls/s ({args.window} in flight); "
          f"p50 {echo['p50'] * 1000:7.2f} ms  p99 {echo['p99'] * 1000:7.2f} ms (sequential)", flush=True)
    pipe = bench_pipeline(args.reports, args.latency_reports, args.window, args.timeout)
    print(f"pipeline      : {pipe['throughput']:8.1f} reports/s ({args.window} in flight); "
          f"p50 {pipe['p50'] * 1000:7.1f} ms  p99 {pipe['p99'] * 1000:7.1f} ms (one at a time, "
          f"submit -> job at contractor); {pipe['delivered']:.0f} delivered, {pipe['lost']:.0f} lost")
    print(f"pipeline/echo : throughput {pipe['throughput'] / echo['throughput']:.3f}x, "
          f"p50 latency {pipe['p50'] / echo['p50']:.0f}x")
    return 0 if pipe["lost"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
