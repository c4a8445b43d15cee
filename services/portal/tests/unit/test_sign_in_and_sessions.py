"""Signing in and out, the session cookie, and the CSRF token on every form."""

from __future__ import annotations

from dataclasses import replace

from portal.accounts import MAX_FAILURES, Throttle, hash_password, verify_password
from portal.identity import StaffIdentity
from portal.sessions import Sessions
from portal.settings import SessionSettings

SECRET = "s" * 40


def cookie_of(browser, name: str = "hcs_session") -> str | None:
    cookie = browser.client.get_cookie(name)
    return cookie.value if cookie is not None else None


def test_a_password_hash_verifies_only_its_own_password():
    stored = hash_password("a long enough password")
    assert stored.startswith("scrypt:16384:8:1$")
    assert verify_password("a long enough password", stored)
    assert not verify_password("a long enough passwork", stored)
    assert not verify_password("anything", "md5$abc$def")


def test_pages_need_sign_in_and_come_back_after_it(browser):
    response = browser.get("/cases/C-1")
    assert response.status_code == 303 and response.headers["Location"] == "/sign-in?next=/cases/C-1"
    browser.get("/sign-in?next=/cases/C-1")
    response = browser.post("/sign-in", {"username": "officer", "password": "correct horse battery staple",
                                         "next": "/cases/C-1"})
    assert response.status_code == 303 and response.headers["Location"] == "/cases/C-1"
    assert browser.get("/cases/C-1").status_code == 200


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(browser):
    browser.get("/sign-in")
    response = browser.post("/sign-in", {"username": "officer", "password": "nope"})
    assert response.status_code == 401
    assert "The account name or password is not right." in response.get_data(as_text=True)
    browser.get("/sign-in")
    unknown = browser.post("/sign-in", {"username": "nobody", "password": "nope"})
    assert unknown.status_code == 401 and "The account name or password is not right." in unknown.get_data(as_text=True)
    assert browser.get("/cases").status_code == 303


def test_sign_in_never_redirects_off_the_site(browser):
    browser.get("/sign-in")
    response = browser.post("/sign-in", {"username": "officer", "password": "correct horse battery staple",
                                         "next": "//evil.example/phish"})
    assert response.headers["Location"] == "/reports/new"


def test_repeated_failures_lock_the_account_name_for_a_while():
    now = [1000.0]
    throttle = Throttle(clock=lambda: now[0])
    for _ in range(MAX_FAILURES):
        throttle.failed("officer")
    assert throttle.blocked("officer") and not throttle.blocked("senior")
    now[0] += 15 * 60 + 1
    assert not throttle.blocked("officer")


def test_signing_in_starts_a_new_session_and_signing_out_revokes_it(browser):
    browser.get("/sign-in")
    anonymous = cookie_of(browser)
    browser.post("/sign-in", {"username": "officer", "password": "correct horse battery staple"})
    signed_in = cookie_of(browser)
    assert signed_in and signed_in != anonymous
    assert browser.get("/cases").status_code == 200
    response = browser.post("/sign-out")
    assert response.status_code == 303 and response.headers["Location"] == "/sign-in"
    assert browser.get("/cases").status_code == 303
    # the old cookie, replayed, is refused
    browser.client.set_cookie("hcs_session", signed_in)
    assert browser.get("/cases").status_code == 303


def test_the_session_cookie_is_http_only_same_site_and_expires(browser):
    browser.get("/sign-in")
    response = browser.post("/sign-in", {"username": "officer", "password": "correct horse battery staple"})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Max-Age=1800" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie  # development over plain HTTP; production sets secure_cookie


def test_a_secure_session_uses_a_host_only_secure_cookie():
    sessions = Sessions(SessionSettings(SECRET, secure_cookie=True))
    assert sessions.cookie_name == "__Host-hcs_session" and sessions.cookie_options()["secure"] is True


def test_a_session_expires_when_idle_and_after_its_absolute_life():
    now = [1_000_000.0]
    sessions = Sessions(SessionSettings(SECRET, idle_minutes=30, absolute_hours=10), clock=lambda: now[0])
    who = StaffIdentity("o-1", "Olu", "housing_officer", "north", ("general_needs",))
    session = sessions.new(who)
    cookie = sessions.dump(session)
    now[0] += 29 * 60
    assert sessions.load(cookie) is not None
    now[0] += 2 * 60
    assert sessions.load(cookie) is None  # idle for 31 minutes
    kept_busy = session
    for _ in range(20):  # active every 29 minutes, still ends after 10 hours
        now[0] += 29 * 60
        kept_busy = replace(kept_busy, seen=int(now[0]))
    assert sessions.load(sessions.dump(kept_busy)) is None


def test_a_forged_or_tampered_session_is_refused():
    sessions = Sessions(SessionSettings(SECRET))
    cookie = sessions.dump(sessions.new(StaffIdentity("o-1", "Olu", "housing_officer")))
    other = Sessions(SessionSettings("t" * 40))
    assert other.load(cookie) is None
    head, body, signature = cookie.split(".")
    assert sessions.load(f"{head}.{body}x.{signature}") is None
    assert sessions.load("not a cookie") is None


def test_every_form_needs_the_session_csrf_token(browser):
    browser.sign_in("officer")
    without = browser.post("/cases/C-1/contacts/new", {"summary": "Called the victim"}, csrf=False)
    assert without.status_code == 400 and "The form has expired" in without.get_data(as_text=True)
    wrong = browser.post("/cases/C-1/contacts/new", {"summary": "Called the victim", "csrf_token": "guess"})
    assert wrong.status_code == 400
    assert browser.post("/cases/C-1/contacts/new", {"summary": "Called the victim", "kind": "phone"}).status_code == 303


def test_a_form_above_the_size_limit_is_413_not_an_expired_form(browser):
    browser.sign_in("officer")
    response = browser.post("/cases/C-1/contacts/new", {"summary": "x" * (1024 * 1024), "kind": "phone"})
    assert response.status_code == 413 and "Too much to send" in response.get_data(as_text=True)
    assert browser.post("/cases/C-1/contacts/new", {"summary": "x" * 1000, "kind": "phone"}).status_code == 303


def test_a_form_from_another_site_is_refused_even_with_a_token(browser):
    browser.sign_in("officer")
    response = browser.post("/cases/C-1/contacts/new", {"summary": "x"}, headers={"Origin": "https://evil.example"})
    assert response.status_code == 400


def test_the_sign_in_form_itself_is_protected(browser):
    browser.get("/sign-in")
    response = browser.post("/sign-in", {"username": "officer", "password": "correct horse battery staple"},
                            csrf=False)
    assert response.status_code == 400


def test_the_caller_token_is_minted_for_the_signed_in_person(browser, fakes):
    browser.sign_in("senior")
    browser.get("/team")
    assert fakes.callers[-1].user_id == "s-north" and fakes.callers[-1].role == "senior"


def test_pages_carry_security_headers_and_are_never_cached(browser):
    browser.sign_in("officer")
    headers = browser.get("/cases/C-1").headers
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["Cache-Control"] == "no-store" and headers["X-Content-Type-Options"] == "nosniff"
