"""Time the portal's own work per page (routing, session, templates) with fake service ports, and one
scrypt password check: figures for orientation, printed, never asserted.

    .venv/bin/python bench/portal_pages.py
"""

from __future__ import annotations

import eventlet

eventlet.monkey_patch()  # noqa: E402

import re  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402

from werkzeug.test import Client  # noqa: E402

from portal.accounts import Account, LocalAccounts, hash_password, verify_password  # noqa: E402
from portal.app import Portal  # noqa: E402
from portal.fakes import FakeServices  # noqa: E402
from portal.identity import StaffIdentity  # noqa: E402
from portal.sessions import Sessions  # noqa: E402
from portal.settings import SessionSettings  # noqa: E402

PAGES = ("/cases/C-1", "/reports/new", "/cases", "/indicators", "/repairs")


def main() -> None:
    stored = hash_password("bench password 123")
    started = time.perf_counter()
    verify_password("bench password 123", stored)
    print(f"scrypt check (n=2^14, r=8): {1000 * (time.perf_counter() - started):.1f} ms (run off the hub)")
    who = StaffIdentity("s-1", "Sam", "senior", "north", ("general_needs", "care_support"))
    fakes = FakeServices()
    app = Portal(Sessions(SessionSettings("b" * 40)), LocalAccounts({"senior": Account("senior", stored, who)}),
                 lambda identity, correlation: fakes)
    client = Client(app)
    page = client.get("/sign-in").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    client.post("/sign-in", data={"username": "senior", "password": "bench password 123", "csrf_token": csrf})
    for path in PAGES:
        times = []
        for _ in range(200):
            started = time.perf_counter()
            assert client.get(path).status_code == 200
            times.append(time.perf_counter() - started)
        print(f"{path:<14} p50 {1000 * statistics.median(times):.2f} ms  "
              f"p95 {1000 * sorted(times)[int(len(times) * 0.95)]:.2f} ms  (portal only, fake services)")


if __name__ == "__main__":
    main()
