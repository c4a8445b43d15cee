"""The nameko side of contractor systems: their registry and an HTTP client, made once per container."""

from __future__ import annotations

from typing import Any

from nameko.extensions import DependencyProvider
from nameko.timer import Timer

from repairs.adapters.contractors import ContractorClient
from repairs.settings import RepairsSettings, repairs_settings


class ContractorSystems(DependencyProvider):
    """``self.contractors`` in the service: ``.settings`` (registry, dispatch) and ``.client``."""

    settings: RepairsSettings
    client: ContractorClient

    def setup(self) -> None:
        self.settings = repairs_settings(self.container.config["HCS"].extra)
        # built here, after eventlet's monkey patch, so requests' sockets are green
        self.client = ContractorClient(self.settings.dispatch.timeout_seconds)

    def stop(self) -> None:
        self.client.close()

    def kill(self) -> None:
        self.client.close()

    def get_dependency(self, worker_ctx: Any) -> ContractorSystems:
        return self


class DispatchTimer(Timer):
    """A timer whose interval is ``extra.dispatch.interval_seconds``."""

    def setup(self) -> None:
        self.interval = repairs_settings(self.container.config["HCS"].extra).dispatch.interval_seconds
        super().setup()
