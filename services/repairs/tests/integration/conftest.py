"""Starting the repairs service against the real broker, a SQLite file and reference contractors."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime
from typing import Any

import pytest
import requests
from sqlalchemy import create_engine, func, select

from hcs_tools.contractor import ReferenceContractor
from repairs.adapters.contractors import signed_headers
from repairs.service import RepairsService

SECRET = "whsec_" + base64.b64encode(b"integration-test-contractor-secret").decode()
OTHER_SECRET = "whsec_" + base64.b64encode(b"integration-test-other-contractor").decode()


def repair_request(request_id: str, case_id: str = "case-1", **changes: Any) -> dict[str, Any]:
    request = {"request_id": request_id, "case_id": case_id, "stream": "general_needs",
               "reported_at": datetime.now(UTC),
               "address": {"uprn": "100023336956", "postcode": "E1 6AN", "line": "1 High Street"},
               "description": "offensive graffiti", "location": "front door"}
    request.update(changes)
    return request


def count(engine: Any, table: Any, *where: Any) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table).where(*where)).scalar())


def rows(engine: Any, query: Any) -> list[Any]:
    with engine.connect() as conn:
        return list(conn.execute(query))


def post_callback(base_url: str, contractor: str, secret: str, webhook_id: str, body: dict[str, Any]) -> Any:
    text = json.dumps(body, default=str)
    return requests.post(f"{base_url}/contractor/{contractor}/callbacks", data=text,
                         headers=signed_headers(secret, webhook_id, text), timeout=10)


@pytest.fixture
def contractor_factory():
    made: list[ReferenceContractor] = []

    def make(secret: str = SECRET, **kwargs: Any) -> ReferenceContractor:
        contractor = ReferenceContractor(secret, **kwargs).start()
        made.append(contractor)
        return contractor

    yield make
    for contractor in made:
        contractor.stop()


@pytest.fixture
def start_repairs(start_service, amqp_uri, tmp_path):
    """Start repairs with a registry; returns (container, engine, base URL of its HTTP)."""

    def start(endpoint: str | None = None, contractors: dict[str, Any] | None = None,
              **extra: Any) -> tuple[Any, Any, str]:
        url = f"sqlite:///{tmp_path}/repairs.db"
        registry = contractors or {"reference": {"endpoint": endpoint, "secret": SECRET}}
        container = start_service(RepairsService, amqp_uri, url, extra={
            "dispatch": {"interval_seconds": 0.05, "timeout_seconds": 2, "max_backoff_seconds": 1},
            "sla": {"check_interval_seconds": 0.1}, "contractors": registry, **extra,
        })
        return container, create_engine(url), f"http://127.0.0.1:{container.config['HCS'].http.port}"

    return start
