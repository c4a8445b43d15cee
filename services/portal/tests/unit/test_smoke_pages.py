"""Every page renders for the roles it serves, against fake service ports."""

from __future__ import annotations

import pytest

PAGES = {
    "officer": ["/reports/new", "/reports/R-1", "/reports", "/reports?cursor=page-2", "/cases", "/cases?status=closed",
                "/cases/C-1", "/cases/C-closed", "/repairs", "/repairs?state=breached", "/repairs?state=follow_on",
                "/repairs/jobs/J-1", "/repairs/jobs/J-1/reassign", "/repairs/jobs/J-1/cancel",
                "/repairs/jobs/J-1/update", "/referrals", "/referrals/RF-1", "/referrals/RF-1/revoke",
                "/directory/partners", "/directory/contractors", "/cases/C-1/contacts/new", "/cases/C-1/actions/new",
                "/cases/C-1/actions/A-1/agreement", "/cases/C-1/actions/A-1/complete", "/cases/C-1/actions/A-1/cancel",
                "/cases/C-1/perpetrator-actions/new", "/cases/C-1/perpetrator-actions/PA-1/progress",
                "/cases/C-1/risk", "/cases/C-1/classification", "/cases/C-1/updates", "/cases/C-1/preference",
                "/cases/C-1/closure", "/cases/C-closed/survey", "/cases/C-1/consent", "/cases/C-1/consent/withdraw",
                "/cases/C-1/referrals/new", "/cases/C-1/work-items/W-1/resolve", "/account"],
    "senior": ["/team", "/supervision", "/indicators", "/hot-spots", "/cases/C-1", "/cases/C-1/allocation",
               "/cases/C-1/reviews/new", "/staff", "/staff?training=overdue"],
    "manager": ["/packs", "/packs?kind=quarterly", "/indicators?period=2026-27-Q1&stream=general_needs",
                "/indicators?period=all", "/hot-spots?level=cluster&incidents=racist", "/cases/C-1/reviews/new"],
    "director": ["/indicators", "/packs", "/repairs", "/repairs/jobs/J-1", "/directory/contractors", "/hot-spots"],
    "board": ["/indicators", "/packs", "/hot-spots"],
    "dpo": ["/cases/C-1", "/indicators", "/directory/partners", "/packs", "/disclosures", "/disclosures?after=1",
            "/reports", "/reports/R-1", "/referrals/RF-1", "/staff"],
}


@pytest.mark.parametrize(("who", "path"), [(w, p) for w, paths in PAGES.items() for p in paths])
def test_each_page_renders_for_a_role_it_serves(browser, who, path):
    browser.sign_in(who)
    response = browser.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    body = response.get_data(as_text=True)
    assert '<main id="main"' in body and 'href="#main"' in body
