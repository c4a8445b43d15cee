"""Calling the services: a pool of nameko standalone RPC proxies, each used by one request at a time,
every call with a timeout, and the caller token of the signed-in user in the context data.

A standalone proxy must never serve two greenlets at once, and making one per request costs a new
AMQP connection and reply queue. So proxies are pooled: a request takes one, sets its context (the
caller token and a correlation id; nameko reads the context dict at each call) and gives it back. A
proxy that timed out or lost its connection is closed, not reused: a late reply must never reach
the next user of the proxy.
"""

from __future__ import annotations

import contextlib
import logging
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import eventlet
from eventlet.queue import Empty, LightQueue
from eventlet.semaphore import Semaphore
from nameko.exceptions import (
    IncorrectSignature,
    MethodNotFound,
    RemoteError,
    RpcTimeout,
    UnknownService,
)
from nameko.standalone.rpc import ClusterRpcProxy

from hcs.errors import HcsError

log = logging.getLogger(__name__)
BROKEN = (RpcTimeout, ConnectionError, OSError, socket.timeout, eventlet.Timeout)


class ServiceUnavailable(Exception):
    """A service did not answer, or does not offer what the page asked for. Safe to show."""

    def __init__(self, service: str, reason: str) -> None:
        super().__init__(f"{service}: {reason}")
        self.service, self.reason = service, reason


@dataclass
class _Entry:
    proxy: ClusterRpcProxy
    cluster: Any
    context: dict[str, Any] = field(default_factory=dict)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.proxy.stop()


class RpcPool:
    def __init__(self, amqp_uri: str, timeout: float, size: int = 8) -> None:
        self.amqp_uri, self.timeout, self.size = amqp_uri, timeout, size
        self._idle: LightQueue = LightQueue()
        self._slots = Semaphore(size)

    def _make(self) -> _Entry:
        context: dict[str, Any] = {}
        proxy = ClusterRpcProxy({"AMQP_URI": self.amqp_uri, "serializer": "json"}, context_data=context,
                                timeout=self.timeout)
        return _Entry(proxy, proxy.start(), context)

    @contextlib.contextmanager
    def cluster(self, context: dict[str, Any]) -> Iterator[Any]:
        """A started cluster proxy carrying ``context`` for the duration of the block."""
        if not self._slots.acquire(timeout=self.timeout):
            raise ServiceUnavailable("portal", "every connection to the services is busy")
        entry: _Entry | None = None
        try:
            try:
                entry = self._idle.get_nowait()
            except Empty:
                entry = self._make()
            entry.context.clear()
            entry.context.update(context)
            yield entry.cluster
        except BROKEN:
            if entry is not None:
                entry.close()
                entry = None
            raise
        finally:
            if entry is not None:
                entry.context.clear()
                self._idle.put(entry)
            self._slots.release()

    def close(self) -> None:
        while True:
            try:
                self._idle.get_nowait().close()
            except Empty:
                return


Call = Callable[..., Any]


def make_call(pool: RpcPool, context: Callable[[], dict[str, Any]]) -> Call:
    """``call("cases", "get_case", case_id)``: typed service errors (``hcs.errors``) come back as
    themselves; a timeout, a missing service or method, or any other remote failure becomes
    ``ServiceUnavailable`` (logged by kind only, never with values)."""

    def call(service: str, method: str, *args: Any, **kwargs: Any) -> Any:
        try:
            with pool.cluster(context()) as cluster:
                return getattr(getattr(cluster, service), method)(*args, **kwargs)
        except HcsError:
            raise
        except RpcTimeout:
            log.warning("%s.%s did not answer within %.1f s", service, method, pool.timeout)
            raise ServiceUnavailable(service, "did not answer in time") from None
        except UnknownService:
            raise ServiceUnavailable(service, "is not running") from None
        except (MethodNotFound, IncorrectSignature):
            log.warning("%s does not offer %s as the portal calls it", service, method)
            raise ServiceUnavailable(service, "does not offer this yet") from None
        except RemoteError as exc:
            log.error("%s.%s failed: %s", service, method, exc.exc_type)
            raise ServiceUnavailable(service, "could not do this") from None
        except BROKEN as exc:
            log.warning("%s.%s: connection problem (%s)", service, method, type(exc).__name__)
            raise ServiceUnavailable(service, "could not be reached") from None

    return call
