"""A stream of reports for the fault proofs, and the audit of what became of each one."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from hcs.errors import NotFound


def report(i: int, run: str) -> dict[str, Any]:
    """Report ``i``: each about a different household, with damage, half in each stream."""
    return {
        "idempotency_key": f"proof-{run}-{i:05d}", "channel": "phone",
        "stream": "general_needs" if i % 2 else "care_support", "reporter": {"role": "victim"},
        "victims": [{"address": {"uprn": str(5 * 10**9 + i), "postcode": "E1 6AN"}}],
        "incident": {"occurred_at": datetime.now(UTC).isoformat(), "location_type": "home",
                     "narrative": "Graffiti on the door.", "types": ["graffiti"]},
        "perception": {"strands": ["race"], "perceived_by": "victim"},
        "damage": {"description": "offensive graffiti", "location": "front door"},
    }


@dataclass
class Outcome:
    accepted: list[str] = field(default_factory=list)
    cases: dict[str, str] = field(default_factory=dict)  # report -> case
    jobs: dict[str, int] = field(default_factory=dict)  # case -> jobs made for it

    @property
    def lost(self) -> int:
        return sum(1 for r in self.accepted if r not in self.cases) + sum(
            1 for c in self.cases.values() if self.jobs.get(c, 0) == 0)

    @property
    def duplicated(self) -> int:
        return (len(self.cases.values()) - len(set(self.cases.values()))) + sum(
            n - 1 for n in self.jobs.values() if n > 1)


def submit_stream(officer: Any, count: int, rate: float, during: Callable[[int], None] = lambda i: None,
                  run: str | None = None, retry_for: float = 0.0) -> list[str]:
    """Submit ``count`` reports at about ``rate`` a second; ``during(i)`` runs before report ``i``.
    A submission that fails is sent again with the same idempotency key (as a portal retries) for
    up to ``retry_for`` seconds."""
    run = run or uuid.uuid4().hex[:6]
    accepted = []
    for i in range(count):
        during(i)
        started = time.monotonic()
        accepted.append(retried(lambda i=i: officer.intake.submit_report(report(i, run))["report_id"], retry_for))
        time.sleep(max(0.0, 1 / rate - (time.monotonic() - started)))
    return accepted


def retried(call: Callable[[], Any], retry_for: float) -> Any:
    deadline = time.monotonic() + retry_for
    while True:
        try:
            return call()
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(1.0)


def post_form(session: Any, url: str, key: str, count: int, rate: float, during: Callable[[int], None],
              run: str | None = None) -> list[str]:
    """Post ``count`` reports to intake's HTTP form as a reporting centre; each must be accepted (201)."""
    import json

    run = run or uuid.uuid4().hex[:6]
    accepted = []
    for i in range(count):
        during(i)
        started = time.monotonic()
        body = report(i, run)
        body.pop("channel")  # the centre's own channel
        response = session.post(f"{url}/reports", data=json.dumps(body), timeout=10,
                                headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
        assert response.status_code == 201, response.text
        accepted.append(response.json()["report_id"])
        time.sleep(max(0.0, 1 / rate - (time.monotonic() - started)))
    return accepted


def settle(officer: Any, accepted: list[str], timeout: float) -> tuple[Outcome, float]:
    """Wait until every report has its case and every case its job; returns what became of them and
    how long it took."""
    started = time.monotonic()
    outcome = Outcome(accepted=accepted)
    while True:
        for report_id in accepted:
            if report_id not in outcome.cases:
                try:
                    found = officer.cases.case_for_report(report_id)
                    if found.get("case_id"):
                        outcome.cases[report_id] = found["case_id"]
                except NotFound:
                    pass
        for case_id in set(outcome.cases.values()):
            if outcome.jobs.get(case_id, 0) == 0:
                outcome.jobs[case_id] = len(officer.repairs.list_jobs(case_id))
        if outcome.lost == 0 or time.monotonic() - started > timeout:
            return outcome, time.monotonic() - started
        time.sleep(0.5)


def recount_jobs(officer: Any, outcome: Outcome) -> None:
    """Count every case's jobs once more, after the dust settles (a duplicate can arrive late)."""
    for case_id in set(outcome.cases.values()):
        outcome.jobs[case_id] = len(officer.repairs.list_jobs(case_id))
