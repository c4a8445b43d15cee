"""Cases' own dependency providers: its validated settings, the reminder timer's interval, and the
sink that keeps an event nobody subscribes to from holding back the case's later events."""

from __future__ import annotations

from typing import Any

from kombu import Connection, Queue
from nameko.extensions import DependencyProvider
from nameko.standalone.events import get_event_exchange
from nameko.timer import Timer

from cases.settings import CasesSettings, cases_settings


class CasesConfig(DependencyProvider):
    """``self.cases_config``: cases' settings, built and validated once when the container starts."""

    settings: CasesSettings

    def setup(self) -> None:
        self.settings = cases_settings(self.container.config["HCS"].extra)

    def get_dependency(self, worker_ctx: Any) -> CasesSettings:
        return self.settings


class ReminderTimer(Timer):
    """A timer whose interval comes from ``extra.reminders.interval_seconds``."""

    def setup(self) -> None:
        self.interval = cases_settings(self.container.config["HCS"].extra).reminder_interval_seconds
        super().setup()


SINK_QUEUE = "cases.events.sink"


class EventSink(DependencyProvider):
    """Declares ``cases.events.sink``: bound to every cases event, holding none (``x-max-length`` 0).

    The relay publishes with ``mandatory=True`` and holds back a case's later events while an earlier
    one is unroutable. The catalogue's case events are published for whichever service subscribes; an
    event type no service subscribes to yet (``contact_recorded``, say) must not hold back the same
    case's ``repair_requested``. Subscribers' own queues, declared before traffic by the topology step
    and by nameko at start, still receive every event. ``extra.events.sink: false`` switches this off.
    """

    def setup(self) -> None:  # before any extension starts, so before the relay's first tick
        if not cases_settings(self.container.config["HCS"].extra).event_sink:
            return
        exchange = get_event_exchange(self.container.service_name, self.container.config)
        queue = Queue(SINK_QUEUE, exchange, routing_key="#", durable=True, queue_arguments={"x-max-length": 0})
        with Connection(self.container.config["AMQP_URI"], connect_timeout=5) as conn:
            queue(conn.channel()).declare()

    def get_dependency(self, worker_ctx: Any) -> None:
        return None
