"""Issue 8: every read of a case leaves exactly one audit row, over a load run.

Eight callers read cases at once for a few hundred calls: the case's officer, a manager, the data
protection officer, an officer of another team, a board member (who may never read a case), and
readers of a case that does not exist. Reads that are allowed, refused and not found all count. The
figure is audit rows per read, per kind of read; it must be exactly 1.0. The report behind each
case is read through intake the same way.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from typing import Any

import pytest
from sqlalchemy import create_engine, func, select

from hcs import tables
from hcs.errors import Forbidden, NotFound
from hcs.testing.plugin import wait_for
from tests.e2e.test_walking_skeleton import report

pytestmark = pytest.mark.broker
CASES, READS, CALLERS = 6, 320, 8

# who reads, with which claims, and the outcome the audit row must say
READERS: dict[str, tuple[str, dict[str, Any], str]] = {
    "owner": ("housing_officer", {"user_id": "officer-north", "team": "north"}, "allowed"),
    "manager": ("manager", {"user_id": "manager-north", "team": "north"}, "allowed"),
    "dpo": ("data_protection_officer", {"user_id": "dpo-1"}, "allowed"),
    "other_team": ("housing_officer", {"user_id": "officer-south", "team": "south"}, "refused"),
    "board": ("board_member", {"user_id": "board-1"}, "refused"),
}


def audit_counts(url: str, action: str) -> Counter[str]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(select(tables.audit_log.c.outcome, func.count()).where(
                tables.audit_log.c.action == action).group_by(tables.audit_log.c.outcome)).all()
    finally:
        engine.dispose()
    return Counter(dict(rows))  # type: ignore[arg-type]


def test_every_read_of_a_case_is_audited_exactly_once_under_load(start_system):
    import eventlet

    system = start_system()
    system.register_staff("officer-north", team="north")
    system.register_staff("officer-south", team="south", patches=("N1",))
    owner = system.client("housing_officer", user_id="officer-north", team="north")
    receipts = [owner.intake.submit_report(report()) for _ in range(CASES)]
    found = [wait_for(lambda r=r: _case_for(owner, r["report_id"]), timeout=60, message="the case")
             for r in receipts]
    case_ids = [c["case_id"] for c in found]
    wait_for(lambda: all(owner.cases.get_case(c)["officer_id"] == "officer-north" for c in case_ids),
             timeout=60, message="allocation to the officer of the patch")

    before = {"case": audit_counts(system.database_urls["cases"], "cases.get_case"),
              "report": audit_counts(system.database_urls["intake"], "intake.get_report")}
    rng = random.Random(8)
    plan: list[tuple[str, str, str]] = []  # (reader, what, id)
    for _ in range(READS):
        reader = rng.choice([*READERS, "missing"])
        if reader == "missing":
            plan.append(("owner", "case", f"no-such-case-{rng.randrange(10**6)}"))
        elif rng.random() < 0.25 and READERS[reader][0] != "board_member":
            plan.append((reader, "report", rng.choice(receipts)["report_id"]))
        else:
            plan.append((reader, "case", rng.choice(case_ids)))

    outcomes: Counter[tuple[str, str]] = Counter()

    def run(share: list[tuple[str, str, str]]) -> None:
        clients = {name: system.client(role, **claims) for name, (role, claims, _) in READERS.items()}
        for reader, what, record_id in share:
            call = clients[reader].cases.get_case if what == "case" else clients[reader].intake.get_report
            try:
                call(record_id)
                outcomes[(what, "allowed")] += 1
            except (Forbidden, NotFound) as exc:  # the client raises the typed error the service raised
                outcomes[(what, "refused" if isinstance(exc, Forbidden) else "not_found")] += 1

    started = time.monotonic()
    for thread in [eventlet.spawn(run, plan[i::CALLERS]) for i in range(CALLERS)]:
        thread.wait()  # re-raises what went wrong in a caller
    elapsed = time.monotonic() - started

    after = {"case": audit_counts(system.database_urls["cases"], "cases.get_case"),
             "report": audit_counts(system.database_urls["intake"], "intake.get_report")}
    reads = Counter(what for _, what, _ in plan)
    assert sum(outcomes.values()) == READS
    for what in ("case", "report"):
        rows = after[what] - before[what]
        ratio = sum(rows.values()) / reads[what]
        print(f"[audit] {what} reads {reads[what]} in {elapsed:.1f}s by {CALLERS} callers: "
              f"audit rows {sum(rows.values())} ({dict(rows)}), rows per read {ratio:.3f}")
        assert ratio == 1.0
        for outcome in ("allowed", "refused", "not_found"):
            assert rows[outcome] == outcomes[(what, outcome)], (what, outcome, rows, outcomes)
    assert outcomes[("case", "refused")] and outcomes[("case", "not_found")] and outcomes[("case", "allowed")]


def _case_for(client: Any, report_id: str) -> dict[str, Any] | None:
    try:
        return client.cases.case_for_report(report_id)  # type: ignore[no-any-return]
    except NotFound:
        return None
