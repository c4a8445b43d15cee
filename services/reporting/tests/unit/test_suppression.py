"""Small numbers in the committee's and the Board's papers (POL-9; code 1.3.5): counts from 1 to 4
shown as "<5", and no hidden figure recoverable by subtraction."""

from __future__ import annotations

from reporting.domain.figures import Figure, Indicator, IndicatorFigures, Row, RowFigures, Tally
from reporting.domain.measures import Count
from reporting.domain.suppression import is_small, suppress

C = Tally(Count("cases", "closed_at"))


def figures(rows):
    """rows: (key, part_of, general, care)."""
    indicator = Indicator("x", "X", "A test indicator definition long enough.", "test",
                          tuple(Row(k, k, C, part_of=p) for k, p, _, _ in rows))
    return IndicatorFigures(indicator, [
        RowFigures(r, {"general_needs": Figure("count", g), "care_support": Figure("count", c),
                       "total": Figure("count", g + c)}) for r, (_, _, g, c) in zip(indicator.rows, rows, strict=True)])


def shown(result):
    return {r.row.key: tuple(r.cells[c].text for c in ("general_needs", "care_support", "total")) for r in result.rows}


def test_one_to_four_is_small_zero_and_five_are_not():
    assert [is_small(Figure("count", n)) for n in (0, 1, 4, 5)] == [False, True, True, False]
    assert is_small(Figure("share", 10, 3)) and is_small(Figure("share", 2, 40))
    assert not is_small(Figure("share", 0, 40)) and is_small(Figure("rate", 3, 1000))


def test_a_small_stream_withholds_the_total_so_it_cannot_be_worked_out():
    [result] = suppress([figures([("opened", None, 120, 3)])])
    assert shown(result) == {"opened": ("120", "<5", "*")}


def test_both_streams_small_leave_nothing_to_subtract():
    [result] = suppress([figures([("opened", None, 2, 3)])])
    assert shown(result) == {"opened": ("<5", "<5", "5")}


def test_a_small_part_withholds_the_next_smallest_part_of_the_same_whole():
    [result] = suppress([figures([("closed", None, 30, 0), ("closed.a", "closed", 20, 0),
                                  ("closed.b", "closed", 7, 0), ("closed.c", "closed", 3, 0)])])
    table = shown(result)
    assert table["closed.c"][0] == "<5" and table["closed.b"][0] == "*" and table["closed"][0] == "30"
    assert table["closed.a"][0] == "20"
    assert "*" in table["closed.c"][2] or "<5" in table["closed.c"][2]


def test_a_hidden_figure_never_carries_its_value():
    [result] = suppress([figures([("opened", None, 120, 3)])])
    cell = result.rows[0].cells["care_support"]
    assert cell.value is None and cell.text == "<5"
