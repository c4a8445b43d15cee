"""Starting the cases service against the real broker and a fresh database, with a staff directory."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import create_engine, func, select

from cases.service import CasesService
from hcs.testing.plugin import ProbeQueue, RpcClient, token

STAFF = [
    {"staff_id": "s-north", "name": "Sam Senior", "role": "senior", "team": "north", "trained_on": "2026-03-01"},
    {"staff_id": "o-north", "name": "Olu Officer", "role": "housing_officer", "team": "north", "patches": ["E1"],
     "reports_to": "s-north", "trained_on": "2026-03-01", "sex": "female"},
    {"staff_id": "o-north-2", "name": "Nia Officer", "role": "housing_officer", "team": "north", "patches": ["E2"],
     "reports_to": "s-north", "trained_on": "2026-03-01"},
    {"staff_id": "s-south", "name": "Sol Senior", "role": "senior", "team": "south", "trained_on": "2026-03-01"},
    {"staff_id": "o-south", "name": "Sid Officer", "role": "housing_officer", "team": "south", "patches": ["N1"],
     "reports_to": "s-south", "trained_on": "2026-03-01"},
]
EXTRA = {"allocation": {"default_team": "north", "patches": {"E1": {"team": "north", "postcodes": ["E1"]},
                                                             "N1": {"team": "south", "postcodes": ["N1"]}}},
         "reminders": {"interval_seconds": 0.2}}


def report_data(report_id: str, household: str = "uprn:100", triage: str = "hate_incident", **changes: Any):
    data = {"report_id": report_id, "received_at": datetime.now(UTC), "channel": "phone",
            "stream": "general_needs", "triage": triage, "strands": ["race"] if triage == "hate_incident" else [],
            "flags": [], "incident_types": ["graffiti"],
            "address": {"uprn": household.split(":")[1], "postcode": "E1 6AN", "line": None},
            "household_key": household, "damage": None}
    data.update(changes)
    return data


def count(engine: Any, table: Any, *where: Any) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table).where(*where)).scalar())


def as_role(amqp_uri: str, role: str, user: str, team: str | None = "north",
            streams: tuple[str, ...] = ("general_needs", "care_support")) -> RpcClient:
    return RpcClient(amqp_uri, token(role, user_id=user, team=team, streams=streams))


@pytest.fixture
def cases_events(amqp_uri):
    """Every event cases publishes, as the other services' queues would receive them (an event no
    queue takes is unroutable, and the relay holds it back, with the rest of its case's events)."""
    probe = ProbeQueue(amqp_uri, "cases", "#")
    yield probe
    probe.close()


@pytest.fixture
def start_cases(start_service, amqp_uri, tmp_path, cases_events):
    """Start cases on a fresh database (SQLite file, or the URL given) with the staff directory loaded."""

    def start(url: str | None = None, **extra: Any) -> tuple[Any, Any]:
        url = url or f"sqlite:///{tmp_path}/cases.db"
        container = start_service(CasesService, amqp_uri, url, extra={**EXTRA, **extra})
        with as_role(amqp_uri, "manager", "m-1", team="head-office") as rpc:
            for member in STAFF:
                rpc.cases.save_staff(member)
        return container, create_engine(url)

    return start
