"""Every indicator against the hand-counted data set (see conftest): period boundaries in UK time,
streams kept apart (POL-7), each figure defined once (POL-9; code 1.3.6)."""

from __future__ import annotations

import pytest

from hcs.auth import Caller
from reporting.domain.indicators import INDICATORS
from reporting.service_layer.handlers import get_indicators
from reporting.service_layer.queries import IndicatorQuery

DIRECTOR = Caller("od-1", "operations_director")


def cells(report):
    return {f.indicator.key: {r.row.key: r.cells for r in f.rows} for f in report.figures}


def as_expected(figure):
    if figure.kind == "share":
        return (figure.numerator, figure.denominator)
    return figure.value


@pytest.mark.parametrize("key", [i.key for i in INDICATORS])
def test_each_indicator_matches_the_hand_count_for_q1(loaded_uow, data, key):
    report = get_indicators(loaded_uow, IndicatorQuery(period="2026-27-Q1"), DIRECTOR, data.settings)
    got = cells(report)[key]
    for row, (general, care) in data.expected[key].items():
        assert (as_expected(got[row]["general_needs"]), as_expected(got[row]["care_support"])) == (general, care), row


def test_totals_add_the_streams(loaded_uow, data):
    report = get_indicators(loaded_uow, IndicatorQuery(period="2026-27-Q1"), DIRECTOR, data.settings)
    table = cells(report)
    assert table["reports_received"]["reports_received"]["total"].value == 7
    assert table["nm01_1"]["nm01_1"]["total"].value == round(5 * 1000 / 1200, 2)  # 4.17 per 1,000 homes
    assert table["tp12"]["tp12"]["total"].text == "50.0% (1 of 2)"  # don't know left out of the base
    assert table["repairs_24h"]["repairs_24h"]["total"].text == "33.3% (1 of 3)"


def test_the_first_and_last_moments_of_a_quarter_in_summer_time(loaded_uow, data):
    """r2 at 00:00 BST on 1 April and r4 at 23:59:59 BST on 30 June are in Q1; r1 one second
    before and r5 at midnight after are not."""
    q4 = get_indicators(loaded_uow, IndicatorQuery(period="2025-26-Q4"), DIRECTOR, data.settings)
    q2 = get_indicators(loaded_uow, IndicatorQuery(period="2026-27-Q2"), DIRECTOR, data.settings)
    assert cells(q4)["reports_received"]["reports_received"]["general_needs"].value == 1  # r1
    assert cells(q2)["reports_received"]["reports_received"]["general_needs"].value == 1  # r5
    assert cells(q2)["tp12"]["tp12"]["care_support"].text == "100.0% (1 of 1)"  # 01:00 BST 1 July


def test_a_year_holds_its_quarters_and_nothing_is_counted_twice(loaded_uow, data):
    year = get_indicators(loaded_uow, IndicatorQuery(period="2026-27"), DIRECTOR, data.settings)
    assert cells(year)["reports_received"]["reports_received"]["total"].value == 8  # Q1 7 + r5
    every = get_indicators(loaded_uow, IndicatorQuery(), DIRECTOR, data.settings)
    assert cells(every)["reports_received"]["reports_received"]["total"].value == 9  # r8 void: never


def test_one_stream_asked_for_gives_that_stream_only(loaded_uow, data):
    report = get_indicators(loaded_uow, IndicatorQuery(period="2026-27-Q1", stream="care_support"), DIRECTOR,
                            data.settings)
    received = cells(report)["reports_received"]["reports_received"]
    assert set(received) == {"care_support", "total"} and received["total"].value == 3
    assert cells(report)["nm01_1"]["nm01_1"]["total"].value == 10.0  # per 1,000 of Care & Support's 200 homes


def test_custom_days_are_uk_calendar_days(loaded_uow, data):
    from datetime import date

    query = IndicatorQuery(period_start=date(2026, 4, 1), period_end=date(2026, 4, 2))
    report = get_indicators(loaded_uow, query, DIRECTOR, data.settings)
    assert cells(report)["reports_received"]["reports_received"]["general_needs"].value == 1  # r2 only


def test_the_target_to_increase_reporting_compares_with_the_same_quarter_a_year_before(loaded_uow, data):
    """Code 1.3.3: nothing was reported in Q1 2025-26, so any report now meets the target."""
    data.load(loaded_uow, [data.report("old1", "2025-05-01T10:00:00", "general_needs"),
                           data.report("old2", "2025-05-02T10:00:00", "general_needs")])
    report = get_indicators(loaded_uow, IndicatorQuery(period="2026-27-Q1"), DIRECTOR, data.settings)
    lines = {(t.key, t.column): t for t in report.targets}
    general = lines[("reports_received", "general_needs")]
    assert (general.now.numerator, general.before.numerator, general.change, general.met) == (4, 2, 100.0, True)
    assert lines[("reports_received", "care_support")].change_text == "new"
    assert report.compared.label == "2025-26-Q1"


def test_each_indicator_is_defined_once_with_words_a_manager_reads():
    keys = [i.key for i in INDICATORS]
    assert len(keys) == len(set(keys))
    assert all(len(i.definition) > 40 and i.definition.endswith((".", ")")) for i in INDICATORS)
    rows = [r.key for i in INDICATORS for r in i.rows]
    assert len(rows) == len({(i.key, r.key) for i in INDICATORS for r in i.rows})
