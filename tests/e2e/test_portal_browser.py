"""The staff portal in a real headless browser against the five real services (issue 10): an officer
reports a racist incident through the full form, the case opens, its repair is dispatched to and
completed by the reference contractor, consent is recorded and a referral accepted by the reference
partner, a senior reviews the case and approves closure, the survey answers are recorded, and the
indicators, hot spots, board packs and the disclosure log show it (POL-2, POL-3, POL-5, POL-6, POL-8).

Every page visited is checked for what a screen reader and a keyboard need (labels, fieldsets with
legends, one h1, no skipped heading level, a skip link, described fields that exist) and for fitting
a tablet in portrait without sideways scrolling. Screenshots of the main pages are saved in
test-artifacts/screenshots/ (git-ignored). At the end, the records the portal's unit tests fake are
compared with what the real services answered.
"""

from __future__ import annotations

import base64
import uuid
from pathlib import Path
from typing import Any

import pytest
import requests
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.expected_conditions import staleness_of
from selenium.webdriver.support.ui import Select
from selenium.webdriver.support.wait import WebDriverWait

from hcs.testing.plugin import RpcClient, free_port, token, wait_for

pytestmark = [pytest.mark.broker, pytest.mark.browser]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
DEMO_PASSWORD = "demo-{}-password"  # services/portal/demo-accounts.yaml (development only)
PARTNER_SECRET = "whsec_" + base64.b64encode(b"end-to-end-partner-secret-000001").decode()
PURPOSE = "victim_support_referral"
PARTNER = {"name": "Reference Victim Support", "kind": "victim_support", "delivery": "webhook",
           "secret": PARTNER_SECRET,
           "agreement": {"lawful_basis": "consent", "special_category_condition": "explicit_consent",
                         "purposes": {PURPOSE: ["case.reference", "victim.name", "victim.contact"]},
                         "retention_days": 365, "acknowledge_within_hours": 24, "respond_within_hours": 72,
                         "document_ref": "isa-reference-1"}}
CASES_EXTRA = {"allocation": {"default_team": "north", "patches": {"E1": {"team": "north", "postcodes": ["E1"]}}}}

# What a screen reader and a keyboard need of every page, found by the browser itself.
ACCESSIBILITY = """
const problems = [];
const visible = e => !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length);
if (!document.documentElement.lang) problems.push('no lang on html');
const skip = document.querySelector('a.skip-link');
if (!skip || skip.getAttribute('href') !== '#main' || !document.getElementById('main')) problems.push('no skip link');
const h1s = document.querySelectorAll('h1');
if (h1s.length !== 1) problems.push(h1s.length + ' h1 elements');
let last = 1;
for (const h of document.querySelectorAll('main h1, main h2, main h3, main h4')) {
  const level = +h.tagName[1];
  if (level > last + 1) problems.push('heading jumps to ' + h.tagName + ': ' + h.textContent.trim().slice(0, 40));
  last = level;
}
for (const f of document.querySelectorAll('input, select, textarea')) {
  if (f.type === 'hidden' || f.type === 'submit') continue;
  const labelled = (f.id && document.querySelector('label[for="' + f.id + '"]')) || f.closest('label')
    || f.getAttribute('aria-label') || f.getAttribute('aria-labelledby');
  if (!labelled) problems.push('unlabelled ' + f.tagName + ' ' + (f.name || f.id));
  if ((f.type === 'radio' || f.type === 'checkbox') && document.querySelectorAll('[name="' + f.name + '"]').length > 1
      && !(f.closest('fieldset') && f.closest('fieldset').querySelector('legend')))
    problems.push('choices without a fieldset and legend: ' + f.name);
}
for (const e of document.querySelectorAll('[aria-describedby], [aria-labelledby]')) {
  for (const attr of ['aria-describedby', 'aria-labelledby']) {
    for (const id of (e.getAttribute(attr) || '').split(/\\s+/).filter(Boolean))
      if (!document.getElementById(id)) problems.push(attr + ' points at a missing ' + id);
  }
}
const ids = {};
for (const e of document.querySelectorAll('[id]')) {
  if (ids[e.id]) problems.push('duplicate id ' + e.id);
  ids[e.id] = 1;
}
for (const svg of document.querySelectorAll('svg')) {
  if (svg.getAttribute('role') !== 'img' || !svg.querySelector('title')) problems.push('svg without role and title');
}
for (const a of document.querySelectorAll('a')) {
  if (visible(a) && !a.textContent.trim() && !a.getAttribute('aria-label')) problems.push('link without text');
}
if (document.documentElement.scrollWidth > window.innerWidth + 1) problems.push('page scrolls sideways');
return problems;
"""


