"""One running intake service per test module (real RabbitMQ vhost, a SQLite file), shared by its
tests: each test uses its own idempotency keys and reads only what it wrote."""

from __future__ import annotations

import contextlib
import hashlib
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, func, select

from hcs.migrations import upgrade
from hcs.testing.plugin import make_settings
from intake.service import IntakeService

CENTRE_KEY = "centre-key-" + uuid.uuid4().hex
PARTNER_KEY = "partner-key-" + uuid.uuid4().hex
MARKER = "Zq7-PERSONAL-"


@dataclass
class RunningIntake:
    container: Any
    engine: Engine
    amqp_uri: str

    @property
    def base_url(self) -> str:
        return f"http://{self.container.config['HCS'].http.address}"

    def count(self, table: Any, *where: Any) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(table).where(*where)).scalar())

    def rows(self, query: Any) -> list[Any]:
        with self.engine.connect() as conn:
            return list(conn.execute(query))


@pytest.fixture(scope="module")
def intake(amqp_uri, tmp_path_factory):
    from nameko.containers import ServiceContainer

    url = f"sqlite:///{tmp_path_factory.mktemp('intake')}/intake.db"
    settings = make_settings("intake", amqp_uri, url, extra={"centres": {
        "east-centre": hashlib.sha256(CENTRE_KEY.encode()).hexdigest(),
        "police-hub": {"key_sha256": hashlib.sha256(PARTNER_KEY.encode()).hexdigest(), "channel": "partner_agency"},
    }})
    upgrade("intake", url)
    container = ServiceContainer(IntakeService, settings.nameko_config())
    container.start()
    engine = create_engine(url)
    yield RunningIntake(container, engine, amqp_uri)
    with contextlib.suppress(Exception):
        container.kill()
    engine.dispose()


def new_key(prefix: str = "key") -> str:
    return f"{prefix}-{uuid.uuid4().hex}"


def sample_report(key: str | None = None, **changes: Any) -> dict[str, Any]:
    """A full report as a staff portal sends it (JSON)."""
    occurred = (datetime.now(UTC) - timedelta(hours=10)).isoformat()
    report: dict[str, Any] = {
        "idempotency_key": key or new_key(), "channel": "phone", "stream": "general_needs",
        "reporter": {"role": "victim", "name": "A Tenant", "contact": "07700 900123"},
        "victims": [{"name": "A Tenant", "contact": "07700 900123",
                     "safe_contact": {"times": "weekdays after 6pm", "method": "phone"},
                     "address": {"uprn": str(uuid.uuid4().int % 10**11), "postcode": "E1 6AN",
                                 "line": "Flat 2, 10 Example Street"},
                     "vulnerabilities": ["hearing impairment"], "language": "Polish", "interpreter_needed": True}],
        "household": {"tenant": True, "size": 3, "children": True},
        "incident": {"occurred_at": occurred, "location_type": "home", "place": "front door",
                     "narrative": "Racist graffiti was sprayed on my door and I was threatened.",
                     "types": ["graffiti", "threats_of_violence"]},
        "perception": {"strands": ["race"], "perceived_by": "victim"},
        "perpetrators": [{"known": True, "name": "N Neighbour", "description": "man from number 12", "is_tenant": True,
                          "address": {"uprn": "100023336957"}}],
        "witnesses": [{"name": "W Itness", "account": "I saw him spray it."}],
        "police": {"informed": True, "crime_reference": "CAD 1234/20NOV"},
        "previous_incidents": {"count": 2, "details": "shouting last month"},
        "damage": {"description": "offensive graffiti", "location": "front door"},
        "officer_offer": {"offered": True, "answer": "same_ethnic_origin"},
        "contact_consent": True,
    }
    report.update(changes)
    return report


PERSONAL = ("A Tenant", "07700", "weekdays", "hearing", "Polish", "Racist graffiti was sprayed", "N Neighbour",
            "number 12", "100023336957", "W Itness", "CAD 1234", "shouting last month")
