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
EXPORTERS = frozenset({OPERATIONS_DIRECTOR, DATA_PROTECTION_OFFICER})  # the anonymised incident export
REPORT_READERS = CASEWORKERS | {DATA_PROTECTION_OFFICER}
STAFF_READERS = SUPERVISORS | {DATA_PROTECTION_OFFICER}
DISCLOSURE_READERS = frozenset({DATA_PROTECTION_OFFICER})
HOT_SPOT_READERS = INDICATOR_READERS

# (label, path, roles), in the order shown
MENU: tuple[tuple[str, str, frozenset[str]], ...] = (
    ("Report an incident", "/reports/new", CASEWORKERS),
    ("My cases", "/cases", CASEWORKERS),
    ("Team queue", "/team", SUPERVISORS),
    ("Supervision", "/supervision", SUPERVISORS),
    ("Reports", "/reports", REPORT_READERS),
    ("Repairs", "/repairs", REPAIRS_READERS),
    ("Referrals", "/referrals", PARTNER_READERS),
    ("Partners", "/directory/partners", PARTNER_READERS),
    ("Contractors", "/directory/contractors", CONTRACTOR_READERS),
    ("Staff", "/staff", STAFF_READERS),
    ("Disclosure log", "/disclosures", DISCLOSURE_READERS),
    ("Indicators", "/indicators", INDICATOR_READERS),
    ("Hot spots", "/hot-spots", HOT_SPOT_READERS),
    ("Board packs", "/packs", PACK_READERS),
)


def menu_for(role: str) -> list[tuple[str, str]]:
    return [(label, path) for label, path, roles in MENU if role in roles]


HOMES = {DATA_PROTECTION_OFFICER: "/disclosures"}


def home_for(role: str) -> str:
    """Where a role lands after signing in: its own start, or its first page."""
    if role in HOMES:
        return HOMES[role]
    items = menu_for(role)
    return items[0][1] if items else "/account"
