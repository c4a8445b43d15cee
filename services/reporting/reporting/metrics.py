"""The live business figures as Prometheus gauges, refreshed from the read model on every scrape."""

from __future__ import annotations

from typing import Any

from prometheus_client import Gauge

from hcs.contracts.common import RISK_LEVELS
from reporting.domain.figures import STREAMS

OPEN_CASES = Gauge("hcs_open_cases", "Cases open now, by stream and current risk level", ["service", "stream", "risk"])
JOBS_AT_RISK = Gauge("hcs_repair_jobs_at_risk", "Repair jobs at risk of missing their 24 hours, not yet done",
                     ["service", "stream"])
JOBS_BREACHED = Gauge("hcs_repair_jobs_breached_open", "Repair jobs past their 24 hours and still not done",
                      ["service", "stream"])
REVIEWS_OVERDUE = Gauge("hcs_case_reviews_overdue", "Open cases whose supervision review is overdue",
                        ["service", "stream"])


def publish(service: str, live: dict[str, dict[Any, int]]) -> None:
    for stream in STREAMS:
        for risk in (*RISK_LEVELS, None):
            OPEN_CASES.labels(service, stream, risk or "not_assessed").set(live["open_cases"].get((stream, risk), 0))
        JOBS_AT_RISK.labels(service, stream).set(live["jobs_at_risk"].get(stream, 0))
        JOBS_BREACHED.labels(service, stream).set(live["jobs_breached_open"].get(stream, 0))
        REVIEWS_OVERDUE.labels(service, stream).set(live["reviews_overdue"].get(stream, 0))
