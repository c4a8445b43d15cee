"""The nameko side of partners' systems and the data sources, made once per container.

``self.partners`` in the service gives ``.settings``, ``.client`` (signed POSTs to partners) and
``.source`` (case data over RPC). When the container starts, partners listed in the config and not
yet registered are registered (with their first agreement).
"""

from __future__ import annotations

import logging
from typing import Any

from nameko.extensions import DependencyProvider
from nameko.timer import Timer
from sqlalchemy.exc import IntegrityError

from hcs.auth import system_caller
from hcs.db import Database
from hcs.service_rpc import ServiceRpc
from referrals.adapters.data_source import RpcCaseDataSource
from referrals.adapters.webhooks import PartnerClient
from referrals.service_layer import registry
from referrals.service_layer.unit_of_work import ReferralsUnitOfWork
from referrals.settings import ReferralsSettings, referrals_settings

log = logging.getLogger(__name__)


class PartnerSystems(DependencyProvider):
    settings: ReferralsSettings
    client: PartnerClient
    source: RpcCaseDataSource

    def setup(self) -> None:
        hcs = self.container.config["HCS"]
        self.settings = referrals_settings(hcs.extra)
        # built here, after eventlet's monkey patch, so requests' sockets are green
        self.client = PartnerClient(self.settings.timeout_seconds)
        self.source = RpcCaseDataSource(ServiceRpc(hcs, timeout=self.settings.data_timeout_seconds))

    def start(self) -> None:  # not setup(): the Database provider's store must exist first
        store = next(d for d in self.container.dependencies if isinstance(d, Database)).store
        assert store is not None
        try:
            added = registry.seed_partners(store.unit_of_work(ReferralsUnitOfWork), self.settings.seeds,
                                           system_caller(self.container.service_name))
        except IntegrityError:  # another replica registered them at the same moment
            return
        if added:
            log.info("registered partners from the config: %s", ", ".join(added))

    def stop(self) -> None:
        self.client.close()

    def kill(self) -> None:
        self.client.close()

    def get_dependency(self, worker_ctx: Any) -> PartnerSystems:
        return self


class DeliveryTimer(Timer):
    """A timer whose interval is ``extra.delivery.interval_seconds``."""

    def setup(self) -> None:
        self.interval = referrals_settings(self.container.config["HCS"].extra).interval_seconds
        super().setup()
