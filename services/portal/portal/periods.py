"""Reporting periods as the landlord names them: financial years from April (``2026-27``), halves
(``2026-27-H1``) and quarters (``2026-27-Q3``), the labels reporting takes (issue 7)."""

from __future__ import annotations

import re
from datetime import date

LABEL = re.compile(r"^(\d{4}-\d{2}(-(Q[1-4]|H[12]))?|latest-(year|half|quarter))$")


def financial_year(today: date) -> int:
    return today.year if today.month >= 4 else today.year - 1


def this_quarter(today: date) -> str:
    """The label of the quarter ``today`` is in (figures so far)."""
    start = financial_year(today)
    quarter = ((today.month - 4) % 12) // 3 + 1
    return f"{start}-{(start + 1) % 100:02d}-Q{quarter}"


def this_year(today: date) -> str:
    start = financial_year(today)
    return f"{start}-{(start + 1) % 100:02d}"


def choices(today: date) -> list[tuple[str, str]]:
    """Periods offered beside the free field: this quarter and year so far, and the latest complete ones."""
    return [(this_quarter(today), f"This quarter so far ({this_quarter(today)})"),
            (this_year(today), f"This year so far ({this_year(today)})"),
            ("latest-quarter", "The latest complete quarter"), ("latest-half", "The latest complete half-year"),
            ("latest-year", "The latest complete year")]
