"""Benchmark: sustained load through the whole system at a steady offered rate. Prints figures.

    .venv/bin/python bench/load.py [--rate 10] [--minutes 10] [--senders 4]

The five services run as their own processes on SQLite (as ``./run`` starts them), with a contractor
endpoint in this process that works each job and calls back. Reports are submitted by RPC at
``--rate`` a second for ``--minutes``; each report's latency runs from its submission to the moment
its repair job reaches the contractor. Every 5 seconds the memory (RSS) of each service process and
each service's outbox backlog (``hcs_outbox_pending`` on its /metrics) are sampled. Printed:
throughput offered and achieved, p50/p95/p99 latency, memory of each service after the first
minute and at the end with the growth per hour, the largest outbox backlog, and lost (must be 0).
"""

from __future__ import annotations

import eventlet

eventlet.monkey_patch()  # noqa: E402

import argparse  # noqa: E402
import contextlib  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import urllib.request  # noqa: E402
from pathlib import Path  # noqa: E402

from nameko.standalone.rpc import ClusterRpcProxy  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pipeline import (  # noqa: E402
    CONTRACTOR_SECRET,
    SECRET,
    TimingContractor,
    fresh_vhost,
    percentile,
    rabbitmqctl,
    sample_report,
)

SAMPLE_EVERY = 5.0


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def outbox_pending(address: str) -> int:
    with urllib.request.urlopen(f"http://{address}/metrics", timeout=5) as response:  # noqa: S310
        for line in response.read().decode().splitlines():
            if line.startswith("hcs_outbox_pending{"):
                return int(float(line.rsplit(" ", 1)[1]))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rate", type=float, default=10.0, help="reports offered per second")
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--senders", type=int, default=4, help="RPC clients sharing the rate")
    parser.add_argument("--drain-timeout", type=float, default=300.0)
    args = parser.parse_args()

    from hcs.auth import TOKEN_KEY, issue_token
    from hcs.testing.system import ProcessSystem

    vhost, amqp_uri = fresh_vhost()
    contractor = TimingContractor()
    system = ProcessSystem(Path(tempfile.mkdtemp(prefix="hcs-load-")), amqp_uri, SECRET, env_extra={
        "HCS_CONTRACTOR_URL": contractor.url, "HCS_CONTRACTOR_SECRET": CONTRACTOR_SECRET})
    system.prepare()
    contractor.contractor.callback_url = f"http://{system.settings['repairs'].http.address}/contractor/callbacks"
    system.start()
    token = issue_token(system.settings["intake"].auth, "load-officer", "housing_officer", team="north",
                        streams=["general_needs"], minutes=int(args.minutes) + 30)
    memory: dict[str, list[tuple[float, float]]] = {name: [] for name in system.processes}
    backlog_max = dict.fromkeys(system.processes, 0)
    submitted: dict[str, float] = {}
    errors: list[str] = []
    duration = args.minutes * 60
    started = time.monotonic()
    stopping = False

    def sample() -> None:
        while not stopping:
            at = time.monotonic() - started
            for name, process in system.processes.items():
                memory[name].append((at, rss_mib(process.pid)))
                with contextlib.suppress(OSError):
                    backlog_max[name] = max(backlog_max[name], outbox_pending(system.settings[name].http.address))
            eventlet.sleep(SAMPLE_EVERY)

    def send(sender: int) -> None:
        interval = args.senders / args.rate
        with ClusterRpcProxy({"AMQP_URI": amqp_uri}, context_data={TOKEN_KEY: token}, timeout=60) as proxy:
            i = 0
            while True:
                due = started + sender * interval / args.senders + i * interval
                if due - started >= duration:
                    return
                eventlet.sleep(max(0.0, due - time.monotonic()))
                uprn = str(2 * 10**9 + i * args.senders + sender)
                submitted[uprn] = time.perf_counter()
                try:
                    proxy.intake.submit_report(sample_report(uprn))
                except Exception as exc:
                    errors.append(f"{type(exc).__name__}")
                    submitted.pop(uprn, None)
                i += 1

    sampler = eventlet.spawn(sample)
    try:
        senders = [eventlet.spawn(send, n) for n in range(args.senders)]
        for sender in senders:
            sender.wait()
        sent_for = time.monotonic() - started
        deadline = time.monotonic() + args.drain_timeout
        while sum(u in contractor.arrivals for u in submitted) < len(submitted) and time.monotonic() < deadline:
            eventlet.sleep(0.5)
        stopping = True
        sampler.wait()
    finally:
        system.stop()
        contractor.contractor.stop()
        rabbitmqctl("delete_vhost", vhost)

    done = [u for u in submitted if u in contractor.arrivals]
    latencies = [contractor.arrivals[u] - submitted[u] for u in done]
    first = min(submitted.values())
    last = max(contractor.arrivals[u] for u in done)
    print(f"offered       : {args.rate:.1f} reports/s for {args.minutes:.1f} min ({len(submitted)} accepted, "
          f"{len(errors)} refused or timed out)")
    print(f"achieved      : {len(submitted) / sent_for:.2f} submitted/s; {len(done) / (last - first):.2f} jobs "
          f"delivered/s")
    print(f"latency       : p50 {percentile(latencies, 0.5) * 1000:.0f} ms  "
          f"p95 {percentile(latencies, 0.95) * 1000:.0f} ms  p99 {percentile(latencies, 0.99) * 1000:.0f} ms  "
          f"max {max(latencies) * 1000:.0f} ms (submit -> job at contractor)")
    for name, samples in memory.items():
        after_warmup = next((m for t, m in samples if t >= 60), samples[0][1])
        end = samples[-1]
        hours = (end[0] - 60) / 3600
        growth = f"{(end[1] - after_warmup) / hours:+.1f} MiB/hour" if hours >= 1 / 60 else "n/a (run longer)"
        print(f"memory {name:<9}: {after_warmup:6.1f} MiB after 1 min, {end[1]:6.1f} MiB at the end; "
              f"growth {growth}; largest outbox backlog {backlog_max[name]}")
    lost = len(submitted) - len(done)
    print(f"lost          : {lost}")
    return 0 if lost == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
