"""Topology before traffic: declare every consumer queue of a service before any event flows.

An event published to an exchange with no bound queue is dropped even with confirms. The run
command and the deploy job call ``declare_queues`` for each service; nameko declares the same
queues (same names and arguments) when the service starts, and the relay's ``mandatory=True``
keeps retrying anything published before then.
"""

from __future__ import annotations

from typing import Any

from kombu import Connection
from nameko.containers import ServiceContainer
from nameko.events import EventHandler

from hcs.config import Settings


def consumer_queues(service_cls: Any, settings: Settings) -> list[Any]:
    container = ServiceContainer(service_cls, settings.nameko_config())
    queues = []
    for entrypoint in container.entrypoints:
        if isinstance(entrypoint, EventHandler):
            EventHandler.setup(entrypoint)  # builds entrypoint.queue; registers with an idle consumer
            queues.append(entrypoint.queue)
    return queues


def declare_queues(settings: Settings) -> list[str]:
    from hcs.runner import service_class

    queues = consumer_queues(service_class(settings.service), settings)
    with Connection(settings.amqp_uri, connect_timeout=5) as conn:
        channel = conn.channel()
        for queue in queues:
            queue(channel).declare()
    return [q.name for q in queues]
