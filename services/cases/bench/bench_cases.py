"""Figures for cases' own work on a SQLite file (no broker): how fast reports become cases, how long
a full case detail and the overdue list take, and what one reminder tick costs over many cases.

    .venv/bin/python services/cases/bench/bench_cases.py [--cases 1000]

Prints figures; asserts nothing (the brief: targets are measured by scripts, never by timed tests).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cases.service_layer import contacts, intake_events, queries, reminders, staff
from cases.service_layer.unit_of_work import CasesUnitOfWork
from cases.settings import cases_settings
from hcs.auth import Caller
from hcs.clock import FakeClock
from hcs.db import Store
from hcs.migrations import upgrade

T0 = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)
SETTINGS = cases_settings({"allocation": {"default_team": "north"}})
MANAGER = Caller("m-1", "manager", None, frozenset({"general_needs", "care_support"}))
OFFICER = Caller("o-1", "housing_officer", "north", frozenset({"general_needs"}))


def report(i: int, household: int) -> dict:
    return {"report_id": f"r-{i}", "received_at": T0, "stream": "general_needs", "triage": "harassment",
            "strands": [], "incident_types": ["verbal_abuse"], "flags": [], "household_key": f"uprn:{household}",
            "address": {"uprn": str(household), "postcode": "E1 6AN", "line": None}, "perpetrator_keys": [],
            "damage": None, "officer_preference": "no_preference"}


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return f"p50 {statistics.median(ordered) * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'cases.db'}"
        upgrade("cases", url)
        store = Store(url, clock=FakeClock(T0))
        new = lambda: store.unit_of_work(CasesUnitOfWork)  # noqa: E731
        for member in ({"staff_id": f"o-{n}", "name": "O", "role": "housing_officer", "team": "north",
                        "trained_on": T0.date()} for n in range(1, 11)):
            staff.save_staff(new(), MANAGER, {"patches": [], "streams": ["general_needs"], "reports_to": None,
                                              "sex": None, "ethnic_origin": None, "active": True, **member}, SETTINGS)

        started = time.perf_counter()
        for i in range(args.cases):
            with new() as uow:
                intake_events.take_report(uow, report(i, household=i), SETTINGS)
                uow.commit()
        opened = time.perf_counter() - started
        started = time.perf_counter()
        for i in range(args.cases, args.cases + 500):
            with new() as uow:
                intake_events.take_report(uow, report(i, household=i % args.cases), SETTINGS)
                uow.commit()
        linked = time.perf_counter() - started
        print(f"reports opening cases: {args.cases / opened:.0f}/s; "
              f"reports linking to open cases: {500 / linked:.0f}/s")

        with new() as uow:
            case_id = uow.cases.report("r-0").case_id
        officer = Caller(uow_officer(store, case_id), "housing_officer", "north", frozenset({"general_needs"}))
        for n in range(50):
            contacts.record_contact(new(), officer, case_id, {
                "kind": "phone", "party": "victim", "direction": "outbound", "successful": True,
                "summary": f"Call {n}", "contacted_at": None, "corrects": None, "idempotency_key": None}, SETTINGS)
        samples = []
        for _ in range(200):
            started = time.perf_counter()
            queries.case_detail(new(), officer, case_id)
            samples.append(time.perf_counter() - started)
        print(f"case detail with 50 contacts and its timeline (audited): {percentiles(samples)}")

        store.clock.current = T0 + timedelta(days=90)  # every case's reviews and first contact overdue
        started = time.perf_counter()
        tick = reminders.send_reminders(new, SETTINGS.reminder_batch_size)
        first = time.perf_counter() - started
        started = time.perf_counter()
        reminders.send_reminders(new, SETTINGS.reminder_batch_size)
        again = time.perf_counter() - started
        print(f"reminder tick over {args.cases} overdue cases: {first:.2f} s raising {tick.reviews} review and "
              f"{tick.first_contacts} first-contact reminders; the next tick (nothing new) {again:.2f} s")
        samples = []
        for _ in range(20):
            started = time.perf_counter()
            queries.overdue_work(new(), MANAGER, None, 500)
            samples.append(time.perf_counter() - started)
        print(f"overdue work, every team, 500 cases listed (audited): {percentiles(samples)}")
        store.dispose()


def uow_officer(store: Store, case_id: str) -> str:
    with store.unit_of_work(CasesUnitOfWork) as uow:
        return str(uow.cases.get(case_id).officer_id)


if __name__ == "__main__":
    main()
