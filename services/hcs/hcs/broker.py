"""RabbitMQ definitions for a production broker, derived from the services' own entrypoints.

Nothing here is written by hand: each service's queues, the exchanges it declares, reads and writes,
and so its user's least-privilege permissions, come from walking the nameko service class (its
``@consumes`` handlers give ``evt-<source>-<event>--<service>.<method>`` queues bound to
``<source>.events``; its ``@rpc`` methods the ``rpc-<service>`` queue on ``nameko-rpc``; its outbox
relay the ``<service>.events`` exchange; an ``RpcProxy`` its ``rpc.reply-<service>-<uuid>`` queues).

- The virtual host's default queue type is ``quorum``: nameko declares its queues without an
  ``x-queue-type`` and gets quorum queues (RabbitMQ 3.10 and later), and re-declarations match.
- A policy gives every service queue a delivery limit and a dead-letter exchange, so a message that
  keeps coming back (a consumer crashing on it, a long database outage) ends in ``hcs.dead-letter``
  for an operator instead of looping for ever. Handler failures never get there: they are parked.
- Every queue and binding is in the definitions, so the topology exists before any traffic.
- ``hcs-operator`` is for RPC clients (``hcs-admin parked``, the command-line client, portals):
  it may only publish RPC requests and read its own reply queues.

``hcs-admin broker definitions`` prints them (``deploy/rabbitmq/definitions.json`` is that output);
``hcs-admin broker apply`` loads them, with each user's password, through the management API.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass, field
from typing import Any

from nameko.containers import ServiceContainer
from nameko.events import EventHandler
from nameko.rpc import Rpc, RpcProxy

RPC_EXCHANGE = "nameko-rpc"
DEAD_LETTER = "hcs.dead-letter"
DELIVERY_LIMIT = 100
OPERATOR = "operator"
USER_PREFIX = "hcs-"
_UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


@dataclass
class ServiceTopology:
    """What one service does on the broker, read from its class."""

    name: str
    consumes: list[tuple[str, str, str]] = field(default_factory=list)  # (source, event type, queue)
    answers_rpc: bool = False
    calls_rpc: bool = False

    @property
    def events_exchange(self) -> str:
        return f"{self.name}.events"

    @property
    def rpc_queue(self) -> str:
        return f"rpc-{self.name}"


def read_topology(service: str, service_cls: Any) -> ServiceTopology:
    container = ServiceContainer(service_cls, {"AMQP_URI": "memory://", "serializer": "json"})
    topology = ServiceTopology(service)
    for entrypoint in container.entrypoints:
        if isinstance(entrypoint, EventHandler):
            EventHandler.setup(entrypoint)  # builds the queue nameko will declare; connects nothing
            topology.consumes.append((entrypoint.source_service, entrypoint.event_type, entrypoint.queue.name))
        elif isinstance(entrypoint, Rpc):
            topology.answers_rpc = True
    topology.calls_rpc = any(isinstance(d, RpcProxy) for d in container.dependencies)
    topology.consumes.sort()
    return topology


def all_topologies() -> list[ServiceTopology]:
    from hcs.runner import SERVICES, service_class

    return [read_topology(name, service_class(name)) for name in SERVICES]


def _escape(name: str) -> str:
    """Names are letters, digits, ``_``, ``-`` and ``.``; only the dot means anything to a regex."""
    return name.replace(".", r"\.")


def _with_patterns(exact: list[str], patterns: list[str]) -> str:
    parts = [_escape(n) for n in sorted(set(exact))] + patterns
    return "^(" + "|".join(parts) + ")$"


def permissions(t: ServiceTopology) -> dict[str, str]:
    """configure: what it declares; write: what it publishes to or binds queues to; read: what it
    consumes or binds from (RabbitMQ's rules for declare, bind, publish and consume)."""
    queues = [q for _, _, q in t.consumes] + ([t.rpc_queue] if t.answers_rpc else [])
    sources = [f"{s}.events" for s, _, _ in t.consumes]
    replies = [rf"rpc\.reply-{_escape(t.name)}-{_UUID}"] if t.calls_rpc else []
    rpc = [RPC_EXCHANGE] if (t.answers_rpc or t.calls_rpc) else []
    return {
        "configure": _with_patterns([*queues, *sources, t.events_exchange, *rpc], replies),
        "write": _with_patterns([*queues, t.events_exchange, *rpc], replies),
        "read": _with_patterns([*queues, *sources, *rpc], replies),
    }


def operator_permissions() -> dict[str, str]:
    reply = rf"rpc\.reply-standalone_rpc_proxy-{_UUID}"
    return {key: _with_patterns([RPC_EXCHANGE], [reply]) for key in ("configure", "write", "read")}


def password_hash(password: str, salt: bytes | None = None) -> str:
    """RabbitMQ's ``rabbit_password_hashing_sha256``: base64(salt + sha256(salt + password))."""
    salt = salt if salt is not None else secrets.token_bytes(4)
    return base64.b64encode(salt + hashlib.sha256(salt + password.encode()).digest()).decode()


def _exchange(name: str, vhost: str, kind: str = "topic") -> dict[str, Any]:
    return {"name": name, "vhost": vhost, "type": kind, "durable": True, "auto_delete": False,
            "internal": False, "arguments": {}}


def _queue(name: str, vhost: str) -> dict[str, Any]:
    return {"name": name, "vhost": vhost, "durable": True, "auto_delete": False,
            "arguments": {"x-queue-type": "quorum"}}


def _binding(source: str, queue: str, key: str, vhost: str) -> dict[str, Any]:
    return {"source": source, "vhost": vhost, "destination": queue, "destination_type": "queue",
            "routing_key": key, "arguments": {}}


def definitions(topologies: list[ServiceTopology], vhost: str = "hcs",
                passwords: dict[str, str] | None = None, user_prefix: str = USER_PREFIX,
                delivery_limit: int = DELIVERY_LIMIT) -> dict[str, Any]:
    """The definitions document. Without ``passwords`` every user has an empty hash (no password
    login): the form kept in the repository for review. Users are ``hcs-<service>`` and
    ``hcs-operator`` (another ``user_prefix`` lets tests share a broker)."""
    passwords = passwords or {}

    def user_name(name: str) -> str:
        return f"{user_prefix}{name}"

    users = [t.name for t in topologies] + [OPERATOR]
    exchanges = {RPC_EXCHANGE: _exchange(RPC_EXCHANGE, vhost),
                 DEAD_LETTER: _exchange(DEAD_LETTER, vhost, "fanout")}
    queues = {DEAD_LETTER: _queue(DEAD_LETTER, vhost)}
    bindings = [_binding(DEAD_LETTER, DEAD_LETTER, "", vhost)]
    for t in topologies:
        exchanges[t.events_exchange] = _exchange(t.events_exchange, vhost)
        if t.answers_rpc:
            queues[t.rpc_queue] = _queue(t.rpc_queue, vhost)
            bindings.append(_binding(RPC_EXCHANGE, t.rpc_queue, f"{t.name}.*", vhost))
        for source, event_type, queue in t.consumes:
            exchanges.setdefault(f"{source}.events", _exchange(f"{source}.events", vhost))
            queues[queue] = _queue(queue, vhost)
            bindings.append(_binding(f"{source}.events", queue, event_type, vhost))
    return {
        "vhosts": [{"name": vhost, "description": "harassment case system", "tags": [],
                    "default_queue_type": "quorum",
                    "metadata": {"description": "harassment case system", "tags": [],
                                 "default_queue_type": "quorum"}}],
        "users": [{"name": user_name(u), "password_hash": password_hash(passwords[u]) if u in passwords else "",
                   "hashing_algorithm": "rabbit_password_hashing_sha256", "tags": [], "limits": {}}
                  for u in users],
        "permissions": [{"user": user_name(t.name), "vhost": vhost, **permissions(t)} for t in topologies]
        + [{"user": user_name(OPERATOR), "vhost": vhost, **operator_permissions()}],
        "policies": [{
            "vhost": vhost, "name": "hcs-service-queues", "pattern": r"^(evt-|rpc-)",
            "apply-to": "queues", "priority": 0,
            "definition": {"delivery-limit": delivery_limit, "dead-letter-exchange": DEAD_LETTER,
                           "dead-letter-strategy": "at-least-once", "overflow": "reject-publish"},
        }],
        "exchanges": sorted(exchanges.values(), key=lambda e: e["name"]),
        "queues": sorted(queues.values(), key=lambda q: q["name"]),
        "bindings": sorted(bindings, key=lambda b: (b["source"], b["destination"])),
    }


def apply(document: dict[str, Any], management_url: str, user: str, password: str,
          timeout: float = 30.0) -> None:
    """Load definitions into a running broker through its management API (merges; deletes nothing)."""
    import requests

    response = requests.post(f"{management_url.rstrip('/')}/api/definitions", json=document,
                             auth=(user, password), timeout=timeout)
    if response.status_code not in (200, 201, 204):
        raise RuntimeError(f"the broker refused the definitions: HTTP {response.status_code}")


def requeue_dead_letters(amqp_uri: str, limit: int = 10_000, timeout: float = 5.0) -> dict[str, int]:
    """Put messages from ``hcs.dead-letter`` back on the queue each one died in (from its
    ``x-death`` header), through the default exchange so no other consumer gets a copy; acknowledge
    each only after the broker confirmed its return. Consumers' inboxes make a repeat harmless.
    Returns how many went back to each queue; a message with no known origin stays put."""
    from kombu import Connection, Producer, Queue

    moved: dict[str, int] = {}
    with Connection(amqp_uri, connect_timeout=timeout, transport_options={"confirm_publish": True}) as conn:
        channel = conn.channel()
        dead = Queue(DEAD_LETTER, no_declare=True)(channel)
        producer = Producer(conn.channel())
        kept = []
        for _ in range(limit):
            message = dead.get(no_ack=False)
            if message is None:
                break
            deaths = (message.headers or {}).get("x-death") or []
            origin = deaths[0].get("queue") if deaths else None
            if not origin:
                kept.append(message)
                continue
            producer.publish(message.body, exchange="", routing_key=origin, headers=_without_death(message.headers),
                             content_type=message.content_type, content_encoding=message.content_encoding,
                             delivery_mode=2, mandatory=True)
            message.ack()
            moved[origin] = moved.get(origin, 0) + 1
        for message in kept:
            message.requeue()
    return moved


def _without_death(headers: dict[str, Any] | None) -> dict[str, Any]:
    return {k: v for k, v in (headers or {}).items() if not k.startswith("x-")}
