"""The staff portal served in-process beside the five services, and Debian's headless chromium
driven by selenium, for the browser tests."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from hcs.testing.plugin import TEST_SECRET, free_port

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"


@dataclass
class PortalServer:
    url: str
    stop: Callable[[], None]


def serve_portal(amqp_uri: str) -> PortalServer:
    """The portal with the demo accounts, served in this process as ``hcs-portal`` serves it, on a
    free port."""
    import eventlet
    import eventlet.wsgi

    from portal.server import build, with_health
    from portal.settings import parse_settings

    port = free_port()
    settings = parse_settings({
        "amqp_uri": amqp_uri, "http": {"host": "127.0.0.1", "port": port},
        "auth": {"secret": TEST_SECRET, "audience": "hcs", "issuer": "hcs"},
        "session": {"secret": TEST_SECRET + "-portal-session"},
        "sign_in": {"mode": "local", "accounts_file": str(ROOT / "services/portal/demo-accounts.yaml")},
        "rpc": {"timeout_seconds": 15, "pool_size": 4}}, {})
    app, pool = build(settings)
    sock = eventlet.listen(("127.0.0.1", port))
    thread = eventlet.spawn(eventlet.wsgi.server, sock, with_health(app, amqp_uri), log_output=False)

    def stop() -> None:
        thread.kill()
        pool.close()
        sock.close()

    return PortalServer(f"http://127.0.0.1:{port}", stop)


@pytest.fixture
def start_portal() -> Iterator[Callable[[str], PortalServer]]:
    """``start_portal(amqp_uri)``: the portal with the demo accounts, on a free port."""
    started: list[PortalServer] = []

    def start(amqp_uri: str) -> PortalServer:
        server = serve_portal(amqp_uri)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


TABLET = (820, 1180)  # a tablet in portrait: every page must work without sideways scrolling


@pytest.fixture(scope="module")
def chrome() -> Iterator[Any]:
    """Headless chromium (Debian's, with its chromedriver), a fresh profile, tablet-sized; one browser
    for the module (starting chromium costs seconds), its cookies cleared by each test."""
    if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
        pytest.skip("Debian's chromium and chromium-driver are not installed (scripts/test installs them)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="hcs-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--no-first-run",
                     "--disable-dev-shm-usage", f"--user-data-dir={profile}",
                     f"--window-size={TABLET[0]},{TABLET[1]}"):
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        with contextlib.suppress(Exception):
            driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