# --- steps, each as a person does it -------------------------------------------------------------
def until(driver: Any, check: Any, message: str, timeout: float = 30) -> Any:
    """Wait for ``check()`` to be truthy; a page replaced while it was being read counts as not yet."""

    def settled() -> Any:
        try:
            return check()
        except WebDriverException:  # stale, not there yet, or a node of the page being replaced
            return None

    return wait_for(settled, timeout=timeout, interval=0.3, message=message)


def sign_in(driver: Any, base: str, who: str) -> None:
    driver.delete_all_cookies()
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


def choose(driver: Any, name: str, value: str) -> None:
    Select(field(driver, name)).select_by_value(value)


def submit(driver: Any) -> None:
    driver.find_element(By.CSS_SELECTOR, "main form:not(.filters) button[type=submit]").click()


def text_of(driver: Any) -> str:
    return str(driver.find_element(By.TAG_NAME, "main").text)


def flashed(driver: Any, words: str, what: str) -> None:
    until(driver, lambda: words in text_of(driver), what)


SAVED: set[str] = set()  # screenshots are taken on the first run of the module only (SQLite)


def check_page(driver: Any, name: str | None = None) -> None:
    """The page passes the accessibility checks; with a name, it is also saved as a screenshot."""
    problems = driver.execute_script(ACCESSIBILITY)
    assert problems == [], f"{driver.current_url}: {problems}"
    if name and name not in SAVED:
        SAVED.add(name)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        width, height = driver.get_window_size()["width"], driver.get_window_size()["height"]
        full = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(width, max(900, min(int(full) + 140, 7000)))
        driver.save_screenshot(str(SCREENSHOTS / f"{name}.png"))
        driver.set_window_size(width, height)


def visit(driver: Any, url: str, name: str | None = None) -> str:
    driver.get(url)
    check_page(driver, name)
    return text_of(driver)


def report_a_racist_incident(driver: Any, base: str) -> str:
    """The officer fills the full form, first with a mistake; returns the receipt page's URL."""
    driver.get(f"{base}/reports/new")
    type_into(driver, "victims.0.address.postcode", "NOT A POSTCODE")
    submit(driver)  # intake's field errors appear next to the fields, listed and linked at the top
    until(driver, lambda: driver.find_elements(By.ID, "error-summary"), "the error summary")
    summary = driver.find_element(By.ID, "error-summary").text
    assert "What happened" in summary and "Postcode" in summary
    assert "postcode" in driver.find_element(By.ID, "f-victims-0-address-postcode-error").text.lower()
    assert field(driver, "victims.0.address.postcode").get_attribute("aria-invalid") == "true"
    check_page(driver, "report-form-errors")

    choose(driver, "channel", "phone")
    tick(driver, "stream", "general_needs")
    tick(driver, "reporter.role", "victim")
    set_value(driver, "incident.occurred_at", "2026-03-02T21:30")
    for kind in ("graffiti", "damage_to_property"):
        tick(driver, "incident.types", kind)
    choose(driver, "incident.location_type", "home")
    type_into(driver, "incident.narrative", "Racist graffiti was sprayed on the front door overnight.")
    tick(driver, "perception.strands", "race")
    tick(driver, "perception.perceived_by", "victim")
    type_into(driver, "victims.0.name", "Ada Example")
    type_into(driver, "victims.0.contact", "07700 900123")
    type_into(driver, "victims.0.address.line", "Flat 2, 10 Example Street")
    type_into(driver, "victims.0.address.postcode", "E1 6AN")
    type_into(driver, "victims.0.address.uprn", str(uuid.uuid4().int % 10**11))
    type_into(driver, "damage.description", "offensive graffiti")
    type_into(driver, "damage.location", "front door")
    check_page(driver, "report-form")
    submit(driver)
    until(driver, lambda: "Triage:" in text_of(driver), "the report's receipt")
    assert "Triage: Hate incident" in text_of(driver)
    check_page(driver, "report-receipt")
    return str(driver.current_url)


def open_the_case(driver: Any, receipt_url: str) -> str:
    def case_link() -> Any:
        driver.get(receipt_url)
        links = driver.find_elements(By.ID, "case-link")
        return links[0].get_attribute("href") if links else None

    case_url = until(driver, case_link, "the case to open")
    driver.get(case_url)
    return str(case_url)


def cells(driver: Any, selector: str) -> list[str]:
    return [cell.text for cell in driver.find_elements(By.CSS_SELECTOR, selector)]


def shown_on_case(driver: Any, case_url: str, selector: str, *wanted: str) -> bool:
    driver.get(case_url)
    return any(text.startswith(wanted) for text in cells(driver, selector))


