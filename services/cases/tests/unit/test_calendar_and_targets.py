"""Working days and response targets (issue 4; POL-3: victims contacted and kept updated)."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from cases.domain.calendar import WorkingCalendar
from cases.domain.targets import Priority, ResponseTargets, first_contact_due, next_update_due, update_interval

LONDON = ZoneInfo("Europe/London")
CAL = WorkingCalendar()
TARGETS = ResponseTargets()


def at(y, m, d, h=10, minute=0):
    return datetime(y, m, d, h, minute, tzinfo=UTC)


def cob(y, m, d):
    return datetime(y, m, d, 17, 0, tzinfo=LONDON)


@pytest.mark.parametrize("day,working", [
    (date(2026, 12, 25), False), (date(2026, 12, 28), False),  # Christmas; Boxing Day observed on Monday
    (date(2026, 4, 3), False), (date(2026, 4, 6), False),       # Good Friday, Easter Monday
    (date(2026, 8, 31), False), (date(2026, 5, 25), False),     # late summer, spring bank holidays
    (date(2026, 11, 7), False), (date(2026, 11, 9), True)])    # a Saturday; an ordinary Monday
def test_bank_holidays_of_england_and_wales_are_not_working_days(day, working):
    assert CAL.is_working_day(day) is working


def test_a_landlord_closure_day_is_not_a_working_day():
    assert not WorkingCalendar(closure_days=[date(2026, 12, 29)]).is_working_day(date(2026, 12, 29))


def test_one_working_day_from_friday_afternoon_is_close_of_business_monday():
    assert CAL.add_working_days(at(2026, 11, 6, 15), 1) == cob(2026, 11, 9)


def test_working_days_skip_christmas_and_the_observed_boxing_day():
    # Thursday 24 Dec 2026 + 1 working day: 25 (Fri), 26-27 weekend, 28 (Boxing Day observed) -> Tue 29
    assert CAL.add_working_days(at(2026, 12, 24), 1) == cob(2026, 12, 29)


def test_a_report_late_in_the_evening_counts_from_its_local_day():
    # 23:30 UTC on 31 May 2026 is 00:30 on 1 June in London (BST): the clock starts on Monday 1 June
    assert CAL.add_working_days(datetime(2026, 5, 31, 23, 30, tzinfo=UTC), 1) == cob(2026, 6, 2)


def test_working_days_between_counts_whole_days_after_the_start():
    assert CAL.working_days_between(at(2026, 11, 6), at(2026, 11, 13)) == 5


def priority(hate=False, risk="standard", threats=False, urgent=False):
    return Priority(hate, risk, threats, urgent)


@pytest.mark.parametrize("p,expected", [
    (priority(hate=True), cob(2026, 11, 3)),                     # hate incident: 1 working day
    (priority(risk="high"), cob(2026, 11, 3)),                   # high risk: 1 working day
    (priority(urgent=True), cob(2026, 11, 3)),                   # triaged urgent: 1 working day
    (priority(), cob(2026, 11, 5)),                              # otherwise: 3 working days
    (priority(threats=True), at(2026, 11, 3, 10)),               # threats of violence: 24 hours
    (priority(hate=True, threats=True), at(2026, 11, 3, 10)),    # the earliest target wins
])
def test_first_contact_targets_follow_priority(p, expected):
    assert first_contact_due(at(2026, 11, 2), p, TARGETS, CAL) == expected


def test_threats_reported_on_friday_night_are_due_within_24_clock_hours_not_working_days():
    assert first_contact_due(at(2026, 11, 6, 22), priority(threats=True), TARGETS, CAL) == at(2026, 11, 7, 22)


def test_victim_updates_at_the_chosen_frequency_and_at_least_every_ten_working_days():
    assert update_interval(None, TARGETS) == 10
    assert update_interval(5, TARGETS) == 5
    assert update_interval(15, TARGETS) == 10
    assert next_update_due(at(2026, 11, 2), 5, TARGETS, CAL) == cob(2026, 11, 9)


def test_targets_and_calendar_are_configurable():
    targets = ResponseTargets(priority_first_contact_working_days=2, standard_first_contact_working_days=5)
    calendar = WorkingCalendar(close_of_business=time(16, 30))
    due = first_contact_due(at(2026, 11, 2), priority(hate=True), targets, calendar)
    assert due == datetime(2026, 11, 4, 16, 30, tzinfo=LONDON)
    with pytest.raises(ValueError):
        ResponseTargets(max_update_interval_working_days=0)
