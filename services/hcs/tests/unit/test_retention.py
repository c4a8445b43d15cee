"""The retention schedule as data, and when a record expires (``hcs.retention``), on a fake clock."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from hcs.clock import FakeClock
from hcs.config import ConfigError
from hcs.contracts import CATALOGUE
from hcs.erasure import ERASURE_EVENT_TYPES, referenced_ids
from hcs.errors import ValidationFailed
from hcs.retention import PUBLISHED_EVENTS, Period, Rule, dry_run_flag, expired, retention_settings

CLOSED_CASE = Rule("closed_case", "a closed case", "the case was closed", "deleted", "Limitation Act 1980",
                   Period(years=6))
FOLLOWS = Rule("report_in_case", "a report in a case", "the case was erased", "deleted", "with the case",
               follows="case_erased")
RULES = (CLOSED_CASE, FOLLOWS, PUBLISHED_EVENTS)


def test_periods_are_calendar_periods():
    leap_day = datetime(2024, 2, 29, 12, 0, tzinfo=UTC)
    assert Period(years=1).after(leap_day) == datetime(2025, 2, 28, 12, 0, tzinfo=UTC)
    assert Period(months=1).after(datetime(2026, 1, 31, tzinfo=UTC)) == datetime(2026, 2, 28, tzinfo=UTC)
    assert Period(years=6).cutoff(datetime(2032, 3, 1, tzinfo=UTC)) == datetime(2026, 3, 1, tzinfo=UTC)
    assert str(Period(years=6)) == "6 years" and str(Period(years=1, days=2)) == "1 year, 2 days"
    assert str(Period()) == "no time at all"


def test_a_closed_case_expires_six_years_to_the_minute_after_closure_never_before():
    clock = FakeClock(datetime(2020, 1, 5, 9, 0, tzinfo=UTC))
    closed = clock.now()
    clock.advance(days=365 * 6 + 1)  # 2026-01-04: two leap days in between, so not yet six years
    assert not expired(closed, Period(years=6), clock.now())
    clock.current = datetime(2026, 1, 5, 8, 59, tzinfo=UTC)
    assert not expired(closed, Period(years=6), clock.now())
    clock.advance(minutes=1)
    assert expired(closed, Period(years=6), clock.now())
    assert not expired(None, Period(), clock.now())  # an open case has no closing time: never


def test_the_schedule_comes_from_the_rules_and_config_changes_only_their_periods():
    default = retention_settings({}, RULES)
    assert default.period("closed_case") == Period(years=6) and default.period("published_events") == Period(days=30)
    assert default.run_every_seconds == 3600 and default.batch_size == 200
    changed = retention_settings({"retention": {"schedule": {"closed_case": {"years": 7}},
                                                "run_every_seconds": 0}}, RULES)
    assert changed.period("closed_case") == Period(years=7) and changed.run_every_seconds == 0
    words = {r["record_type"]: r for r in changed.schedule()}
    assert words["closed_case"]["kept_for"] == "7 years" and words["closed_case"]["basis"] == "Limitation Act 1980"
    assert words["report_in_case"]["kept_for"] == "until case_erased"


@pytest.mark.parametrize("retention, field", [
    ({"schedule": {"closed_cases": {"years": 6}}}, "schedule.closed_cases"),
    ({"schedule": {"report_in_case": {"years": 1}}}, "schedule.report_in_case"),  # follows an event: no clock
    ({"schedule": {"closed_case": {"years": -1}}}, "schedule.closed_case"),
    ({"batch_size": 0}, "batch_size"),
])
def test_a_bad_schedule_stops_the_service_naming_the_field(retention, field):
    with pytest.raises(ConfigError, match=field.replace(".", r"\.")):
        retention_settings({"retention": retention}, RULES)


def test_dry_run_is_true_or_false_and_nothing_else():
    assert dry_run_flag(True) is True and dry_run_flag(False) is False
    for bad in ("false", 1, None, {}):
        with pytest.raises(ValidationFailed):
            dry_run_flag(bad)


def test_the_erasure_events_are_the_catalogues_and_name_what_they_erase():
    assert {t for t, _ in CATALOGUE if t.endswith("_erased")} == ERASURE_EVENT_TYPES
    assert referenced_ids("j-1", {"case_id": "c-1", "request_id": "q-1", "stream": "general_needs",
                                  "job_id": "", "partner": "police"}) == {"j-1", "c-1", "q-1"}