def start_partner_and_system(start_system: Any) -> tuple[Any, Any]:
    from hcs_tools.partner import ReferencePartner

    partner = ReferencePartner(PARTNER_SECRET, code="reference-support").start()
    referrals_port = free_port()
    system = start_system(ports={"referrals": referrals_port}, cases=CASES_EXTRA, referrals={
        "delivery": {"interval_seconds": 0.05, "timeout_seconds": 2, "max_backoff_seconds": 0.5},
        "callback_base_url": f"http://127.0.0.1:{referrals_port}",
        "partners": {"reference-support": {**PARTNER, "endpoint": f"{partner.url}/referrals"}}})
    system.register_staff("o-north")
    system.register_staff("s-north", role="senior")
    return partner, system


# --- the journey -------------------------------------------------------------------------------------
def test_a_racist_incident_from_report_to_closure_consent_referral_indicators_and_packs(
        start_system, start_portal, chrome):
    partner, system = start_partner_and_system(start_system)
    try:
        portal = start_portal(system.amqp_uri)
        driver, base = chrome, portal.url
        case_url = officer_works_the_case(driver, base)
        senior_reviews_and_approves_closure(driver, base, case_url)
        officer_records_the_survey_and_a_withdrawal(driver, base, case_url)
        manager_sees_the_indicators_hot_spots_and_packs(driver, base)
        dpo_reads_the_disclosure_log(driver, base, case_url)
        the_fakes_match_what_the_services_answered(system, case_url.rsplit("/", 1)[-1])
    finally:
        partner.stop()


def officer_works_the_case(driver: Any, base: str) -> str:
    sign_in(driver, base, "officer")
    assert driver.current_url == f"{base}/reports/new"
    case_url = open_the_case(driver, report_a_racist_incident(driver, base))
    page = text_of(driver)
    assert "Hate incident: race" in page and "General Needs" in page and "o-north" in page
    assert "Perceived as hostility based on race" in page  # the original perception, kept (POL-2)

    visit(driver, f"{case_url}/risk", "risk-assessment")
    for factor, score in (("victim_vulnerability", "2"), ("harm", "2"), ("repeat", "0"), ("threats", "1"),
                          ("household_impact", "3")):
        tick(driver, f"factors.{factor}", score)
    type_into(driver, "notes", "Frightened to leave the flat after dark.")
    submit(driver)
    flashed(driver, "Risk assessed: medium", "the risk assessment")

    visit(driver, f"{case_url}/contacts/new")
    type_into(driver, "summary", "Phoned Ada: agreed the graffiti removal and support from Victim Support.")
    submit(driver)
    flashed(driver, "The contact has been logged.", "the first contact")

    # a referral without consent is refused by the consent gate, and nothing is shared (POL-5)
    visit(driver, f"{case_url}/referrals/new")
    choose(driver, "partner", "reference-support")
    choose(driver, "purpose", PURPOSE)
    tick(driver, "data_categories", "contact")
    submit(driver)
    flashed(driver, "Not sent: The victim has not consented to sharing with this agency", "the gate's refusal")
    check_page(driver, "referral-refused")

    visit(driver, f"{case_url}/consent", "consent")
    tick(driver, "partners", "reference-support")
    tick(driver, "purposes", PURPOSE)
    for category in ("case", "contact"):
        tick(driver, "data_categories", category)
    tick(driver, "how", "verbal")
    submit(driver)
    flashed(driver, "consent has been recorded", "the consent")

    visit(driver, f"{case_url}/referrals/new")
    choose(driver, "partner", "reference-support")
    choose(driver, "purpose", PURPOSE)
    for category in ("case", "contact"):
        tick(driver, "data_categories", category)
    submit(driver)
    flashed(driver, "The referral has been asked for", "the referral")

    until(driver, lambda: shown_on_case(driver, case_url, "td.job-status", "completed"),
          "the reference contractor to complete the repair", timeout=45)
    until(driver, lambda: shown_on_case(driver, case_url, "td.referral-status", "done"),
          "the reference partner to accept the referral and report it done", timeout=45)
    assert "Ada Example" not in driver.find_element(By.ID, "repair-jobs").text
    check_page(driver, "case")

    driver.find_element(By.CSS_SELECTOR, "#repair-jobs a").click()
    until(driver, lambda: "The 24-hour clock" in text_of(driver), "the repair job")
    assert "completed in time" in text_of(driver)
    check_page(driver, "repair-job")
    visit(driver, f"{base}/repairs?state=closed", "repairs-board")
    visit(driver, f"{base}/cases", "my-cases")
    visit(driver, f"{base}/reports", "reports")

    driver.get(case_url)
    driver.find_element(By.CSS_SELECTOR, "#referral-list a").click()
    until(driver, lambda: "Fields disclosed" in text_of(driver), "the referral")
    assert "victim.contact" in text_of(driver) and "victim.name" in text_of(driver)
    check_page(driver, "referral")

    answers: list[str] = []

    def closure_asked() -> bool:  # cases hears of the referral's end by event: asked again until it has
        visit(driver, f"{case_url}/closure")
        choose(driver, "outcome", "resolved")
        for item in ("victim_told", "actions_ended", "referrals_closed"):
            field(driver, f"checklist.{item}").click()
        type_into(driver, "note", "Graffiti removed within 24 hours; victim supported by Victim Support.")
        form_page = driver.find_element(By.TAG_NAME, "main")
        submit(driver)
        WebDriverWait(driver, 15).until(staleness_of(form_page))  # read the answer, not the form
        answers.append(text_of(driver)[:600])
        return "a senior will decide" in answers[-1]

    try:
        until(driver, closure_asked, "the closure request", timeout=45)
    except AssertionError as exc:
        raise AssertionError(f"{exc}; the portal's last answer: {answers[-1:]}") from None
    sign_out(driver)
    return case_url


