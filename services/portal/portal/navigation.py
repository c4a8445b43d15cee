"""Who sees which pages. The services decide what each caller may do; the portal only hides what a
role cannot use, and refuses those pages (deny by default: a page lists the roles it serves)."""

from __future__ import annotations

from hcs.auth import (
    BOARD_MEMBER,
    DATA_PROTECTION_OFFICER,
    HOUSING_OFFICER,
    MANAGER,
    OPERATIONS_DIRECTOR,
    SENIOR,
)

CASEWORKERS = frozenset({HOUSING_OFFICER, SENIOR, MANAGER})
SUPERVISORS = frozenset({SENIOR, MANAGER})
CASE_READERS = CASEWORKERS | {DATA_PROTECTION_OFFICER}
REPAIRS_READERS = CASEWORKERS | {OPERATIONS_DIRECTOR, DATA_PROTECTION_OFFICER}
PARTNER_READERS = CASEWORKERS | {DATA_PROTECTION_OFFICER}
CONTRACTOR_READERS = CASEWORKERS | {OPERATIONS_DIRECTOR}
INDICATOR_READERS = frozenset({SENIOR, MANAGER, OPERATIONS_DIRECTOR, BOARD_MEMBER, DATA_PROTECTION_OFFICER})
PACK_READERS = frozenset({MANAGER, OPERATIONS_DIRECTOR, BOARD_MEMBER, DATA_PROTECTION_OFFICER})

# (label, path, roles), in the order shown
MENU: tuple[tuple[str, str, frozenset[str]], ...] = (
    ("Report an incident", "/reports/new", CASEWORKERS),
    ("My cases", "/cases", CASEWORKERS),
    ("Team queue", "/team", SUPERVISORS),
    ("Supervision", "/supervision", SUPERVISORS),
    ("Repairs", "/repairs", REPAIRS_READERS),
    ("Partners", "/directory/partners", PARTNER_READERS),
    ("Contractors", "/directory/contractors", CONTRACTOR_READERS),
    ("Indicators", "/indicators", INDICATOR_READERS),
    ("Board packs", "/packs", PACK_READERS),
)


def menu_for(role: str) -> list[tuple[str, str]]:
    return [(label, path) for label, path, roles in MENU if role in roles]


def home_for(role: str) -> str:
    """Where a role lands after signing in: its first page."""
    items = menu_for(role)
    return items[0][1] if items else "/account"
