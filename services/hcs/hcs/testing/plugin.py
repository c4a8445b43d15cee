"""pytest plugin for every test suite in the repository (loaded with ``-p hcs.testing.plugin``).

Monkey-patches eventlet before anything else is imported, gives each test run its own RabbitMQ
virtual host and its own PostgreSQL databases, and builds settings for containers under test.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest

TEST_SECRET = "test-secret-" + "x" * 40
TEST_DATA_KEY = "dGVzdC1kYXRhLWtleS0zMi1ieXRlcy1sb25nLTAwMDE="  # 32 bytes, base64
TEST_ENCRYPTION = {"active": "test1", "keys": {"test1": TEST_DATA_KEY}}
PG_ADMIN_URL = os.environ.get("HCS_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
AMQP_BASE = os.environ.get("HCS_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672")


def pytest_load_initial_conftests(early_config: Any, parser: Any, args: Any) -> None:
    import eventlet

    # hypothesis loads every package's "hypothesis" entry point when first imported; trio's (trio comes
    # with selenium, for the portal's browser tests) cannot be imported once eventlet has patched socket
    os.environ.setdefault("HYPOTHESIS_NO_PLUGINS", "1")
    eventlet.monkey_patch()


def examples(ci: int, long: int) -> int:
    """How many examples a property test runs: a CI-sized number, or with ``HCS_LONG_PROOFS=1`` a
    long run's."""
    return long if os.environ.get("HCS_LONG_PROOFS") == "1" else ci


def exploring() -> bool:
    """Whether fuzzers draw fresh examples (a long run, ``HCS_LONG_PROOFS=1``) or the same ones each
    time (CI: a submission is judged on what it changed, not on a new draw's luck)."""
    return os.environ.get("HCS_LONG_PROOFS") == "1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def rabbitmqctl(*args: str) -> None:
    subprocess.run(["rabbitmqctl", "-q", *args], check=True, capture_output=True, timeout=60)


@pytest.fixture(scope="module")
def amqp_uri() -> Iterator[str]:
    """A fresh virtual host for each test module, removed afterwards: queues declared by one
    module's services never catch another module's events."""
    if shutil.which("rabbitmqctl") is None:
        pytest.skip("rabbitmqctl is not installed")
    vhost = f"hcs-test-{uuid.uuid4().hex[:8]}"
    rabbitmqctl("add_vhost", vhost)
    rabbitmqctl("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*")
    yield f"{AMQP_BASE}/{vhost}"
    with contextlib.suppress(Exception):
        rabbitmqctl("delete_vhost", vhost)