def senior_reviews_and_approves_closure(driver: Any, base: str, case_url: str) -> None:
    sign_in(driver, base, "senior")
    visit(driver, f"{base}/team", "team-queue")
    visit(driver, f"{case_url}/reviews/new", "review")
    tick(driver, "kind", "officer_senior")  # the risk re-run at the review, scores kept from the last one
    type_into(driver, "notes", "Repair done in time; referral to Victim Support done; ready to close.")
    submit(driver)
    flashed(driver, "The review has been recorded.", "the review")
    assert "Officer with senior review" in text_of(driver)

    visit(driver, f"{base}/supervision", "supervision")
    driver.find_element(By.CSS_SELECTOR, 'input[name="decision"][value="approve"]').click()
    driver.find_element(By.CSS_SELECTOR, "section.panel form button[type=submit]").click()
    flashed(driver, "Approved.", "the approval")
    until(driver, lambda: visit(driver, case_url) and "Closed" in text_of(driver), "the case to close")
    visit(driver, f"{base}/staff", "staff-directory")
    sign_out(driver)


def officer_records_the_survey_and_a_withdrawal(driver: Any, base: str, case_url: str) -> None:
    sign_in(driver, base, "officer")
    until(driver, lambda: visit(driver, case_url) and "Record the answers" in text_of(driver), "the survey")
    visit(driver, f"{case_url}/survey", "survey")
    tick(driver, "tp12", "very_satisfied")
    tick(driver, "kept_informed", "yes")
    submit(driver)
    flashed(driver, "The survey answers have been recorded.", "the survey answers")

    visit(driver, f"{case_url}/consent/withdraw", "consent-withdrawal")
    tick(driver, "how", "written")
    submit(driver)
    flashed(driver, "Consent has been withdrawn", "the withdrawal")
    assert "withdrawn (version 2)" in driver.find_element(By.ID, "consent-record").text
    sign_out(driver)


def manager_sees_the_indicators_hot_spots_and_packs(driver: Any, base: str) -> None:
    sign_in(driver, base, "manager")

    totals: dict[str, list[str]] = {}

    def counted() -> bool:  # reporting counts from events: asked again until it has
        driver.get(f"{base}/indicators")
        totals.update({name: cells(driver, f'tr[data-indicator="{name}"] td.total')
                       for name in ("reports_received", "racist_incidents", "cases_closed", "tp12")})
        return totals["reports_received"] == ["1"] and totals["cases_closed"] == ["1"] and \
            totals["racist_incidents"] == ["1"] and totals["tp12"] == ["100.0% (1 of 1)"]

    try:
        until(driver, counted, "the indicators to count the report, the closure and the survey")
    except AssertionError as exc:
        raise AssertionError(f"{exc}; last seen: {totals}") from None
    check_page(driver, "indicators")
    assert "E1 6" in driver.find_element(By.ID, "hot-spot-table").text
    visit(driver, f"{base}/hot-spots?incidents=racist", "hot-spots")
    assert "E1 6" in driver.find_element(By.CSS_SELECTOR, "svg.tile-map").get_attribute("textContent")

    visit(driver, f"{base}/packs")
    choose(driver, "kind", "quarterly")
    driver.find_element(By.CSS_SELECTOR, "#h-make + form button").click()
    flashed(driver, "is ready", "the quarterly pack")
    check_page(driver, "packs")
    link = driver.find_element(By.CSS_SELECTOR, '#pack-list a[download]')
    cookies = {c["name"]: c["value"] for c in driver.get_cookies()}
    got = requests.get(link.get_attribute("href"), cookies=cookies, timeout=30)
    assert got.status_code == 200 and got.headers["Content-Disposition"].startswith("attachment")
    assert len(got.content) > 100
    sign_out(driver)


