"""The staff portal in a real headless browser against the five real services (issue 10): an officer
reports a racist incident through the full form, the case opens, its repair is dispatched to and
completed by the reference contractor, consent is recorded and a referral accepted by the reference
partner, a senior approves closure, and the indicators show it (POL-2, POL-3, POL-5, POL-6, POL-8).

Screenshots of the main pages are saved in test-artifacts/screenshots/ (git-ignored).
"""

from __future__ import annotations

import base64
import uuid
from pathlib import Path
from typing import Any

import pytest
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from hcs.testing.plugin import RpcClient, free_port, token, wait_for

pytestmark = [pytest.mark.broker, pytest.mark.browser]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
DEMO_PASSWORD = "demo-{}-password"  # services/portal/demo-accounts.yaml (development only)
PARTNER_SECRET = "whsec_" + base64.b64encode(b"end-to-end-partner-secret-000001").decode()
STAFF = [
    {"staff_id": "s-north", "name": "Sam Senior", "role": "senior", "team": "north", "trained_on": "2026-03-01"},
    {"staff_id": "o-north", "name": "Olu Officer", "role": "housing_officer", "team": "north", "patches": ["E1"],
     "reports_to": "s-north", "trained_on": "2026-03-01"},
]
CASES_EXTRA = {"allocation": {"default_team": "north", "patches": {"E1": {"team": "north", "postcodes": ["E1"]}}}}


# --- steps, each as a person does it -------------------------------------------------------------
def until(driver: Any, check: Any, message: str, timeout: float = 30) -> Any:
    """Wait for ``check()`` to be truthy; a page replaced while it was being read counts as not yet."""

    def settled() -> Any:
        try:
            return check()
        except (StaleElementReferenceException, NoSuchElementException):
            return None

    return wait_for(settled, timeout=timeout, interval=0.3, message=message)


def sign_in(driver: Any, base: str, who: str) -> None:
    driver.get(f"{base}/sign-in")
    driver.find_element(By.ID, "f-username").send_keys(who)
    driver.find_element(By.ID, "f-password").send_keys(DEMO_PASSWORD.format(who))
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    until(driver, lambda: "/sign-in" not in driver.current_url, f"{who} to be signed in")


def sign_out(driver: Any) -> None:
    driver.find_element(By.CSS_SELECTOR, "header form button").click()
    until(driver, lambda: "/sign-in" in driver.current_url, "signing out")


def field(driver: Any, name: str) -> Any:
    from portal.forms import field_id

    return driver.find_element(By.ID, field_id(name))


def type_into(driver: Any, name: str, text: str) -> None:
    element = field(driver, name)
    element.clear()
    element.send_keys(text)


def set_value(driver: Any, name: str, value: str) -> None:
    """datetime-local inputs take typed text in the browser's locale; set the value as a script would."""
    driver.execute_script("arguments[0].value = arguments[1]", field(driver, name), value)


def tick(driver: Any, name: str, value: str) -> None:
    driver.find_element(By.CSS_SELECTOR, f'input[name="{name}"][value="{value}"]').click()


def submit(driver: Any) -> None:
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()


def text_of(driver: Any) -> str:
    return str(driver.find_element(By.TAG_NAME, "main").text)


def report_a_racist_incident(driver: Any, base: str) -> str:
    """The officer fills the full form; returns the receipt page's URL."""
    driver.get(f"{base}/reports/new")
    select_ = Select(field(driver, "channel"))
    select_.select_by_value("phone")
    tick(driver, "stream", "general_needs")
    tick(driver, "reporter.role", "victim")
    set_value(driver, "incident.occurred_at", "2026-03-02T21:30")
    for kind in ("graffiti", "damage_to_property"):
        tick(driver, "incident.types", kind)
    Select(field(driver, "incident.location_type")).select_by_value("home")
    type_into(driver, "incident.narrative", "Racist graffiti was sprayed on the front door overnight.")
    tick(driver, "perception.strands", "race")
    tick(driver, "perception.perceived_by", "victim")
    type_into(driver, "victims.0.name", "Ada Example")
    type_into(driver, "victims.0.address.line", "Flat 2, 10 Example Street")
    type_into(driver, "victims.0.address.postcode", "E1 6AN")
    type_into(driver, "victims.0.address.uprn", str(uuid.uuid4().int % 10**11))
    type_into(driver, "damage.description", "offensive graffiti")
    type_into(driver, "damage.location", "front door")
    screenshot_page(driver, "report-form")
    submit(driver)
    until(driver, lambda: "Triage:" in text_of(driver), "the report's receipt")
    return str(driver.current_url)


