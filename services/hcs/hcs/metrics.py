"""Prometheus metrics shared by every service, and the provider that times every entrypoint.

One process runs one service, but tests run several in one process, so every series carries a
``service`` label instead of each service registering its own collectors.
"""

from __future__ import annotations

import time
from typing import Any

from nameko.extensions import DependencyProvider
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Gauge, Histogram, generate_latest

ENTRYPOINT_LATENCY = Histogram(
    "hcs_entrypoint_latency_seconds", "Time spent in each entrypoint",
    ["service", "entrypoint", "outcome"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
OUTBOX_PENDING = Gauge("hcs_outbox_pending", "Outbox rows not yet confirmed by the broker", ["service"])
OUTBOX_OLDEST_AGE = Gauge(
    "hcs_outbox_oldest_pending_age_seconds", "Age of the oldest unpublished outbox row", ["service"])
EVENTS_PUBLISHED = Counter(
    "hcs_events_published_total", "Events confirmed by the broker", ["service", "event_type"])
PUBLISH_FAILURES = Counter(
    "hcs_outbox_publish_failures_total", "Publish attempts that failed and will be retried", ["service"])
INBOX_DUPLICATES = Counter(
    "hcs_inbox_duplicates_total", "Events received again and skipped", ["service", "consumer"])
EVENTS_APPLIED = Counter(
    "hcs_events_applied_total", "Events applied by a consumer", ["service", "consumer"])
ERASED_REFUSED = Counter(
    "hcs_events_refused_erased_total", "Events refused because they name a record erased under the retention "
    "schedule (a replay of old events)", ["service", "consumer"])
PARKED = Counter("hcs_parked_total", "Events parked for an operator", ["service", "consumer", "reason"])
PARKED_OPEN = Gauge("hcs_parked_open", "Parked events not yet replayed", ["service"])

# Business measures the operations team is alerted on (deploy/prometheus/alerts.yml); the owning
# service sets them. Reporting's live gauges (open cases, overdue reviews ...) are in reporting.metrics.
REPAIR_SLA_BREACHES = Counter(
    "hcs_repair_sla_breaches_total",
    "Harassment repair jobs neither made safe nor completed within 24 hours of the report (POL-6); "
    "counted by repairs when the clock runs out", ["service", "stream"])


def exposition() -> tuple[bytes, str]:
    return generate_latest(), CONTENT_TYPE_LATEST


class Metrics(DependencyProvider):
    """Observes the latency and outcome of every worker the container runs."""

    def __init__(self) -> None:
        self._started: dict[Any, float] = {}

    def worker_setup(self, worker_ctx: Any) -> None:
        self._started[worker_ctx] = time.perf_counter()

    def worker_result(self, worker_ctx: Any, result: Any = None, exc_info: Any = None) -> None:
        started = self._started.pop(worker_ctx, None)
        if started is None:
            return
        outcome = "ok" if exc_info is None else type(exc_info[1]).__name__
        ENTRYPOINT_LATENCY.labels(self.container.service_name, worker_ctx.entrypoint.method_name,
                                  outcome).observe(time.perf_counter() - started)

    def get_dependency(self, worker_ctx: Any) -> None:
        return None
