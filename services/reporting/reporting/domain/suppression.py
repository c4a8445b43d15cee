"""Small numbers in the Board's and the committee's papers (POL-9; code 1.3.5), so no victim can be
identified from an aggregate.

Primary: a count from 1 to 4 is shown as "<5"; so is a share whose count or base is from 1 to 4, and
a rate whose count is (homes owned are public, so the rate would give the count away). Zero is shown:
it identifies nobody.

Secondary: a hidden figure must not be recoverable by subtraction. Wherever figures add up (the two
streams to the total; the parts of a row to that row) and exactly one of them is hidden, one more is
withheld and shown as "*": the total when a stream is hidden, otherwise the smallest other part that
is not zero. This repeats until no sum has a single hidden figure.
"""

from __future__ import annotations

from collections.abc import Iterable

from reporting.domain.figures import TOTAL, Figure, IndicatorFigures, RowFigures

THRESHOLD = 5


def is_small(figure: Figure, threshold: int = THRESHOLD) -> bool:
    def small(n: int | None) -> bool:
        return n is not None and 0 < n < threshold

    if figure.kind == "share":
        return small(figure.numerator) or small(figure.denominator)
    return small(figure.numerator)


def suppress(indicators: Iterable[IndicatorFigures], threshold: int = THRESHOLD) -> list[IndicatorFigures]:
    return [_suppress_one(i, threshold) for i in indicators]


def _suppress_one(figures: IndicatorFigures, threshold: int) -> IndicatorFigures:
    cells = {(r.row.key, col): f.hide("small") if is_small(f, threshold) else f
             for r in figures.rows for col, f in r.cells.items()}
    columns = list(figures.rows[0].cells) if figures.rows else []
    streams = [c for c in columns if c != TOTAL]
    lines: list[tuple[list[tuple[str, str]], tuple[str, str] | None]] = []
    for r in figures.rows:
        if TOTAL in r.cells and len(streams) > 1:
            lines.append(([(r.row.key, s) for s in streams] + [(r.row.key, TOTAL)], (r.row.key, TOTAL)))
    parents = {r.row.part_of for r in figures.rows if r.row.part_of}
    for parent in parents:
        parts = [r.row.key for r in figures.rows if r.row.part_of == parent]
        for col in columns:
            lines.append(([(parent, col)] + [(p, col) for p in parts], None))
    changed = True
    while changed:
        changed = False
        for members, preferred in lines:
            hidden = [m for m in members if cells[m].hidden]
            if len(hidden) != 1:
                continue
            pick = _second(cells, members, preferred)
            if pick is not None:
                cells[pick] = cells[pick].hide("withheld")
                changed = True
    rows = [RowFigures(r.row, {col: cells[(r.row.key, col)] for col in r.cells}) for r in figures.rows]
    return IndicatorFigures(figures.indicator, rows)


def _second(cells: dict[tuple[str, str], Figure], members: list[tuple[str, str]],
            preferred: tuple[str, str] | None) -> tuple[str, str] | None:
    """The figure to withhold: a row's total when a stream is hidden; otherwise the smallest non-zero
    figure, keeping a row's parent (the figure the reader came for) while any part can go instead."""
    visible = [m for m in members if not cells[m].hidden and cells[m].numerator > 0]
    if preferred is not None and preferred in visible:
        return preferred
    parts = [m for m in visible if preferred is not None or m != members[0]] or visible
    return min(parts, key=lambda m: (cells[m].numerator, m)) if parts else None