def open_the_case(driver: Any, receipt_url: str) -> str:
    def case_link() -> Any:
        driver.get(receipt_url)
        links = driver.find_elements(By.ID, "case-link")
        return links[0].get_attribute("href") if links else None

    case_url = until(driver, case_link, "the case to open")
    driver.get(case_url)
    return str(case_url)


def repair_completed(driver: Any, case_url: str) -> None:
    def completed() -> bool:
        driver.get(case_url)
        return any(cell.text == "completed" for cell in driver.find_elements(By.CSS_SELECTOR, "td.job-status"))

    until(driver, completed, "the reference contractor to complete the repair", timeout=45)


def screenshot_page(driver: Any, name: str) -> Path:
    """Save the whole page as test-artifacts/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1024, max(900, min(int(height), 6000)))
    driver.save_screenshot(str(path))
    driver.set_window_size(1024, 1366)
    return path


def seed_staff(system: Any) -> None:
    """The staff directory the portal's demo accounts belong to (cases allocates only to trained staff)."""
    from portal.clients import ServiceUnavailable
    from portal.clients.rpc import RpcPool, make_call

    pool = RpcPool(system.amqp_uri, 15)
    call = make_call(pool, lambda: {"auth_token": token("manager", user_id="m-1", team="north")})
    try:
        for member in STAFF:
            call("cases", "save_staff", member)
    except ServiceUnavailable:  # cases as merged on this branch has no staff directory yet
        pass
    finally:
        pool.close()


# --- the tests ---------------------------------------------------------------------------------------
def test_an_officer_reports_a_racist_incident_and_follows_it_to_a_completed_repair_and_the_indicators(
        start_system, start_portal, chrome):
    system = start_system(cases=CASES_EXTRA)
    seed_staff(system)
    portal = start_portal(system.amqp_uri)
    driver = chrome

    sign_in(driver, portal.url, "officer")
    assert driver.current_url == f"{portal.url}/reports/new"

    # bad input: the service's field errors appear next to the fields, listed and linked at the top
    type_into(driver, "victims.0.address.postcode", "NOT A POSTCODE")
    submit(driver)
    until(driver, lambda: driver.find_elements(By.ID, "error-summary"), "the error summary")
    summary = driver.find_element(By.ID, "error-summary").text
    assert "What happened" in summary and "Postcode" in summary
    postcode_error = driver.find_element(By.ID, "f-victims-0-address-postcode-error").text
    assert "postcode" in postcode_error.lower()
    assert field(driver, "victims.0.address.postcode").get_attribute("aria-invalid") == "true"
    screenshot_page(driver, "report-form-errors")

    receipt_url = report_a_racist_incident(driver, portal.url)
    assert "Triage: Hate incident" in text_of(driver)
    screenshot_page(driver, "report-receipt")

    case_url = open_the_case(driver, receipt_url)
    page = text_of(driver)
    assert "Hate incident: race" in page and "General Needs" in page
    assert "Perceived as hostility based on race" in page  # the original perception, kept (POL-2)

    repair_completed(driver, case_url)
    assert "Ada Example" not in driver.find_element(By.ID, "repair-jobs").text
    screenshot_page(driver, "case")

    driver.get(f"{portal.url}/cases")
    screenshot_page(driver, "my-cases")
    sign_out(driver)

    sign_in(driver, portal.url, "manager")
    driver.get(f"{portal.url}/indicators")

    def reports_counted() -> bool:
        driver.get(f"{portal.url}/indicators")
        rows = driver.find_elements(By.CSS_SELECTOR, 'tr[data-indicator="reports_received"] td.total')
        return bool(rows) and rows[0].text == "1"

    until(driver, reports_counted, "the indicators to count the report")
    screenshot_page(driver, "indicators")


@pytest.mark.skip(reason="needs the rewritten services of issues 4-7 (wt-cases: team_queue, request_closure, "
                         "decide_approval; wt-referrals: list_partners, get_consent_record, the new record_consent "
                         "payload and tools/hcs_tools/partner.py; wt-repairs: list_jobs(state=...), "
                         "contractor_directory; wt-reporting: get_hot_spots, list_packs, generate_pack), not merged "
                         "on this branch")
