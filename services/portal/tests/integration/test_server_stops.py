"""The portal process stops cleanly on SIGTERM (as the run command, Kubernetes and compose stop it):
no new connections, requests in flight get a grace period, and it exits 0 — also when it is idle,
where an eventlet hub with nothing to do would sleep through a stop asked for by a signal handler."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from hcs.testing.plugin import TEST_SECRET, free_port

ROOT = Path(__file__).resolve().parents[4]


def test_sigterm_stops_an_idle_portal_at_once_and_it_exits_0(amqp_uri):
    env = {**os.environ, "HCS_AMQP_URI": amqp_uri, "HCS_TOKEN_SECRET": TEST_SECRET,
           "HCS_PORTAL_PORT": str(free_port()), "HCS_PORTAL_SESSION_SECRET": "s" * 48}
    process = subprocess.Popen([sys.executable, "-m", "portal.server", "--config", "services/portal/config.yaml"],
                               cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stderr is not None
        for line in process.stderr:
            if "staff portal on" in line:
                break
        else:
            raise AssertionError("the portal did not start")
        process.send_signal(signal.SIGTERM)
        asked = time.monotonic()
        assert process.wait(timeout=20) == 0
        assert time.monotonic() - asked < 5
    finally:
        if process.poll() is None:
            process.kill()
