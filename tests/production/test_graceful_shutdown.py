"""Issue 9: graceful shutdown and restart of a service process (``python -m hcs.runner``, what every
container runs), and start-up problems reported in one line.

SIGTERM (what Kubernetes and compose send) while a request is in flight: the worker finishes and
its reply goes out, the process exits 0, every log line is JSON. A request sent while the service
is down waits in its queue and is answered after the restart."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import textwrap
import time

import eventlet
import pytest
import requests

from hcs.migrations import upgrade
from hcs.testing.plugin import TEST_ENCRYPTION, TEST_SECRET, RpcClient, free_port, token, wait_for

SLOW_SERVICE = textwrap.dedent("""
    import warnings
    warnings.filterwarnings("ignore", message=r"\\s*Eventlet is deprecated")
    import eventlet
    eventlet.monkey_patch()
    import pathlib, sys
    from hcs.auth import rpc
    from hcs.config import load_settings
    from hcs.runner import serve
    from intake.service import IntakeService

    class SlowIntake(IntakeService):
        @rpc
        def slow_echo(self, seconds, marker):
            pathlib.Path(marker).write_text("started")
            eventlet.sleep(seconds)
            return "finished"

    sys.exit(serve(load_settings(sys.argv[1]), SlowIntake))
""")


def write_config(tmp_path, amqp_uri: str, port: int) -> str:
    config = tmp_path / "intake.yaml"
    config.write_text(json.dumps({  # JSON is YAML
        "service": "intake", "amqp_uri": amqp_uri, "database_url": f"sqlite:///{tmp_path}/intake.db",
        "http": {"host": "127.0.0.1", "port": port}, "auth": {"secret": TEST_SECRET},
        "encryption": TEST_ENCRYPTION,
        "relay": {"interval_seconds": 0.2},
    }))
    upgrade("intake", f"sqlite:///{tmp_path}/intake.db")
    return str(config)


def start(config: str, port: int, log) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "-c", SLOW_SERVICE, config], stderr=log, stdout=log)

    def healthy() -> bool:
        assert process.poll() is None, "the service exited at start"
        try:
            return requests.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200
        except requests.RequestException:
            return False

    wait_for(healthy, timeout=60, interval=0.2, message="the service to be healthy")
    return process


@pytest.mark.broker
def test_sigterm_lets_the_in_flight_request_finish_and_a_restart_answers_what_waited(amqp_uri, tmp_path):
    port = free_port()
    config = write_config(tmp_path, amqp_uri, port)
    marker = tmp_path / "started"
    log_path = tmp_path / "service.log"
    with log_path.open("wb") as log:
        process = start(config, port, log)
        with RpcClient(amqp_uri, token("housing_officer"), timeout=60) as rpc:
            in_flight = rpc.intake.slow_echo.call_async(2, str(marker))
            wait_for(marker.exists, message="the slow request to start")
            process.send_signal(signal.SIGTERM)
            assert in_flight.result() == "finished"  # the worker finished after SIGTERM
            assert process.wait(timeout=30) == 0

            waiting = rpc.intake.slow_echo.call_async(0, str(tmp_path / "second"))
            eventlet.sleep(0.5)
            assert not (tmp_path / "second").exists()  # nobody consumed it while the service was down
            restarted = start(config, port, log)
            assert waiting.result() == "finished"
        restarted.send_signal(signal.SIGTERM)
        assert restarted.wait(timeout=30) == 0
    lines = [json.loads(line) for line in log_path.read_text().splitlines() if line.strip()]
    messages = [line["message"] for line in lines]
    assert any("stopping on signal 15" in m for m in messages) and messages.count("intake stopped") == 2
    assert all(line["service"] == "intake" for line in lines)


def test_an_unreachable_broker_stops_the_start_with_one_line(tmp_path):
    config = write_config(tmp_path, "amqp://guest:secret-password@127.0.0.1:1/", free_port())
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "hcs.runner", "intake", "--config", config],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 3 and time.monotonic() - started < 30
    assert result.stderr.strip().splitlines()[-1] == (
        "start-up error: intake: cannot reach RabbitMQ at amqp://guest:***@127.0.0.1:1/")
    assert "secret-password" not in result.stderr
