"""The portal process stops cleanly on SIGTERM (as the run command, Kubernetes and compose stop it):
no new connections, requests in flight get a grace period, and it exits 0."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from hcs.testing.plugin import TEST_SECRET, free_port

ROOT = Path(__file__).resolve().parents[4]


def test_sigterm_stops_the_portal_and_it_exits_0(amqp_uri):
    port = free_port()
    env = {**os.environ, "HCS_AMQP_URI": amqp_uri, "HCS_TOKEN_SECRET": TEST_SECRET, "HCS_PORTAL_PORT": str(port),
           "HCS_PORTAL_SESSION_SECRET": "s" * 48}
    process = subprocess.Popen([sys.executable, "-m", "portal.server", "--config", "services/portal/config.yaml"],
                               cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as response:
                    assert response.status == 200
                    break
            except OSError:
                assert process.poll() is None and time.monotonic() < deadline, "the portal did not start"
                time.sleep(0.2)
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0
    finally:
        if process.poll() is None:
            process.kill()
