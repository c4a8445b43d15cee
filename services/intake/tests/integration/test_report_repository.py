"""Reports in the real databases, SQLite and PostgreSQL: the same behaviour from both."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from hcs.auth import Caller
from hcs.clock import FakeClock
from hcs.db import Store
from hcs.migrations import upgrade
from intake.domain.listing import Position, ReportQuery
from intake.domain.triage import Triage
from intake.service_layer import commands, queries
from intake.service_layer.unit_of_work import ConcurrentWrite, IntakeUnitOfWork
from intake.settings import intake_settings

from .conftest import sample_report

T0 = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
STREAMS = frozenset({"general_needs", "care_support"})
OFFICER = Caller("officer-1", "housing_officer", "north", STREAMS)
SETTINGS = intake_settings({}, "s" * 40)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request, tmp_path):
    url = f"sqlite:///{tmp_path}/intake.db" if request.param == "sqlite" else request.getfixturevalue(
        "pg_database")("intake")
    upgrade("intake", url)
    store = Store(url, clock=FakeClock(T0))
    yield store
    store.dispose()


def uow(store):
    return store.unit_of_work(IntakeUnitOfWork)


def report(key, at=None, **changes):
    occurred = (at or T0 - timedelta(hours=3)).isoformat()
    payload = sample_report(key, **changes)
    payload["incident"] = {**payload["incident"], "occurred_at": occurred, **changes.get("incident", {})}
    return payload


def submit(store, key, **changes):
    return commands.submit_report(uow(store), report(key, **changes), OFFICER, SETTINGS)


def test_a_report_round_trips_with_its_version_flags_and_keys(store):
    receipt = submit(store, "key-rt-0001")
    with uow(store) as work:
        stored = work.reports.get(receipt.report_id)
        versions = work.reports.versions(receipt.report_id)
    assert stored.received_at == T0 and stored.received_at.tzinfo is not None
    assert stored.details["victims"][0]["name"] == "A Tenant" and stored.triage == receipt.triage
    assert stored.keys.household and len(stored.keys.perpetrators) == 1
    assert [v.version for v in versions] == [1] and versions[0].details == stored.details
    assert stored.incident_window == (T0 - timedelta(hours=3), T0 - timedelta(hours=3))


def test_the_same_key_from_the_same_submitter_cannot_be_stored_twice(store):
    submit(store, "key-dup-0001")
    with uow(store) as work:
        existing = work.reports.get(work.reports.by_idempotency_key("officer-1", "key-dup-0001").report_id)
    existing.report_id = "another-id"
    with pytest.raises(ConcurrentWrite), uow(store) as work:
        work.reports.add(existing)
        work.commit()


def test_two_amendments_of_the_same_version_cannot_both_be_stored(store):
    """Two officers amending at once: the second write of version 2 is refused, not merged."""
    receipt = submit(store, "key-race-001")
    with uow(store) as work:
        one, two = work.reports.get(receipt.report_id), work.reports.get(receipt.report_id)
    versions = [r.amend(r.details, Triage("harassment", ("x",)), r.keys, by=by, role="senior", reason="r", at=T0)
                for r, by in ((one, "a"), (two, "b"))]
    with uow(store) as work:
        work.reports.save(one)
        work.reports.add_version(one.report_id, versions[0])
        work.commit()
    with pytest.raises(ConcurrentWrite), uow(store) as work:
        work.reports.save(two)
        work.reports.add_version(two.report_id, versions[1])
        work.commit()
    with uow(store) as work:
        assert [v.recorded_by for v in work.reports.versions(receipt.report_id)] == ["officer-1", "a"]


def test_amend_withdraw_and_read_through_the_service_layer(store):
    receipt = submit(store, "key-sl-00001")
    store.clock.advance(hours=1)
    commands.amend_report(uow(store), receipt.report_id, {"expected_version": 1, "reason": "more detail",
                                                          "changes": {"damage": None}}, OFFICER, SETTINGS, lambda d: d)
    commands.withdraw_report(uow(store), receipt.report_id, {"reason": "duplicate"},
                             Caller("senior-1", "senior", None, STREAMS))
    view = queries.get_report(uow(store), receipt.report_id, OFFICER)
    assert view.status == "withdrawn" and view.version == 2 and "repair_needed" not in view.triage.flags
    assert [v.version for v in view.history] == [1, 2] and view.history[1].changed == ("damage",)
    assert view.withdrawal.reason == "duplicate" and view.withdrawal.at == T0 + timedelta(hours=1)


def test_earlier_reports_at_the_same_places(store):
    first = submit(store, "key-ep-00001")
    with uow(store) as work:
        keys = work.reports.get(first.report_id).keys
        found = work.reports.earlier_at_places({keys.household}, T0 - timedelta(days=1), T0)
        none = work.reports.earlier_at_places({keys.household}, T0 - timedelta(days=1), T0, excluding=first.report_id)
        elsewhere = work.reports.earlier_at_places({"k-nowhere"}, T0 - timedelta(days=1), T0)
        too_old = work.reports.earlier_at_places({keys.household}, T0 + timedelta(seconds=1), T0 + timedelta(days=1))
    assert [e.report_id for e in found] == [first.report_id] and found[0].channel == "phone"
    assert found[0].incident_window == (T0 - timedelta(hours=3), T0 - timedelta(hours=3))
    assert none == [] and elsewhere == [] and too_old == []


def test_a_duplicate_from_another_channel_is_flagged_against_the_database(store):
    first = submit(store, "key-dp-00001")
    store.clock.advance(hours=2)
    same_home = report("key-dp-00002", channel="web_form")
    with uow(store) as work:
        same_home["victims"] = work.reports.get(first.report_id).details["victims"]
    second = commands.submit_report(uow(store), same_home, OFFICER, SETTINGS)
    elsewhere = submit(store, "key-dp-00003", channel="email")  # another household (a new UPRN)
    assert second.triage.possible_duplicate_of == (first.report_id,)
    assert elsewhere.triage.possible_duplicate_of == ()


def test_pages_filter_and_follow_the_cursor_through_equal_times(store):
    ids = []
    for i in range(5):  # five reports received at the same instant: the id breaks the tie
        ids.append(submit(store, f"key-pg-{i:05d}", channel="email" if i % 2 else "phone").report_id)
    store.clock.advance(minutes=5)
    urgent_free = submit(store, "key-pg-calm1", incident={"types": ["excessive_noise"]}, perception=None,
                         damage=None, stream="care_support").report_id
    with uow(store) as work:
        everything, after, cursor = [], None, None
        while True:
            page = work.reports.page(ReportQuery(STREAMS, page_size=2, after=after))
            everything += [r.report_id for r in page[:2]]
            if len(page) <= 2:
                break
            after = Position(page[1].received_at, page[1].report_id)
            cursor = after.cursor()
        emails = [r.report_id for r in work.reports.page(ReportQuery(STREAMS, channel="email", page_size=10))]
        urgent = {r.report_id for r in work.reports.page(ReportQuery(STREAMS, flag="urgent", page_size=10))}
        care = [r.report_id for r in work.reports.page(ReportQuery(frozenset({"care_support"}), page_size=10))]
        noise = [r.report_id for r in work.reports.page(ReportQuery(STREAMS, triage="neighbour_dispute", page_size=10))]
        window = [r.report_id for r in work.reports.page(ReportQuery(
            STREAMS, received_from=T0 + timedelta(minutes=1), received_until=T0 + timedelta(minutes=10), page_size=10))]
    assert everything == [urgent_free, *sorted(ids, reverse=True)] and len(set(everything)) == 6
    assert Position.from_cursor(cursor).report_id in ids
    assert emails == sorted([ids[1], ids[3]], reverse=True) and urgent == set(ids)
    assert care == [urgent_free] and noise == [urgent_free] and window == [urgent_free]


def test_the_report_and_its_triage_are_ciphertext_at_rest(store):
    """Issue 8: special category columns encrypted at rest; the name, the strands and the narrative
    are nowhere in the stored row."""
    from sqlalchemy import text

    receipt = submit(store, "key-enc-0001")
    with store.engine.connect() as conn:
        row = conn.execute(text("SELECT details, triage FROM reports WHERE report_id = :r"),
                           {"r": receipt.report_id}).one()
        version = conn.execute(text("SELECT details FROM report_versions WHERE report_id = :r"),
                               {"r": receipt.report_id}).scalar()
    for stored in (row.details, row.triage, version):
        assert stored.startswith("hcs1:") and "Tenant" not in stored and "race" not in stored
