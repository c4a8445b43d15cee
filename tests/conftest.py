"""The whole system in one test process: five real containers on the real broker, each with its own
database, the reference contractor on a real HTTP port, and clients carrying signed caller tokens."""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from hcs.testing.plugin import RpcClient, shipped_extra, token
from hcs_tools.contractor import ReferenceContractor

CONTRACTOR_SECRET = "whsec_" + base64.b64encode(b"end-to-end-contractor-secret-0001").decode()
SERVICES = ("intake", "cases", "repairs", "referrals", "reporting")


@dataclass
class System:
    amqp_uri: str
    containers: dict[str, Any]
    database_urls: dict[str, str]
    contractor: ReferenceContractor
    clients: list[Any] = field(default_factory=list)

    def client(self, role: str, **claims: Any) -> Any:
        """An RPC proxy for a user of ``role`` (``system.client("senior").cases.get_case(...)``)."""
        client = RpcClient(self.amqp_uri, token(role, **claims))
        self.clients.append(client)
        return client.__enter__()

    def register_staff(self, staff_id: str, role: str = "housing_officer", team: str = "north",
                       patches: tuple[str, ...] = ("E1",)) -> None:
        """Put a member of staff, trained in the policy today, in cases' staff directory (cases go
        only to trained officers of the team that covers the patch)."""
        from datetime import UTC, datetime

        manager = self.client("manager", user_id="directory-manager")
        manager.cases.save_staff({"staff_id": staff_id, "name": staff_id.title(), "role": role, "team": team,
                                  "patches": list(patches), "trained_on": datetime.now(UTC).date().isoformat()})

    def http(self, service: str) -> str:
        return f"http://{self.containers[service].config['HCS'].http.address}"


def service_classes() -> dict[str, Any]:
    from cases.service import CasesService
    from intake.service import IntakeService
    from referrals.service import ReferralsService
    from repairs.service import RepairsService
    from reporting.service import ReportingService

    return {"intake": IntakeService, "cases": CasesService, "repairs": RepairsService,
            "referrals": ReferralsService, "reporting": ReportingService}


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def backend(request: Any) -> Callable[[str], str] | None:
    """Every end-to-end test runs twice: on SQLite files (development) and on PostgreSQL, one database
    per service (production)."""
    if request.param == "sqlite":
        return None
    return request.getfixturevalue("pg_database")  # type: ignore[no-any-return]


def launch_system(start_service: Callable[..., Any], amqp_uri: str, directory: Any,
                  database_url: Callable[[str], str] | None = None, ports: dict[str, int] | None = None,
                  **extras: dict[str, Any]) -> System:
    """The five services (each with its own database: ``database_url(name)``, or a SQLite file in
    ``directory``) and the reference contractor; ``start_service`` starts one container. The caller
    stops the contractor and the clients (``stop_system``)."""
    contractor = ReferenceContractor(CONTRACTOR_SECRET).start()
    urls = {name: (database_url(name) if database_url else f"sqlite:///{directory}/{name}.db")
            for name in SERVICES}
    containers: dict[str, Any] = {}
    # consumers first, so no event waits for its queue; repairs needs the contractor's URL
    for name in ("reporting", "referrals", "repairs", "cases", "intake"):
        extra = shipped_extra(name) | dict(extras.get(name, {}))
        if name == "repairs":
            given = extras.get(name, {})
            if "contractors" not in given:
                extra["contractors"] = {"reference": {
                    "endpoint": contractor.url + "/jobs", "secret": CONTRACTOR_SECRET, "trades": ["general"]}}
            if "dispatch" not in given:
                extra["dispatch"] = {"interval_seconds": 0.05, "timeout_seconds": 2, "max_backoff_seconds": 1,
                                     "batch_size": 20}
        http = {"http": {"port": ports[name]}} if ports and name in ports else {}
        containers[name] = start_service(service_classes()[name], amqp_uri, urls[name], extra=extra, **http)
    contractor.callback_url = f"http://{containers['repairs'].config['HCS'].http.address}/contractor/callbacks"
    return System(amqp_uri, containers, urls, contractor)


def stop_system(system: System) -> None:
    for client in system.clients:
        client.__exit__(None, None, None)
    system.contractor.stop()


@pytest.fixture
def start_system(start_service: Callable[..., Any], amqp_uri: str, tmp_path: Any,
                 backend: Callable[[str], str] | None) -> Iterator[Callable[..., System]]:
    """``start_system()`` starts the five services on the test's backend (SQLite files or one
    PostgreSQL database each); ``ports={"referrals": 8104}`` fixes a service's HTTP port (for a
    callback URL set in its config)."""
    made: list[System] = []

    def start(database_url: Callable[[str], str] | None = None, ports: dict[str, int] | None = None,
              **extras: dict[str, Any]) -> System:
        system = launch_system(start_service, amqp_uri, tmp_path, database_url or backend, ports, **extras)
        made.append(system)
        return system

    yield start
    for system in made:
        stop_system(system)
