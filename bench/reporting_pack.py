"""Benchmark: the annual Board pack's figures over a large read model on PostgreSQL.

    .venv/bin/python bench/reporting_pack.py [--incidents 1000000] [--pg-url postgresql://postgres@127.0.0.1/postgres]

Creates a throw-away database, migrates it, bulk-loads the read model (incidents over five financial
years with their cases, repair jobs, referrals, refusals, reviews, support actions, remedies and
surveys, and their month roll-ups: the rows the projection would have written, loaded with COPY
because replaying millions of events through the broker is not what is measured here), then prints,
in the same run:

- the time of one full scan of the incidents table (a sequential scan, checked with EXPLAIN);
- the time to compute everything the annual pack shows (every indicator per stream, the reporting
  target against the year before, the monthly trend, hot spots and the heat grid);
- their ratio (pack / scan), and, apart, the time to draw the charts and write HTML, PDF and CSVs;
- the projection's throughput for events applied one by one (the consumer's path).
Drops the database at the end unless --keep.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import statistics
import sys
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import create_engine, text

from hcs.clock import FakeClock
from hcs.db import Store
from hcs.events import new_event
from hcs.migrations import upgrade
from reporting.adapters import orm
from reporting.adapters.rendering.render import render_pack
from reporting.domain.classify import STRAND_BITS
from reporting.domain.packs import compose
from reporting.domain.periods import FinancialCalendar, local_month
from reporting.domain.rollups import BY_TABLE
from reporting.service_layer.handlers import compute, record_fact
from reporting.service_layer.packs import pack_content
from reporting.service_layer.unit_of_work import ReportingUnitOfWork
from reporting.settings import reporting_settings

START = datetime(2021, 4, 1, tzinfo=UTC)
YEARS = 5
NOW = datetime(2026, 4, 10, 9, 0, tzinfo=UTC)
SETTINGS = reporting_settings({"landlord": "Benchmark Homes",
                               "homes_owned": {"default": {"general_needs": 60000, "care_support": 9000}},
                               "export": {"reference_key": "bench-" + "k" * 40}})
STRAND_CHOICES = [(), ("race",), ("race",), ("religion",), ("race", "religion"), ("disability",),
                  ("sexual_orientation",), ("transgender_identity",), ("sex_gender",), ("age",)]
OUTCOMES = ["resolved", "resolved", "partly_resolved", "no_further_action", "victim_moved", "perpetrator_moved",
            "legal_action_concluded", "victim_withdrew"]
PARTNERS = ["police", "council_asb", "multi_agency_forum", "victim_support", "counselling", "interpreting"]
TP12 = ["very_satisfied", "fairly_satisfied", "neither", "fairly_dissatisfied", "very_dissatisfied", "dont_know"]


ROLLED: Counter[tuple[str, int, str, str]] = Counter()


def _copy(raw: Any, table: str, columns: list[str], rows: Iterator[list[Any]], chunk: int = 100_000) -> int:
    """COPY rows into ``table`` in chunks (None becomes NULL), counting each into its month roll-ups
    exactly as the projection would."""
    total, buffer = 0, io.StringIO()
    writer = csv.writer(buffer)
    rollups = BY_TABLE.get(table, [])
    cursor = raw.cursor()

    def flush() -> None:
        buffer.seek(0)
        cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv)", buffer)
        buffer.seek(0)
        buffer.truncate()

    for row in rows:
        if rollups:
            values = dict(zip(columns, row, strict=True))
            for rollup in rollups:
                key = rollup.key(values)
                if key is not None:
                    ROLLED[(rollup.name, *key)] += 1
        writer.writerow(["" if v is None else "t" if v is True else "f" if v is False else
                         v.isoformat() if isinstance(v, datetime) else v for v in row])
        total += 1
        if total % chunk == 0:
            flush()
    flush()
    raw.commit()
    return total


def _iso(moment: datetime | None) -> datetime | None:
    return moment


def generate(raw: Any, incidents: int, rng: random.Random) -> dict[str, int]:
    """The read model's rows for ``incidents`` reports over five years, with their cases and the rest."""
    seconds = int((datetime(START.year + YEARS, 4, 1, tzinfo=UTC) - START).total_seconds())
    sectors = [f"{a}{n} {d}" for a in ("E", "N", "SE", "SW", "W", "NW", "B", "M") for n in range(1, 11)
               for d in range(1, 6)]
    cases: list[tuple[str, str, datetime]] = []

    def incident_rows() -> Iterator[list[Any]]:
        for i in range(incidents):
            received = START + timedelta(seconds=rng.randrange(seconds))
            stream = "general_needs" if rng.random() < 0.8 else "care_support"
            strands = rng.choice(STRAND_CHOICES)
            mask = sum(STRAND_BITS[s] for s in strands)
            hate = bool(mask & 0b11111)
            sector = rng.choice(sectors) if rng.random() > 0.03 else None
            unit = f"{sector}{rng.choice('ABDEFG')}{rng.choice('HJLNPQ')}" if sector else None
            report_id = f"r{i}"
            if rng.random() < 0.85:
                cases.append((f"c{i}", stream, received + timedelta(hours=rng.randint(1, 48))))
            yield [report_id, stream, 1, _iso(received), local_month(received),
                   "third_party_centre" if rng.random() < 0.08 else "phone",
                   "hate_incident" if hate else "harassment", mask, hate, "race" in strands, "victim", None, "home",
                   "verbal_abuse", sector.split(" ")[0] if sector else None, sector, unit,
                   str(rng.randrange(200_000)) if sector else None, rng.random() < 0.3, rng.random() < 0.01,
                   None, None]

    counts = {"incidents": _copy(raw, "incidents", [c.name for c in orm.incidents.columns], incident_rows())}

    def case_rows() -> Iterator[list[Any]]:
        for case_id, stream, opened in cases:
            due = opened + timedelta(days=1)
            contacted = opened + timedelta(hours=rng.randint(1, 40)) if rng.random() < 0.97 else None
            closed = opened + timedelta(days=rng.randint(5, 200)) if rng.random() < 0.85 else None
            if closed and closed > NOW:
                closed = None
            hate = rng.random() < 0.35
            yield [case_id, stream, "r" + case_id[1:], _iso(opened), local_month(opened), hate, hate, 2 if hate else 0,
                   hate, "personal", _iso(opened), rng.choice(["standard", "medium", "high"]), _iso(opened),
                   _iso(due), _iso(contacted), (contacted <= due) if contacted else None, _iso(closed),
                   rng.choice(OUTCOMES) if closed else None,
                   _iso(opened + timedelta(days=3)) if rng.random() < 0.03 else None, None, None]

    counts["cases"] = _copy(raw, "cases", [c.name for c in orm.cases.columns], case_rows())
    counts["case_reports"] = _copy(raw, "case_reports", ["report_id", "case_id", "stream"],
                                   (["r" + c[1:], c, s] for c, s, _ in cases))

    def sample(share: float) -> Iterator[tuple[str, str, datetime]]:
        return (c for c in cases if rng.random() < share)

    def job_rows() -> Iterator[list[Any]]:
        for case_id, stream, opened in sample(0.3):
            created, target = opened, opened + timedelta(hours=24)
            made_safe = created + timedelta(hours=rng.randint(1, 30))
            within = made_safe <= target
            yield [f"j{case_id}", case_id, stream, _iso(created), _iso(target), "glazing", "emergency",
                   _iso(made_safe), within, _iso(made_safe + timedelta(days=2)), within, None, None,
                   None if within else _iso(target), None, None]

    counts["jobs"] = _copy(raw, "jobs", [c.name for c in orm.jobs.columns], job_rows())

    def referral_rows() -> Iterator[list[Any]]:
        for case_id, stream, opened in sample(0.2):
            requested = opened + timedelta(days=1)
            accepted = rng.random() < 0.8
            yield [f"f{case_id}", case_id, stream, "agency", rng.choice(PARTNERS), "support", _iso(requested),
                   _iso(requested), _iso(requested + timedelta(days=2)) if accepted else None, None,
                   None if accepted else _iso(requested + timedelta(days=3)), None, None]

    counts["referrals"] = _copy(raw, "referrals", [c.name for c in orm.referrals.columns], referral_rows())
    counts["refusals"] = _copy(raw, "refusals", [c.name for c in orm.refusals.columns], (
        [f"x{case_id}", case_id, stream, "police", "investigation", rng.choice(["no_consent", "consent_expired",
         "no_agreement"]), _iso(opened + timedelta(days=2))] for case_id, stream, opened in sample(0.03)))
    counts["reviews"] = _copy(raw, "reviews", [c.name for c in orm.reviews.columns], (
        [f"v{case_id}", case_id, stream, "officer_senior", _iso(opened + timedelta(days=14)),
         _iso(opened + timedelta(days=14)), rng.random() < 0.9] for case_id, stream, opened in sample(0.5)))
    counts["actions"] = _copy(raw, "actions", [c.name for c in orm.actions.columns], (
        [f"a{case_id}", case_id, stream, "target_hardening", rng.choice(["agreed", "agreed", "declined",
         "victim_own_wish"]), _iso(opened + timedelta(days=1)), None] for case_id, stream, opened in sample(0.5)))
    counts["remedies"] = _copy(raw, "remedies", [c.name for c in orm.remedies.columns], (
        [f"p{case_id}", case_id, stream, "warning_letter", _iso(opened + timedelta(days=7)), "served",
         _iso(opened + timedelta(days=7))] for case_id, stream, opened in sample(0.2)))
    counts["surveys"] = _copy(raw, "surveys", [c.name for c in orm.surveys.columns], (
        [f"s{case_id}", case_id, stream, _iso(opened + timedelta(days=30)), rng.choice(TP12),
         rng.random() < 0.8, rng.random() < 0.7] for case_id, stream, opened in sample(0.25)))
    _copy(raw, "rollup_counts", ["rollup", "month", "stream", "dims", "n"],
          ([name, month, stream, dims, n] for (name, month, stream, dims), n in ROLLED.items()))
    counts["rollup_counts"] = len(ROLLED)
    return counts


