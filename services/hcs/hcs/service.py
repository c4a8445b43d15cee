"""What every service class inherits: its database, caller identity, metrics, the outbox relay,
``/health`` and ``/metrics``, and the operator's parked-message RPCs.

A service declares ``name``, its own ``db = Database(ItsUnitOfWork)`` and its entrypoints.
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any

from kombu import Connection
from kombu.exceptions import OperationalError as KombuOperationalError
from nameko.amqp.publish import Publisher
from nameko.dependency_providers import Config
from nameko.events import EventHandler
from nameko.extensions import DependencyProvider
from nameko.standalone.events import get_event_exchange
from nameko.timer import Timer
from sqlalchemy import select, update
from werkzeug.wrappers import Response

from hcs import metrics, tables
from hcs.audit import AuditEntry
from hcs.auth import ADMINISTRATOR, Caller, Identity, require_role, rpc
from hcs.config import Settings
from hcs.db import Database, WorkerDatabase
from hcs.errors import Conflict, NotFound, ValidationFailed
from hcs.logs import bind_log_context, clean_correlation_id, correlation_id_of, unbind_log_context
from hcs.messaging import Outcome, parked_rows
from hcs.outbox import BrokerUnavailable, PendingRow, Relay
from hcs.web import http

log = logging.getLogger(__name__)

_BROKER_ERRORS = (OSError, ConnectionError, KombuOperationalError)


class RelayTimer(Timer):
    """A timer whose interval comes from the validated settings (``relay.interval_seconds``)."""

    def setup(self) -> None:
        self.interval = self.container.config["HCS"].relay.interval_seconds
        super().setup()


class OutboxRelay(DependencyProvider):
    """Builds the relay once per container; the timer entrypoint runs one tick per call."""

    relay: Relay

    def start(self) -> None:  # not setup(): the Database provider's store must exist first
        settings: Settings = self.container.config["HCS"]
        exchange = get_event_exchange(self.container.service_name, self.container.config)
        publisher = Publisher(
            settings.amqp_uri, use_confirms=True, mandatory=True, serializer="json",
            declare=[exchange], retry=True,
            retry_policy={"max_retries": 1, "interval_start": 0.2, "interval_step": 0.3,
                          "interval_max": 0.5},
            transport_options={"max_retries": 1, "interval_start": 0.2, "interval_step": 0.3,
                               "interval_max": 0.5, "confirm_publish": True},
        )
        timeout = settings.relay.confirm_timeout_seconds
        service = self.container.service_name

        def publish(row: PendingRow) -> None:
            try:
                publisher.publish(row.envelope, exchange=exchange, routing_key=row.event_type,
                                  timeout=timeout)
            except _BROKER_ERRORS as exc:
                raise BrokerUnavailable(f"broker unavailable: {type(exc).__name__}") from exc
            metrics.EVENTS_PUBLISHED.labels(service, row.event_type).inc()

        store = self._database().store
        assert store is not None
        self.relay = Relay(store, publish, service=service, batch_size=settings.relay.batch_size,
                           max_backoff_seconds=settings.relay.max_backoff_seconds)
        # events leave as soon as their transaction commits; the timer is the safety net
        store.on_outbox_commit = self._wake

    def _wake(self) -> None:
        self.container.spawn_managed_thread(self._tick_quietly, identifier="outbox-relay-wake")

    def _tick_quietly(self) -> None:
        try:
            self.relay.run_once()
        except Exception:  # the timer's next tick retries; nothing is lost
            log.warning("outbox relay wake-up failed; the timer will retry", exc_info=True)

    def stop(self) -> None:
        store = self._database().store
        if store is not None:
            store.on_outbox_commit = None

    def _database(self) -> Database:
        for dependency in self.container.dependencies:
            if isinstance(dependency, Database):
                return dependency
        raise RuntimeError("a service with an outbox needs a Database dependency")

    def get_dependency(self, worker_ctx: Any) -> Relay:
        return self.relay


def broker_reachable(amqp_uri: str, timeout: float = 2.0) -> bool:
    try:
        with Connection(amqp_uri, connect_timeout=timeout) as conn:
            conn.ensure_connection(max_retries=1)
        return True
    except Exception:
        return False


class Correlation(DependencyProvider):
    """``self.correlation_id``: the id that follows a report through every service (``hcs.logs``).
    Every log line a worker writes carries it and the entrypoint's name, and each RPC, event and
    HTTP request ends with one line saying how it went (timers and probes only when they fail)."""

    def __init__(self) -> None:
        self._workers: dict[Any, tuple[Any, float]] = {}

    def get_dependency(self, worker_ctx: Any) -> str:
        return correlation_id_of(worker_ctx)

    def worker_setup(self, worker_ctx: Any) -> None:
        entrypoint = f"{self.container.service_name}.{worker_ctx.entrypoint.method_name}"
        token = bind_log_context(correlation_id_of(worker_ctx), entrypoint)
        self._workers[worker_ctx] = (token, time.perf_counter())

    def worker_result(self, worker_ctx: Any, result: Any = None, exc_info: Any = None) -> None:
        started = self._workers.get(worker_ctx, (None, time.perf_counter()))[1]
        elapsed_ms = (time.perf_counter() - started) * 1000
        outcome = result.value if isinstance(result, Outcome) else "ok"
        if exc_info is not None:
            outcome = type(exc_info[1]).__name__
        routine = isinstance(worker_ctx.entrypoint, Timer) or worker_ctx.entrypoint.method_name in _PROBES
        level = logging.DEBUG if routine and exc_info is None else logging.INFO
        log.log(level, "handled %s%s: %s in %.1f ms", worker_ctx.entrypoint.method_name,
                _event_identifiers(worker_ctx), outcome, elapsed_ms)

    def worker_teardown(self, worker_ctx: Any) -> None:
        token, _ = self._workers.pop(worker_ctx, (None, 0.0))
        if token is not None:
            unbind_log_context(token)


_PROBES = frozenset({"serve_health", "serve_metrics"})


def _event_identifiers(worker_ctx: Any) -> str:
    """`` report_received <event id> of <aggregate id>`` for an event; identifiers only, and only
    when they look like identifiers (an invalid event's fields are not echoed)."""
    args = worker_ctx.args or ()
    if not isinstance(worker_ctx.entrypoint, EventHandler) or not args or not isinstance(args[0], dict):
        return ""
    values = [clean_correlation_id(args[0].get(k)) or "?" for k in ("event_type", "event_id", "aggregate_id")]
    return " {} {} of {}".format(*values)


class ServiceBase:
    """Dependency providers are replaced per worker by what they inject; the annotations say so."""

    name: str
    config: dict[str, Any] = Config()  # type: ignore[assignment]
    db: WorkerDatabase = Database()  # type: ignore[assignment]
    caller: Caller = Identity()  # type: ignore[assignment]
    metrics = metrics.Metrics()
    relay: Relay = OutboxRelay()  # type: ignore[assignment]
    correlation_id: str = Correlation()  # type: ignore[assignment]

    @property
    def settings(self) -> Settings:
        return self.config["HCS"]  # type: ignore[no-any-return]

    @RelayTimer.decorator(interval=1.0)
    def relay_outbox(self) -> None:
        tick = self.relay.run_once()
        metrics.OUTBOX_PENDING.labels(self.name).set(tick.pending)
        metrics.OUTBOX_OLDEST_AGE.labels(self.name).set(tick.oldest_pending_age)
        if tick.failed:
            metrics.PUBLISH_FAILURES.labels(self.name).inc(tick.failed)

    @http("GET", "/metrics")
    def serve_metrics(self, request: Any) -> Response:
        metrics.PARKED_OPEN.labels(self.name).set(len(parked_rows(self.db.store, limit=100_000)))
        body, content_type = metrics.exposition()
        return Response(body, content_type=content_type)

    @http("GET", "/health")
    def serve_health(self, request: Any) -> Response:
        checks = {"database": "ok", "broker": "ok"}
        try:
            self.db.store.ping()
        except Exception as exc:
            checks["database"] = f"unreachable ({type(exc).__name__})"
        if not broker_reachable(self.settings.amqp_uri):
            checks["broker"] = "unreachable"
        healthy = all(v == "ok" for v in checks.values())
        body = json.dumps({"service": self.name, "status": "ok" if healthy else "unhealthy", **checks})
        return Response(body, status=200 if healthy else 503, content_type="application/json")

    def _require_administrator(self, action: str, what: str) -> None:
        """Only an administrator handles parked messages; a refusal is audited before the caller hears no."""
        if self.caller.role != ADMINISTRATOR:
            with self.db.store.unit_of_work() as uow:
                uow.audit.correlation_id = self.correlation_id
                uow.audit.record(AuditEntry(self.caller.user_id, self.caller.role, f"{self.name}.{action}", "refused",
                                            reason=f"role {self.caller.role}"))
                uow.commit()
        require_role(self.caller, {ADMINISTRATOR}, what)

    @rpc
    def list_parked(self) -> list[dict[str, Any]]:
        self._require_administrator("list_parked", "list parked messages")
        return parked_rows(self.db.store)

    @rpc
    def replay_parked(self, parked_id: int) -> dict[str, Any]:
        """Run a parked event through its consumer again; the original row is marked replayed."""
        self._require_administrator("replay_parked", "replay parked messages")
        if isinstance(parked_id, bool) or not isinstance(parked_id, int) or not 0 < parked_id < 2**63:
            raise ValidationFailed("parked_id is invalid", {"parked_id": ["A parked message's number."]})
        p = tables.parked
        with self.db.store.connection() as conn:
            row = conn.execute(select(p).where(p.c.id == parked_id)).first()
        if row is None:
            raise NotFound(f"no parked message {parked_id}")
        if row.status != "parked":
            raise Conflict(f"parked message {parked_id} was already {row.status}")
        method = row.consumer.split(".", 1)[1]
        outcome: Outcome = getattr(self, method)(json.loads(row.payload))
        with self.db.store.connection() as conn:
            conn.execute(update(p).where(p.c.id == parked_id).values(
                status="replayed", resolved_at=self.db.store.clock.now(),
                resolution=f"replayed by {self.caller.user_id}: {outcome.value}"))
        return {"parked_id": parked_id, "outcome": outcome.value}
