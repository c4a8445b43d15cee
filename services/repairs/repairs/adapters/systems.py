"""The nameko side of repairs' rules and contractor systems, made once per container: the validated
settings, the rules the handlers use (clock policy with the bank-holiday calendar, registry, text
screen), and an HTTP client for contractors' endpoints."""

from __future__ import annotations

from typing import Any

from nameko.extensions import DependencyProvider
from nameko.timer import Timer

from repairs.adapters.bank_holidays import sla_policy
from repairs.adapters.contractors import ContractorClient
from repairs.domain.screening import DEFAULT_SENSITIVE_TERMS, TextScreen
from repairs.service_layer.context import Rules
from repairs.settings import RepairsSettings, repairs_settings


def build_rules(settings: RepairsSettings) -> Rules:
    return Rules(sla_policy(settings), settings.contractors,
                 TextScreen((*DEFAULT_SENSITIVE_TERMS, *settings.sensitive_terms)), settings.accept_within)


class ContractorSystems(DependencyProvider):
    """``self.repairs`` in the service: ``.settings``, ``.rules`` and ``.client``."""

    settings: RepairsSettings
    rules: Rules
    client: ContractorClient

    def setup(self) -> None:
        self.settings = repairs_settings(self.container.config["HCS"].extra)
        self.rules = build_rules(self.settings)
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


class WatchTimer(Timer):
    """A timer whose interval is ``extra.sla.check_interval_seconds``."""

    def setup(self) -> None:
        self.interval = repairs_settings(self.container.config["HCS"].extra).sla.check_interval_seconds
        super().setup()
