"""The production profile on this machine's broker: a virtual host loaded from the same definitions
``hcs-admin broker apply`` loads in production (quorum queues, delivery limit, dead-letter
exchange, one least-privilege user per service), and PostgreSQL databases."""

from __future__ import annotations

import contextlib
import json
import secrets
import shutil
import subprocess
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from hcs import broker
from hcs.testing.plugin import AMQP_BASE, wait_for


@dataclass
class ProductionBroker:
    vhost: str
    prefix: str
    passwords: dict[str, str]

    def uri(self, user: str) -> str:
        """The AMQP URI of one service's own user (or ``operator``)."""
        host = AMQP_BASE.split("@", 1)[1]
        return f"amqp://{self.prefix}{user}:{self.passwords[user]}@{host}/{self.vhost}"

    def observer_uri(self) -> str:
        """The test's own (guest) view of the virtual host, to read queues directly."""
        return f"{AMQP_BASE}/{self.vhost}"

    def queues(self) -> dict[str, dict[str, str]]:
        out = subprocess.run(["rabbitmqctl", "-q", "list_queues", "-p", self.vhost, "name", "type",
                              "consumers", "messages", "policy", "--formatter", "json"],
                             check=True, capture_output=True, text=True, timeout=60).stdout
        return {q["name"]: q for q in json.loads(out)}


def rabbitmqctl(*args: str, stdin: str | None = None) -> None:
    subprocess.run(["rabbitmqctl", "-q", *args], check=True, capture_output=True, timeout=120, input=stdin,
                   text=True)


@pytest.fixture(scope="module")
def production_broker() -> ProductionBroker:
    if shutil.which("rabbitmqctl") is None:
        pytest.fail("rabbitmqctl is not installed: scripts/test installs RabbitMQ")
    run = uuid.uuid4().hex[:8]
    topologies = broker.all_topologies()
    users = [t.name for t in topologies] + [broker.OPERATOR]
    loaded = ProductionBroker(f"hcs-prod-{run}", f"t{run}-", {u: secrets.token_hex(16) for u in users})
    document = broker.definitions(topologies, loaded.vhost, loaded.passwords, user_prefix=loaded.prefix)
    rabbitmqctl("import_definitions", stdin=json.dumps(document))  # as root, read from stdin
    expected = {q["name"] for q in document["queues"]}

    def imported() -> bool:  # the import runs asynchronously in the broker
        try:
            return set(loaded.queues()) == expected
        except subprocess.CalledProcessError:
            return False

    wait_for(imported, timeout=60, interval=0.5, message="the definitions to be imported")
    rabbitmqctl("set_permissions", "-p", loaded.vhost, "guest", ".*", ".*", ".*")
    yield loaded
    with contextlib.suppress(Exception):
        rabbitmqctl("delete_vhost", loaded.vhost)
    for user in users:
        with contextlib.suppress(Exception):
            rabbitmqctl("delete_user", f"{loaded.prefix}{user}")


def report_received(i: int, run: str) -> dict:
    """A report_received payload as intake publishes it (the contract in hcs.contracts.intake);
    each for a different household, so each opens its own case."""
    return {
        "report_id": f"r-{run}-{i:04d}", "stream": "general_needs" if i % 3 else "care_support",
        "channel": "phone", "triage": "hate_incident", "strands": ["race"], "perceived_by": "victim",
        "incident_types": ["verbal_abuse"], "flags": [], "household_key": f"hh-{run}-{i:04d}",
        "received_at": datetime(2026, 11, 20, 21, 30, tzinfo=UTC),
    }
