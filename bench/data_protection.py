"""Benchmark: intake's data protection work on a SQLite file of many reports. Prints figures.

    .venv/bin/python bench/data_protection.py [--reports 5000] [--url sqlite:///...]

1. Submits ``--reports`` reports, each naming a different victim, witness and alleged perpetrator.
2. Finds one person for a subject access request, through the person index (keyed digests of names,
   contacts and addresses: ``intake.domain.people``), and prints the time beside a full scan that
   decrypts every report to look for the name (what a search without the index would cost).
3. Erases every report on the retention schedule (a report that opened no case, two years on), one
   unit of work each with its tombstone, audit row and ``report_erased``, and prints the rate.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from hcs.auth import Caller
from hcs.clock import FakeClock
from hcs.crypto import Keyring, new_key, use_keyring
from hcs.db import Store
from hcs.migrations import upgrade
from hcs.retention import retention_settings
from intake.domain.people import normalise_name
from intake.domain.retention import RULES
from intake.domain.working_days import working_days
from intake.schemas import ReportSchema, load
from intake.service_layer import commands, retention, subject_access
from intake.service_layer.unit_of_work import IntakeUnitOfWork
from intake.settings import intake_settings

T0 = datetime(2026, 6, 10, 9, 0, tzinfo=UTC)
STREAMS = frozenset({"general_needs", "care_support"})
OFFICER = Caller("officer-1", "housing_officer", "north", STREAMS)
DPO = Caller("dpo-1", "data_protection_officer", None, STREAMS)
SETTINGS = intake_settings({}, "bench-secret-" + "b" * 40)


def letters(i: int) -> str:
    """A distinct surname per report (names hold no digits: ``normalise_name`` drops them)."""
    out = ""
    while True:
        i, r = divmod(i, 26)
        out = chr(ord("a") + r) + out
        if i == 0:
            return out.capitalize()


def report(i: int) -> dict[str, Any]:
    home = {"uprn": str(100_000_000 + i), "postcode": "E1 6AN", "line": f"Flat {i}, Example House"}
    return {
        "idempotency_key": f"bench-{i:08d}", "channel": "phone", "stream": "general_needs",
        "reporter": {"role": "victim", "name": f"Vera {letters(i)}", "contact": f"07700 {i:06d}"},
        "victims": [{"name": f"Vera {letters(i)}", "contact": f"07700 {i:06d}", "address": home}],
        "perpetrators": [{"known": True, "name": f"Alan {letters(i)}", "address": {"uprn": str(200_000_000 + i)}}],
        "witnesses": [{"name": f"Wanda {letters(i)}", "contact": f"w{i}@example.org"}],
        "incident": {"occurred_at": (T0 - timedelta(hours=2)).isoformat(), "location_type": "home",
                     "narrative": "Shouting and banging on the door at night, every night this week.",
                     "types": ["verbal_abuse"]},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=5000)
    parser.add_argument("--url", default=None)
    args = parser.parse_args()
    use_keyring(Keyring.from_config("k1", {"k1": new_key()}))
    url = args.url or f"sqlite:///{Path(tempfile.mkdtemp(prefix='hcs-bench-dp-'))}/intake.db"
    upgrade("intake", url)
    store = Store(url, clock=FakeClock(T0))
    started = time.perf_counter()
    for i in range(args.reports):
        details = load(ReportSchema(now=T0), report(i), "report")
        commands.submit_report(store.unit_of_work(IntakeUnitOfWork), details, OFFICER, SETTINGS)
    submitted = time.perf_counter() - started
    print(f"reports submitted: {args.reports} in {submitted:.1f} s ({args.reports / submitted:.0f}/s)")

    wanted = args.reports // 2
    request = subject_access.open_request(store.unit_of_work(IntakeUnitOfWork), {
        "subject": {"names": [f"Vera {letters(wanted)}"], "addresses": [{"uprn": str(100_000_000 + wanted)}],
                    "contacts": []},
        "received_on": date(2026, 6, 10), "channel": "email", "requester": "subject",
        "idempotency_key": "bench-sar-0001"}, DPO, working_days())
    timings = []
    for _ in range(5):  # the first call warms the caches; the median is printed
        started = time.perf_counter()
        part = subject_access.subject_access_part(store.unit_of_work(IntakeUnitOfWork), request.request_id, DPO,
                                                  SETTINGS.place_key_secret)
        timings.append(time.perf_counter() - started)
        assert len(part["records"]["reports"]) == 1
    indexed = sorted(timings)[2]
    started = time.perf_counter()
    target, found = normalise_name(f"Vera {letters(wanted)}"), 0
    with store.unit_of_work(IntakeUnitOfWork) as uow:
        for row in uow.session.execute(_all_details()):
            found += any(normalise_name(v.get("name")) == target for v in row.details.get("victims") or [])
    scanned = time.perf_counter() - started
    print(f"subject access, intake's whole part (find, decrypt, redact, audit, commit): {indexed * 1000:.1f} ms "
          f"(median of 5) through the person index; only decrypting every report to look for the name: "
          f"{scanned * 1000:.0f} ms")

    store.clock.current = T0 + timedelta(days=365 * 2 + 1)
    settings = retention_settings({"retention": {"batch_size": 10_000}}, RULES)
    started, erased = time.perf_counter(), 0
    while True:
        [run, _, _] = retention.run(lambda: store.unit_of_work(IntakeUnitOfWork), settings, DPO)
        erased += run.erased
        if not run.due:
            break
    took = time.perf_counter() - started
    print(f"retention: {erased} reports erased (each with its tombstone, audit row and report_erased) "
          f"in {took:.1f} s ({erased / took:.0f}/s)")
    store.dispose()


def _all_details() -> Any:
    from sqlalchemy import select

    from intake.adapters.orm import reports

    return select(reports.c.details)


if __name__ == "__main__":
    main()