def test_consent_a_referral_accepted_by_the_partner_closure_approved_by_a_senior_and_the_indicators(
        start_system, start_portal, chrome):
    from hcs_tools.partner import ReferencePartner

    partner = ReferencePartner(PARTNER_SECRET, code="reference-support").start()
    referrals_port = free_port()
    try:
        system = start_system(ports={"referrals": referrals_port}, cases=CASES_EXTRA, referrals={
            "delivery": {"interval_seconds": 0.05, "timeout_seconds": 2, "max_backoff_seconds": 0.5},
            "callback_base_url": f"http://127.0.0.1:{referrals_port}",
            "partners": {"reference-support": {
                "name": "Reference Victim Support", "kind": "victim_support", "delivery": "webhook",
                "endpoint": f"{partner.url}/referrals", "secret": PARTNER_SECRET,
                "agreement": {"lawful_basis": "consent", "special_category_condition": "explicit_consent",
                              "purposes": {"support": ["case.reference", "victim.name", "victim.phone"]},
                              "retention_days": 365, "acknowledge_within_hours": 24, "respond_within_hours": 72,
                              "document_ref": "isa-reference-1"}}}})
        seed_staff(system)
        portal = start_portal(system.amqp_uri)
        driver = chrome
        sign_in(driver, portal.url, "officer")
        case_url = open_the_case(driver, report_a_racist_incident(driver, portal.url))
        repair_completed(driver, case_url)

        # consent first (POL-5): partner, purpose, what may be shared, how it was given
        driver.get(f"{case_url}/consent")
        tick(driver, "partners", "reference-support")
        tick(driver, "purposes", "support")
        for category in ("case", "contact"):
            tick(driver, "data_categories", category)
        tick(driver, "how", "verbal")
        screenshot_page(driver, "consent")
        submit(driver)
        until(driver, lambda: "consent has been recorded" in text_of(driver), "the consent")

        driver.get(f"{case_url}/referrals/new")
        Select(field(driver, "partner")).select_by_value("reference-support")
        Select(field(driver, "purpose")).select_by_value("support")
        for category in ("case", "contact"):
            tick(driver, "data_categories", category)
        submit(driver)

        def accepted() -> bool:
            driver.get(case_url)
            return any(cell.text.startswith(("accepted", "done"))
                       for cell in driver.find_elements(By.CSS_SELECTOR, "td.referral-status"))

        until(driver, accepted, "the reference partner to accept the referral", timeout=45)
        screenshot_page(driver, "case-with-referral")

        driver.get(f"{case_url}/closure")
        Select(field(driver, "outcome")).select_by_value("resolved")
        for item in ("victim_told", "actions_ended", "referrals_closed"):
            field(driver, f"checklist.{item}").click()
        type_into(driver, "note", "Graffiti removed within 24 hours; victim supported; victim satisfied.")
        submit(driver)
        until(driver, lambda: "a senior will decide" in text_of(driver), "the closure request")
        sign_out(driver)

        sign_in(driver, portal.url, "senior")
        driver.get(f"{portal.url}/supervision")
        screenshot_page(driver, "supervision")
        driver.find_element(By.CSS_SELECTOR, 'input[name="decision"][value="approve"]').click()
        driver.find_element(By.CSS_SELECTOR, "section.panel form button[type=submit]").click()
        until(driver, lambda: "Approved." in text_of(driver), "the approval")
        until(driver, lambda: driver.get(case_url) or "closed" in text_of(driver), "the case to close")
        for name, path in (("team-queue", "/team"), ("repairs-board", "/repairs"),
                           ("partners", "/directory/partners"), ("contractors", "/directory/contractors")):
            driver.get(portal.url + path)
            screenshot_page(driver, name)
        sign_out(driver)

        sign_in(driver, portal.url, "manager")

        def closure_counted() -> bool:
            driver.get(f"{portal.url}/indicators")
            rows = driver.find_elements(By.CSS_SELECTOR, 'tr[data-indicator="cases_closed"] td.total')
            return bool(rows) and rows[0].text == "1"

        until(driver, closure_counted, "the indicators to count the closure")
        screenshot_page(driver, "indicators-after-closure")
        driver.get(f"{portal.url}/packs")
        Select(driver.find_element(By.ID, "f-kind")).select_by_value("quarterly")
        submit(driver)
        until(driver, lambda: "is ready" in text_of(driver), "the quarterly pack", timeout=60)
        screenshot_page(driver, "packs")
    finally:
        partner.stop()


def test_the_rpc_pool_carries_each_users_token(start_system):
    """The pooled proxy calls with the caller token it was given for this request, never a previous one."""
    from hcs.errors import Forbidden, NotFound
    from portal.clients.rpc import RpcPool, make_call

    system = start_system()
    pool = RpcPool(system.amqp_uri, 15, size=1)  # one proxy, reused by both callers
    officer = make_call(pool, lambda: {"auth_token": token("housing_officer", user_id="o-1")})
    board = make_call(pool, lambda: {"auth_token": token("board_member", user_id="b-1")})
    try:
        with pytest.raises(NotFound):
            officer("intake", "get_report", "no-such-report")
        with pytest.raises(Forbidden):
            board("intake", "get_report", "no-such-report")
        with pytest.raises(NotFound):
            officer("intake", "get_report", "no-such-report")
    finally:
        pool.close()
    with RpcClient(system.amqp_uri, None) as anonymous, pytest.raises(Exception, match="token"):
        anonymous.intake.get_report("x")
