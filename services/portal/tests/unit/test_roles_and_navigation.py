"""Each role sees the pages it uses and is refused the others (deny by default); the services still
decide on every record."""

from __future__ import annotations

import pytest

from portal.navigation import home_for, menu_for

MENUS = {
    "housing_officer": ["Report an incident", "My cases", "Reports", "Repairs", "Referrals", "Partners",
                        "Contractors"],
    "senior": ["Report an incident", "My cases", "Team queue", "Supervision", "Reports", "Repairs", "Referrals",
               "Partners", "Contractors", "Staff", "Indicators", "Hot spots"],
    "manager": ["Report an incident", "My cases", "Team queue", "Supervision", "Reports", "Repairs", "Referrals",
                "Partners", "Contractors", "Staff", "Indicators", "Hot spots", "Board packs"],
    "operations_director": ["Repairs", "Contractors", "Indicators", "Hot spots", "Board packs"],
    "board_member": ["Indicators", "Hot spots", "Board packs"],
    "data_protection_officer": ["Reports", "Repairs", "Referrals", "Partners", "Staff", "Disclosure log",
                                "Indicators", "Hot spots", "Board packs"],
}


@pytest.mark.parametrize(("role", "labels"), MENUS.items())
def test_each_role_has_its_own_menu(role, labels):
    assert [label for label, _ in menu_for(role)] == labels


def test_an_unknown_role_has_no_menu():
    assert menu_for("contractor") == [] and home_for("contractor") == "/account"


REFUSED = {
    "officer": ["/team", "/supervision", "/indicators", "/hot-spots", "/packs", "/staff", "/disclosures",
                "/cases/C-1/allocation", "/cases/C-1/reviews/new"],
    "board": ["/cases", "/cases/C-1", "/reports/new", "/reports", "/repairs", "/repairs/jobs/J-1",
              "/directory/partners", "/team", "/referrals", "/disclosures", "/referrals/RF-1"],
    "director": ["/cases/C-1", "/reports/new", "/supervision", "/disclosures", "/repairs/jobs/J-1/cancel"],
    "dpo": ["/reports/new", "/cases/C-1/contacts/new", "/supervision", "/cases/C-1/consent/withdraw",
            "/repairs/jobs/J-1/update", "/referrals/RF-1/revoke"],
    "senior": ["/disclosures", "/packs"],
    "manager": ["/disclosures"],
}


@pytest.mark.parametrize(("who", "path"), [(w, p) for w, paths in REFUSED.items() for p in paths])
def test_pages_refuse_roles_they_do_not_serve(browser, fakes, who, path):
    browser.sign_in(who)
    response = browser.get(path)
    assert response.status_code == 403
    assert "Not available to your role" in response.get_data(as_text=True)
    assert fakes.sent == []


def test_the_menu_shows_only_the_roles_pages(browser):
    browser.sign_in("board")
    body = browser.get("/indicators").get_data(as_text=True)
    assert 'href="/indicators" aria-current="page"' in body and 'href="/packs"' in body
    assert 'href="/cases"' not in body and 'href="/reports/new"' not in body


@pytest.mark.parametrize(("who", "home"), [("director", "/repairs"), ("officer", "/reports/new"),
                                           ("board", "/indicators"), ("dpo", "/disclosures")])
def test_each_role_lands_on_its_own_start(browser, who, home):
    response = browser.sign_in(who)
    assert response.headers["Location"] == home


def test_a_record_the_service_refuses_shows_a_refusal_page(browser):
    browser.sign_in("officer")
    response = browser.get("/cases/C-other-stream")
    assert response.status_code == 403 and "Not yours to see" in response.get_data(as_text=True)
    assert browser.get("/cases/C-unknown").status_code == 404


def test_a_service_that_is_down_gives_a_clear_page_not_a_crash(browser, fakes):
    from portal.clients import ServiceUnavailable

    def down(*args):
        raise ServiceUnavailable("repairs", "did not answer in time")

    fakes.repairs.board = down  # type: ignore[method-assign]
    browser.sign_in("officer")
    response = browser.get("/repairs")
    assert response.status_code == 503
    assert "The repairs service did not answer in time" in response.get_data(as_text=True)


def test_a_case_page_still_shows_when_repairs_is_down(browser, fakes):
    from portal.clients import ServiceUnavailable

    def down(*args):
        raise ServiceUnavailable("repairs", "is not running")

    fakes.repairs.jobs_for_case = down
    browser.sign_in("officer")
    response = browser.get("/cases/C-1")
    assert response.status_code == 200 and "The repairs service is not running." in response.get_data(as_text=True)