@pytest.fixture(scope="session")
def pg_database() -> Iterator[Callable[[str], str]]:
    """``pg_database("cases")`` creates a PostgreSQL database for this run and returns its URL."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    # a fresh connection each time: a proof restarts the server, which kills any pooled one
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with admin.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception:
        pytest.skip("PostgreSQL is not reachable")
    created: list[str] = []
    run = uuid.uuid4().hex[:8]

    def make(name: str) -> str:
        database = f"hcs_test_{run}_{name}_{len(created)}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{database}"'))
        created.append(database)
        return PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{database}"

    yield make
    with admin.connect() as conn:
        for database in created:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
    admin.dispose()


def make_settings(service: str, amqp_uri: str, database_url: str, **overrides: Any) -> Any:
    from hcs.config import parse_settings

    raw: dict[str, Any] = {
        "service": service, "amqp_uri": amqp_uri, "database_url": database_url,
        "http": {"host": "127.0.0.1", "port": free_port()},
        "auth": {"secret": TEST_SECRET, "audience": "hcs", "issuer": "hcs"},
        "encryption": TEST_ENCRYPTION,
        "relay": {"interval_seconds": 0.05, "max_backoff_seconds": 1.0},
        "consumer": {"attempts": 2, "retry_delay_seconds": 0.01},
    }
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(raw.get(key), dict):
            raw[key] = {**raw[key], **value}
        else:
            raw[key] = value
    return parse_settings(raw, {})


def shipped_extra(service: str) -> dict[str, Any]:
    """The ``extra`` section of a service's own config.yaml (teams, patches, triage rules, stock
    figures ...), for tests that run the service as shipped."""
    from pathlib import Path

    from hcs.config import load_settings

    config = Path(__file__).resolve().parents[4] / "services" / service / "config.yaml"
    return dict(load_settings(config, {"HCS_TOKEN_SECRET": TEST_SECRET, "HCS_DATA_KEY": TEST_DATA_KEY}).extra)


def token(role: str, user_id: str = "u-1", streams: tuple[str, ...] = ("general_needs", "care_support"),
          team: str | None = "north", **kwargs: Any) -> str:
    from hcs.auth import issue_token
    from hcs.config import AuthSettings

    auth = AuthSettings(secret=TEST_SECRET, audience="hcs", issuer="hcs", token_minutes=15)
    return issue_token(auth, user_id, role, team=team, streams=streams, **kwargs)


def wait_for(predicate: Callable[[], Any], timeout: float = 20.0, interval: float = 0.05,
             message: str = "condition") -> Any:
    """Poll ``predicate`` until it returns something truthy; fail the test on timeout."""
    import time

    import eventlet

    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {message}")
        eventlet.sleep(interval)


class RpcClient:
    """A standalone RPC proxy carrying a caller token, always with a timeout."""

    def __init__(self, amqp_uri: str, token: str | None, timeout: float = 15.0) -> None:
        from nameko.standalone.rpc import ClusterRpcProxy

        from hcs.auth import TOKEN_KEY

        context = {TOKEN_KEY: token} if token else {}
        self._proxy = ClusterRpcProxy({"AMQP_URI": amqp_uri}, context_data=context, timeout=timeout)

    def __enter__(self) -> Any:
        return self._proxy.start()

    def __exit__(self, *exc: object) -> None:
        self._proxy.stop()


def pytest_addoption(parser: Any) -> None:
    parser.addoption("--blocking-detection", action="store_true", default=False,
                     help="fail when a greenlet blocks the eventlet hub for more than a second")


def pytest_configure(config: Any) -> None:
    from pathlib import Path

    from hcs.crypto import Keyring, use_keyring
    from hcs.testing import logscan

    logscan.start(Path(config.rootpath) / "test-artifacts" / "logs")

    # repositories under test open stores directly, without a container to set the keyring
    use_keyring(Keyring.from_config(TEST_ENCRYPTION["active"], TEST_ENCRYPTION["keys"]))  # type: ignore[arg-type]
    if config.getoption("blocking_detection", default=False):
        from eventlet import debug

        debug.hub_blocking_detection(True, resolution=1.0)


_scan: dict[str, Any] = {}


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session: Any, exitstatus: int) -> None:
    """The log and header scan (hcs.testing.logscan): any personal data found fails the run."""
    from hcs.testing import logscan

    collector = logscan.current()
    if collector is None:
        return
    _scan["findings"] = findings = collector.finish()
    if findings.hits and session.exitstatus == 0:
        session.exitstatus = 1


def pytest_terminal_summary(terminalreporter: Any) -> None:
    findings = _scan.get("findings")
    if findings is None:
        return
    terminalreporter.write_line(findings.summary(), red=bool(findings.hits), bold=bool(findings.hits))
    for hit in findings.hits[:20]:
        terminalreporter.write_line(f"  {hit}", red=True)


@pytest.fixture
def container_factory() -> Iterator[Callable[[Any, dict[str, Any]], Any]]:
    """Containers made here are killed when the test ends (their consumers stop at once)."""
    from nameko.containers import ServiceContainer

    made: list[Any] = []

    def make(service_cls: Any, config: dict[str, Any]) -> Any:
        container = ServiceContainer(service_cls, config)
        made.append(container)
        return container

    yield make
    import eventlet

    def kill(container: Any) -> None:
        with contextlib.suppress(Exception):
            container.kill()

    # all at once: each waits up to a second for its consumers' last poll of the broker
    list(eventlet.GreenPool().imap(kill, made))


@pytest.fixture
def start_service(container_factory: Any) -> Callable[..., Any]:
    """Migrate a fresh database for ``service_cls`` and start its container; returns the container.
    Its settings are on ``container.config["HCS"]``."""
    from hcs.migrations import upgrade

    def start(service_cls: Any, amqp_uri: str, database_url: str, **overrides: Any) -> Any:
        settings = make_settings(service_cls.name, amqp_uri, database_url, **overrides)
        upgrade(service_cls.name, database_url)
        container = container_factory(service_cls, settings.nameko_config())
        container.start()
        return container

    return start


class ProbeQueue:
    """A queue bound to a service's event exchange, standing in for a consumer in tests."""

    def __init__(self, amqp_uri: str, source: str, event_type: str) -> None:
        from kombu import Connection, Exchange, Queue

        self.connection = Connection(amqp_uri)
        exchange = Exchange(f"{source}.events", type="topic", durable=True)
        self.queue = Queue(f"probe-{source}-{event_type}-{uuid.uuid4().hex[:6]}", exchange,
                           routing_key=event_type, exclusive=True)
        self.queue(self.connection.channel()).declare()

    def messages(self) -> list[Any]:
        bound = self.queue(self.connection.channel())
        out = []
        while (message := bound.get(no_ack=True)) is not None:
            out.append(message.decode())
        return out

    def close(self) -> None:
        self.connection.release()


def publish_event(amqp_uri: str, event_type: str, aggregate_id: str, data: dict[str, Any],
                  event: Any = None) -> Any:
    """Publish one event (validated against its contract) as its source service would; returns it.
    Pass ``event`` to publish an existing one again (a duplicate delivery)."""
    from datetime import UTC, datetime

    from nameko.amqp.publish import Publisher
    from nameko.standalone.events import get_event_exchange

    from hcs.contracts import source_of
    from hcs.events import new_event

    event = event or new_event(event_type, aggregate_id, data, datetime.now(UTC))
    exchange = get_event_exchange(source_of(event.event_type), {})
    Publisher(amqp_uri, mandatory=True, declare=[exchange]).publish(
        event.to_envelope(), exchange=exchange, routing_key=event.event_type)
    return event


def publish_raw(amqp_uri: str, source: str, routing_key: str, body: Any) -> None:
    """Publish any JSON body (for invalid-event tests)."""
    from nameko.amqp.publish import Publisher
    from nameko.standalone.events import get_event_exchange

    exchange = get_event_exchange(source, {})
    Publisher(amqp_uri, mandatory=True, declare=[exchange]).publish(
        body, exchange=exchange, routing_key=routing_key)