def dpo_reads_the_disclosure_log(driver: Any, base: str, case_url: str) -> None:
    sign_in(driver, base, "dpo")
    assert driver.current_url == f"{base}/disclosures"
    log = driver.find_element(By.ID, "disclosure-log").text
    assert "reference-support" in log and "victim.contact" in log and case_url.rsplit("/", 1)[-1] in log
    check_page(driver, "disclosure-log")
    sign_out(driver)


# --- the fakes against the real answers -------------------------------------------------------------
OPEN_KEYS = {"by_stream", "by_partner", "factors", "purposes", "attributes", "sla_raised", "details", "request",
             "original_perception", "closure", "address", "after", "before", "checklist"}


def same_shape(fake: Any, real: Any, path: str) -> list[str]:
    """Where the fake has a key the real answer lacks (dicts), recursively; lists by their first item."""
    if isinstance(fake, dict) and isinstance(real, dict):
        missing = [f"{path}.{k}" for k in fake if k not in real]
        return missing + [p for k in fake if k in real and k not in OPEN_KEYS
                          for p in same_shape(fake[k], real[k], f"{path}.{k}")]
    if isinstance(fake, list) and isinstance(real, list) and fake and real:
        return same_shape(fake[0], real[0], f"{path}[0]")
    return []


def the_fakes_match_what_the_services_answered(system: Any, case_id: str) -> None:
    from portal import fake_records as r

    manager = system.client("manager", user_id="m-1")
    dpo = system.client("data_protection_officer", user_id="dpo-1", team=None)
    case = manager.cases.get_case(case_id)
    [job] = manager.repairs.list_jobs(case_id, state="all")
    [referral] = manager.referrals.list_referrals(case_id)
    period = manager.reporting.get_indicators()["period"]  # all time: label "all"
    answers = {
        "case": (r.CASE, case), "job": (r.JOB, job),
        "job detail": (r.JOB_DETAIL, manager.repairs.get_job(job["job_id"])),
        "contractor": (r.CONTRACTOR, manager.repairs.contractor_directory()[0]),
        "staff": (r.STAFF, manager.cases.list_staff({})),
        "report": (r.REPORT, manager.intake.get_report(case["report_ids"][0])),
        "report page": ({"reports": [r.REPORT_LINE], "next_cursor": None}, manager.intake.list_reports({})),
        "referral": (r.REFERRAL, referral),
        "referral detail": (r.REFERRAL_DETAIL, manager.referrals.get_referral(referral["referral_id"])),
        "partners": ([r.PARTNER], manager.referrals.list_partners()),
        "catalogue": (r.CATALOGUE, manager.referrals.get_sharing_catalogue()),
        "consents": ([r.CONSENT], manager.referrals.get_consent_record(case_id)),
        "board": ({"referrals": [], "by_partner": {}}, manager.referrals.referral_board({})),
        "disclosures": ([r.DISCLOSURE], dpo.referrals.list_disclosures({})),
        "indicators": (r.INDICATORS, manager.reporting.get_indicators(period=None)),
        "hot spots": (r.HOT_SPOTS, manager.reporting.get_hot_spots(period="latest-quarter")),
        "packs": ([r.PACK], manager.reporting.list_packs()),
        "team queue": ({"team": "north", "unallocated": [], "work_items": [], "pending_approvals": []},
                       manager.cases.team_queue({})),
    }
    assert period == "all"
    drift = [p for name, (fake, real) in answers.items() for p in same_shape(fake, real, name)]
    assert drift == [], f"the portal's fake records have keys the services do not send: {drift}"


def test_the_rpc_pool_carries_each_users_token(start_service, amqp_uri, tmp_path):
    """The pooled proxy calls with the caller token it was given for this request, never a previous one."""
    from hcs.errors import Forbidden, NotFound
    from intake.service import IntakeService
    from portal.clients.rpc import RpcPool, make_call

    start_service(IntakeService, amqp_uri, f"sqlite:///{tmp_path}/intake.db")
    pool = RpcPool(amqp_uri, 15, size=1)  # one proxy, reused by both callers
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
    with RpcClient(amqp_uri, None) as anonymous, pytest.raises(Exception, match="token"):
        anonymous.intake.get_report("x")
