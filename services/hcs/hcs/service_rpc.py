"""Calling another service's RPC as this service, never without a timeout.

nameko forwards the *caller's* context data on nested calls, and a timer or an event handler has no
caller at all. A service that needs another service's data for its own work (referrals fetching
the fields it may share) calls as itself instead: a fresh short-lived SERVICE token
(``hcs.auth.issue_service_token``) in the context data, and a timeout on every call (nameko's proxies
wait forever by default).

A proxy is made per call: these calls are rare (one per delivery), and a per-call proxy is safe to
use from any greenlet.
"""

from __future__ import annotations

from typing import Any

from nameko.exceptions import RpcTimeout, UnknownService
from nameko.standalone.rpc import ClusterRpcProxy

from hcs.auth import TOKEN_KEY, issue_service_token
from hcs.config import Settings


class ServiceUnavailable(Exception):
    """The other service did not answer in time, or could not be reached."""


class ServiceRpc:
    def __init__(self, settings: Settings, timeout: float | None = None) -> None:
        self.settings = settings
        self.timeout = timeout or settings.rpc_timeout_seconds

    def call(self, service: str, method: str, *args: Any, **kwargs: Any) -> Any:
        """``service.method(*args, **kwargs)`` as this service. Raises ServiceUnavailable when the
        service is not running, does not answer in time or the broker fails; the callee's typed
        errors (hcs.errors) and nameko's remote errors pass through as they are."""
        context = {TOKEN_KEY: issue_service_token(self.settings.auth, self.settings.service),
                   "correlation_id": f"service:{self.settings.service}"}
        config = {"AMQP_URI": self.settings.amqp_uri, "serializer": "json", "ACCEPT": ["json"]}
        try:
            with ClusterRpcProxy(config, context_data=context, timeout=self.timeout) as proxy:
                return getattr(getattr(proxy, service), method)(*args, **kwargs)
        except RpcTimeout:
            raise ServiceUnavailable(f"{service}.{method} did not answer within {self.timeout:g} s") from None
        except UnknownService:
            raise ServiceUnavailable(f"{service} is not running") from None
        except (OSError, ConnectionError) as exc:
            raise ServiceUnavailable(f"{service}.{method} unreachable ({type(exc).__name__})") from None