def timed(action: Callable[[], Any], runs: int = 3) -> float:
    action()  # warm the cache: both measurements are of a warm database
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--incidents", type=int, default=1_000_000)
    parser.add_argument("--pg-url", default=os.environ.get("HCS_TEST_PG_URL",
                                                           "postgresql://postgres@127.0.0.1:5432/postgres"))
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    args = parser.parse_args(argv)
    name = f"hcs_bench_reporting_{uuid.uuid4().hex[:8]}"
    admin = create_engine(args.pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = args.pg_url.rsplit("/", 1)[0] + f"/{name}"
    try:
        return run(url, args.incidents)
    finally:
        if not args.keep:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def run(url: str, incidents: int) -> int:
    upgrade("reporting", url)
    store = Store(url, clock=FakeClock(NOW))
    indexes = [index for table in orm.READ_MODEL.values() for index in table.indexes]
    with store.engine.begin() as conn:  # bulk load without indexes, then build them once
        for index in indexes:
            conn.execute(text(f"DROP INDEX {index.name}"))
    started = time.perf_counter()
    raw = store.engine.raw_connection()
    counts = generate(raw, incidents, random.Random(2026))
    raw.close()
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    with store.engine.begin() as conn:
        for index in indexes:
            index.create(conn)
    with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE"))
    indexed = time.perf_counter() - started
    print(f"read model: {', '.join(f'{n:,} {t}' for t, n in counts.items())}")
    print(f"loaded in {loaded:.1f} s; indexes built and vacuumed in {indexed:.1f} s")

    scan_sql = text("SELECT count(channel) FROM incidents")
    with store.engine.connect() as conn:
        plan = " ".join(r[0] for r in conn.execute(text(f"EXPLAIN {scan_sql.text}")))
        assert "Seq Scan" in plan, plan
        size = conn.execute(text("SELECT pg_size_pretty(pg_relation_size('incidents'))")).scalar()

        def scan() -> None:
            conn.execute(scan_sql).scalar()

        scan_time = timed(scan)
    year = FinancialCalendar().parse("2025-26")
    uow = store.unit_of_work(ReportingUnitOfWork)

    def annual_pack_figures() -> Any:
        with uow:
            return pack_content(uow, "annual", year, SETTINGS, parked=0)

    def indicators_only() -> Any:
        with uow:
            return compute(uow, year.span, ("general_needs", "care_support"), NOW, SETTINGS.homes(year), True)

    pack_time, indicator_time = timed(annual_pack_figures), timed(indicators_only)
    content = annual_pack_figures()
    started = time.perf_counter()
    files = render_pack(compose(content), "annual-2025-26")
    render_time = time.perf_counter() - started
    reports = content.indicator("reports_received").headline.cells["total"].text

    events = _sample_events(2000)
    started = time.perf_counter()
    for event in events:
        with uow:
            record_fact(uow, event)
            uow.commit()
    projection_rate = len(events) / (time.perf_counter() - started)
    store.dispose()

    kind = "parallel sequential scan" if "Parallel Seq Scan" in plan else "sequential scan"
    print(f"full scan of incidents ({counts['incidents']:,} rows, {size}, {kind}): {scan_time * 1000:.0f} ms")
    print(f"annual pack figures for 2025-26 ({reports} reports; indicators, target, trend, hot spots, heat): "
          f"{pack_time * 1000:.0f} ms")
    print(f"  of which the indicators alone: {indicator_time * 1000:.0f} ms")
    print(f"ratio pack / scan: {pack_time / scan_time:.2f}")
    print(f"rendering charts, HTML, PDF and {len(files) - 2} CSVs (not in the ratio): {render_time:.2f} s; "
          f"PDF {next(f for f in files if f.name.endswith('.pdf')).content.__len__():,} bytes")
    print(f"projection, one event per transaction: {projection_rate:,.0f} events/s")
    return 0


def _sample_events(n: int) -> list[Any]:
    """Contract-valid events far in the future (they do not touch the figures measured above)."""
    out = []
    for i in range(n // 2):
        at = datetime(2031, 1, 1, tzinfo=UTC) + timedelta(minutes=i)
        out.append(new_event("report_received", f"b{i}", {
            "report_id": f"bench-r{i}", "stream": "general_needs", "channel": "phone", "triage": "hate_incident",
            "strands": ["race"], "flags": [], "received_at": at, "address": {"postcode": "E1 6AN", "uprn": "1"}}, at))
        out.append(new_event("case_opened", f"bc{i}", {
            "case_id": f"bench-c{i}", "report_id": f"bench-r{i}", "stream": "general_needs", "opened_at": at,
            "hate_incident": True, "strands": ["race"]}, at))
    return out


if __name__ == "__main__":
    sys.exit(main())
