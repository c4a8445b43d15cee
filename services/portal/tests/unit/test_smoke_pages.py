"""Every page renders for the roles it serves, against fake service ports."""

from __future__ import annotations

import pytest

PAGES = {
    "officer": ["/reports/new", "/reports/R-1", "/cases", "/cases/C-1", "/repairs", "/repairs?state=breached",
                "/directory/partners", "/directory/contractors", "/cases/C-1/contacts/new", "/cases/C-1/actions/new",
                "/cases/C-1/actions/A-1/agreement", "/cases/C-1/perpetrator-actions/new", "/cases/C-1/closure",
                "/cases/C-1/consent", "/cases/C-1/referrals/new", "/account"],
    "senior": ["/team", "/supervision", "/indicators", "/cases/C-1"],
    "manager": ["/packs", "/indicators?period=2026-27-Q1&stream=general_needs"],
    "director": ["/indicators", "/packs", "/repairs", "/directory/contractors"],
    "board": ["/indicators", "/packs"],
    "dpo": ["/cases/C-1", "/indicators", "/directory/partners", "/packs"],
}


@pytest.mark.parametrize(("who", "path"), [(w, p) for w, paths in PAGES.items() for p in paths])
def test_each_page_renders_for_a_role_it_serves(browser, who, path):
    browser.sign_in(who)
    response = browser.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    body = response.get_data(as_text=True)
    assert '<main id="main"' in body and 'href="#main"' in body
