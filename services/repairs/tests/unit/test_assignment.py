"""Who gets a job: a contractor of the trade, covering the postcode district, with capacity left;
emergencies to contractors on duty first, and out of hours only to those with emergency cover."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from repairs.domain.contractors import Hours, WorkNeeded, choose_contractor, eligible, postcode_district

from .conftest import SECRET, contractor

WEEKDAY_NOON = datetime(2026, 11, 18, 12, 0, tzinfo=UTC)  # a Wednesday
SATURDAY_NIGHT = datetime(2026, 11, 21, 23, 0, tzinfo=UTC)
OFFICE = Hours(frozenset(range(5)), time(8, 0), time(18, 0))


@pytest.mark.parametrize(("postcode", "district"), [
    ("E1 6AN", "E1"), ("e16an", "E1"), ("SW1A 1AA", "SW1A"), ("EC1A 1BB", "EC1A"), ("M1 1AE", "M1"),
    ("E1", "E1"), ("", None), (None, None), ("not a postcode", None)])
def test_the_postcode_district_is_the_outward_code(postcode: str | None, district: str | None) -> None:
    assert postcode_district(postcode) == district


def test_areas_are_districts_whole_postcode_areas_or_anywhere() -> None:
    east = contractor("east", areas=("E1", "E2"))
    assert east.covers("E1") and not east.covers("E3") and not east.covers(None)
    london_e = contractor("london-e", areas=("E",))
    assert london_e.covers("E17") and not london_e.covers("EC1A")
    assert contractor("anywhere").covers(None)


def test_the_job_goes_to_a_contractor_of_its_trade_and_area() -> None:
    glazier = contractor("glazier", trades=("glazing",), areas=("E1",))
    locksmith = contractor("locksmith", trades=("locksmith",), areas=("E1",))
    far = contractor("far-glazier", trades=("glazing",), areas=("N1",))
    work = WorkNeeded("glazing", "E1", "urgent")
    assert choose_contractor([locksmith, far, glazier], work, {}, (), WEEKDAY_NOON) is glazier
    assert choose_contractor([locksmith, far], work, {}, (), WEEKDAY_NOON) is None
    general = contractor("handyman", trades=("general",))
    assert choose_contractor([locksmith, general], work, {}, (), WEEKDAY_NOON) is general


def test_a_full_contractor_is_passed_over_and_the_least_loaded_preferred() -> None:
    busy, quieter, full = contractor("busy", capacity=10), contractor("quieter", capacity=10), contractor(
        "full", capacity=2)
    work = WorkNeeded("glazing", "E1", "urgent")
    loads = {"busy": 6, "quieter": 3, "full": 2}
    assert [c.name for c in eligible([full, busy, quieter], work, loads, (), WEEKDAY_NOON)] == ["quieter", "busy"]


def test_those_who_rejected_or_timed_out_are_not_offered_it_again() -> None:
    first, second = contractor("first"), contractor("second")
    work = WorkNeeded("glazing", "E1", "urgent")
    assert choose_contractor([first, second], work, {}, {"first"}, WEEKDAY_NOON) is second


def test_emergencies_out_of_hours_go_only_to_contractors_with_emergency_cover() -> None:
    office_only = contractor("office", hours=OFFICE, emergency_cover=False)
    on_call = contractor("on-call", hours=OFFICE, emergency_cover=True)
    emergency = WorkNeeded("glazing", "E1", "emergency")
    assert choose_contractor([office_only, on_call], emergency, {}, (), SATURDAY_NIGHT) is on_call
    assert choose_contractor([office_only], emergency, {}, (), SATURDAY_NIGHT) is None
    planned = WorkNeeded("locksmith", "E1", "target_hardening")
    assert choose_contractor([office_only], planned, {}, (), SATURDAY_NIGHT) is office_only


def test_contractors_on_duty_now_come_before_out_of_hours_cover() -> None:
    night_cover = contractor("night", hours=Hours(frozenset(range(7)), time(18, 0), time(8, 0)))
    day_firm = contractor("day", hours=OFFICE)
    work = WorkNeeded("glazing", "E1", "emergency")
    assert choose_contractor([night_cover, day_firm], work, {}, (), WEEKDAY_NOON) is day_firm


def test_the_directory_never_shows_secrets() -> None:
    entry = contractor("acme", display_name="Acme Glass", trades=("glazing",)).directory_entry()
    assert "secret" not in entry and "endpoint" not in entry and SECRET not in str(entry)
    assert entry["display_name"] == "Acme Glass" and entry["hours"]["days"][0] == "mon"
    assert SECRET not in repr(contractor("acme"))


def test_overnight_hours_run_past_midnight() -> None:
    nights = Hours(frozenset({4}), time(18, 0), time(8, 0))  # Friday night
    assert nights.covers(datetime(2026, 11, 20, 22, 0)) and nights.covers(datetime(2026, 11, 21, 7, 0))
    assert not nights.covers(datetime(2026, 11, 21, 22, 0)) and not nights.covers(datetime(2026, 11, 20, 12, 0))
    assert OFFICE.covers(datetime(2026, 11, 18, 9, 0)) and not OFFICE.covers(datetime(2026, 11, 18, 18, 0))
