"""The subject access register's one-month deadline (UK GDPR art. 12(3), the ICO's rule), its
extension and its closing, on a fake clock and England and Wales' bank holidays."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from hcs.clock import FakeClock
from intake.domain.subject_access import COMPLETED, RegisterRuleBroken, SubjectAccessRequest, months_after
from intake.domain.working_days import working_days

ENGLAND = working_days("england_and_wales")
SUBJECT = {"names": ["Amina Begum"], "addresses": [{"uprn": "100023336956"}], "contacts": []}


def opened(received: date, clock: FakeClock, starts: date | None = None) -> SubjectAccessRequest:
    return SubjectAccessRequest.open("5f1c2e0a-0000-4000-8000-000000000001", "dpo-1", "key-0001", clock.now(),
                                     received, starts, "email", "subject", SUBJECT, ENGLAND)


@pytest.mark.parametrize("received, due", [
    (date(2026, 3, 4), date(2026, 4, 7)),     # 4 April 2026 is Easter Saturday; Monday 6th is Easter Monday
    (date(2026, 3, 3), date(2026, 4, 7)),     # 3 April is Good Friday
    (date(2026, 1, 31), date(2026, 3, 2)),    # no 31 February: the last day, 28 February, a Saturday -> Monday
    (date(2026, 11, 26), date(2026, 12, 29)),  # Boxing Day is a Saturday; its substitute Monday 28th
    (date(2026, 6, 10), date(2026, 7, 10)),   # the corresponding date, a Friday
])
def test_the_month_runs_to_the_corresponding_date_or_the_next_working_day(received, due):
    clock = FakeClock(datetime(2026, 12, 1, 9, 0, tzinfo=UTC))
    assert opened(received, clock).due_on == due


def test_a_leap_years_last_day_and_a_calendar_without_holidays():
    assert months_after(date(2024, 1, 31), 1, ENGLAND) == date(2024, 2, 29)  # a leap year's last day, a Thursday
    assert months_after(date(2026, 6, 10), 1, lambda d: True) == date(2026, 7, 10)


def test_the_clock_starts_when_identity_is_confirmed_and_never_before_receipt():
    clock = FakeClock(datetime(2026, 6, 20, 9, 0, tzinfo=UTC))
    request = opened(date(2026, 6, 1), clock, starts=date(2026, 6, 10))
    assert request.received_on == date(2026, 6, 1) and request.due_on == date(2026, 7, 10)
    with pytest.raises(RegisterRuleBroken):
        opened(date(2026, 6, 10), clock, starts=date(2026, 6, 1))
    with pytest.raises(RegisterRuleBroken):
        opened(date(2026, 6, 21), clock)  # received tomorrow


def test_overdue_and_days_left_follow_the_clock():
    clock = FakeClock(datetime(2026, 6, 10, 9, 0, tzinfo=UTC))
    request = opened(date(2026, 6, 10), clock)
    assert request.days_left(clock.now().date()) == 30 and not request.overdue(clock.now().date())
    clock.advance(days=31)
    assert request.overdue(clock.now().date()) and request.days_left(clock.now().date()) == -1


def test_an_extension_is_by_two_further_months_decided_within_the_first_and_given_once():
    clock = FakeClock(datetime(2026, 6, 12, 9, 0, tzinfo=UTC))
    request = opened(date(2026, 6, 10), clock)
    request.extend("complex: six years of case records", "dpo-1", clock.now(), ENGLAND)
    assert request.extended_due_on == date(2026, 9, 10) and request.current_due_on == date(2026, 9, 10)
    with pytest.raises(RegisterRuleBroken, match="already extended"):
        request.extend("again", "dpo-1", clock.now(), ENGLAND)
    late = opened(date(2026, 6, 10), clock)
    clock.advance(days=30)  # 12 July: the first month ended on 10 July
    with pytest.raises(RegisterRuleBroken, match="within the first month"):
        late.extend("too late", "dpo-1", clock.now(), ENGLAND)


def test_closing_says_how_and_when_and_a_closed_request_changes_no_more():
    clock = FakeClock(datetime(2026, 6, 30, 9, 0, tzinfo=UTC))
    request = opened(date(2026, 6, 10), clock)
    with pytest.raises(RegisterRuleBroken, match="responded_on"):
        request.close(COMPLETED, None, None, "dpo-1", clock.now())
    with pytest.raises(RegisterRuleBroken, match="reason"):
        request.close("refused", None, "  ", "dpo-1", clock.now())
    with pytest.raises(RegisterRuleBroken):
        request.close(COMPLETED, date(2026, 7, 1), None, "dpo-1", clock.now())  # sent tomorrow
    request.close(COMPLETED, date(2026, 6, 29), None, "dpo-1", clock.now())
    assert request.answered_on_time() is True and request.days_left(clock.now().date()) is None
    with pytest.raises(RegisterRuleBroken, match="completed"):
        request.extend("late", "dpo-1", clock.now(), ENGLAND)
