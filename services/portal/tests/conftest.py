"""Fixtures for the portal's tests: the WSGI application with fake service ports (no broker), local
accounts for each role, and a browser-like client that signs in and carries the CSRF token."""

from __future__ import annotations

import re
from typing import Any

import pytest
from werkzeug.test import Client

from hcs.testing.plugin import TEST_SECRET
from portal.accounts import Account, LocalAccounts, hash_password
from portal.identity import StaffIdentity
from portal.sessions import Sessions
from portal.settings import SessionSettings

PASSWORD = "correct horse battery staple"
PEOPLE = {
    "officer": StaffIdentity("o-north", "Olu Officer", "housing_officer", "north", ("general_needs", "care_support")),
    "senior": StaffIdentity("s-north", "Sam Senior", "senior", "north", ("general_needs", "care_support")),
    "manager": StaffIdentity("m-1", "Mo Manager", "manager", "north", ("general_needs", "care_support")),
    "director": StaffIdentity("od-1", "Dee Director", "operations_director", None, ("general_needs", "care_support")),
    "board": StaffIdentity("b-1", "Bo Board", "board_member", None, ("general_needs", "care_support")),
    "dpo": StaffIdentity("dpo-1", "Dana Protection", "data_protection_officer", None,
                         ("general_needs", "care_support")),
}
_HASH = hash_password(PASSWORD)


def accounts() -> LocalAccounts:
    return LocalAccounts({name: Account(name, _HASH, who) for name, who in PEOPLE.items()})


def session_settings(**overrides: Any) -> SessionSettings:
    return SessionSettings(**{"secret": TEST_SECRET + "-session", **overrides})


class Browser:
    """A werkzeug test client that keeps cookies and sends the page's CSRF token with each form."""

    def __init__(self, app: Any) -> None:
        self.client = Client(app)
        self.csrf = ""

    def get(self, path: str, **kwargs: Any) -> Any:
        response = self.client.get(path, **kwargs)
        self._remember(response)
        return response

    def post(self, path: str, data: dict[str, Any] | None = None, csrf: bool = True, **kwargs: Any) -> Any:
        body = dict(data or {})
        if csrf:
            body.setdefault("csrf_token", self.csrf)
        response = self.client.post(path, data=body, **kwargs)
        self._remember(response)
        return response

    def sign_in(self, who: str, password: str = PASSWORD) -> Any:
        self.get("/sign-in")
        return self.post("/sign-in", {"username": who, "password": password})

    def _remember(self, response: Any) -> None:
        found = re.search(r'name="csrf_token" value="([^"]+)"', response.get_data(as_text=True))
        if found:
            self.csrf = found.group(1)


@pytest.fixture
def fakes() -> Any:
    from portal.fakes import FakeServices

    return FakeServices()


@pytest.fixture
def portal_app(fakes: Any) -> Any:
    from portal.app import Portal

    made: list[tuple[StaffIdentity, str]] = []

    def services(identity: StaffIdentity, correlation_id: str) -> Any:
        made.append((identity, correlation_id))
        fakes.callers.append(identity)
        return fakes

    return Portal(Sessions(session_settings()), accounts(), services)


@pytest.fixture
def browser(portal_app: Any) -> Browser:
    return Browser(portal_app)


@pytest.fixture
def browser_over() -> Any:
    """``browser_over(services)``: a browser on a portal whose every request gets ``services``."""
    from portal.app import Portal

    def make(services: Any) -> Browser:
        return Browser(Portal(Sessions(session_settings()), accounts(), lambda identity, correlation: services))

    return make
