"""Refuse RPC requests that nameko cannot answer safely, before nameko tries to.

nameko 2.14 answers a request on the queue named by its ``reply_to`` property, serialised like the
request. A message with no ``reply_to`` or ``correlation_id``, or with a content type other than
JSON, makes its responder raise inside a managed thread, and that kills the whole service. Such a
message never came from a real client: it is acknowledged, counted and logged (without its body),
and nothing runs.
"""

from __future__ import annotations

import logging
from typing import Any

from nameko.rpc import RpcConsumer
from prometheus_client import Counter

log = logging.getLogger(__name__)

REFUSED = Counter("hcs_rpc_malformed_total", "RPC requests refused before any worker ran", ["service", "reason"])
JSON = "application/json"


def malformed(message: Any) -> str | None:
    """Why a request cannot be answered, or None."""
    properties = getattr(message, "properties", None) or {}
    if not properties.get("reply_to"):
        return "no_reply_to"
    if not properties.get("correlation_id"):
        return "no_correlation_id"
    if getattr(message, "content_type", None) != JSON:
        return "not_json"
    return None


class GuardedRpcConsumer(RpcConsumer):
    def handle_message(self, body: Any, message: Any) -> None:
        reason = malformed(message)
        if reason is None:
            super().handle_message(body, message)
            return
        service = self.container.service_name
        REFUSED.labels(service, reason).inc()
        log.warning("%s refused an RPC request to %s: %s", service,
                    str(message.delivery_info.get("routing_key"))[:100], reason)
        self.queue_consumer.ack_message(message)
