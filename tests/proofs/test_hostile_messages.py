"""Issue 8, bad input and attack: raw AMQP messages a real client never sends (no reply address,
no correlation id, no or a non-JSON content type such as pickle or YAML) are refused without
running anything, and the service stays up and keeps answering real callers."""

from __future__ import annotations

import pickle
import uuid

import pytest
from kombu import Connection, Exchange, Producer

from hcs.errors import NotFound
from hcs.guard import REFUSED
from hcs.testing.plugin import RpcClient, token, wait_for
from intake.service import IntakeService

pytestmark = pytest.mark.broker
RPC = Exchange("nameko-rpc", type="topic", durable=True)
EVENTS = Exchange("intake.events", type="topic", durable=True)


def hostile_requests(producer: Producer) -> tuple[int, int]:
    """Sends them all; returns (sent, how many kombu itself refuses to decode: pickle and YAML)."""
    body = {"args": ["nope"], "kwargs": {}}
    sends = [
        {"body": body, "serializer": "json"},  # no reply_to
        {"body": body, "serializer": "json", "reply_to": "x"},  # no correlation id
        {"body": pickle.dumps(body), "content_type": "application/x-python-serialize", "content_encoding": "binary",
             "reply_to": "x", "correlation_id": "1"},
        {"body": b"args: [nope]", "content_type": "application/x-yaml", "content_encoding": "utf-8", "reply_to": "x",
             "correlation_id": "2"},
        {"body": b"\x80\x81\xfe", "content_type": "application/data", "content_encoding": "binary", "reply_to": "x",
             "correlation_id": "3"},
        {"body": b"{}", "content_type": "", "content_encoding": "binary", "reply_to": "x", "correlation_id": "4"},
    ]
    for routing_key in ("intake.get_report", "intake.no_such_method"):
        for send in sends:
            producer.publish(exchange=RPC, routing_key=routing_key, **send)
    return 2 * len(sends), 4


def refused_total() -> float:
    return sum(REFUSED.labels("intake", reason)._value.get()
               for reason in ("no_reply_to", "no_correlation_id", "not_json"))


def test_raw_requests_without_reply_address_or_json_are_refused_and_the_service_stays_up(
        start_service, amqp_uri, tmp_path):
    container = start_service(IntakeService, amqp_uri, f"sqlite:///{tmp_path}/intake.db")
    before = refused_total()
    with Connection(amqp_uri) as conn:
        producer = Producer(conn.channel())
        sent, undecodable = hostile_requests(producer)
        producer.publish(pickle.dumps({"event_id": str(uuid.uuid4())}), exchange=EVENTS,
                         routing_key="report_received", content_type="application/x-python-serialize",
                         content_encoding="binary")

    def queue_drained() -> bool:
        with Connection(amqp_uri) as conn:
            return conn.SimpleQueue("rpc-intake").qsize() == 0

    wait_for(queue_drained, message="the hostile requests to be consumed")
    with RpcClient(amqp_uri, token("housing_officer")) as rpc, pytest.raises(NotFound):
        rpc.intake.get_report("no-such-report")  # still up, still answering
    assert not container._died.ready()
    assert refused_total() - before == sent - undecodable  # refused before any worker ran
    print(f"\nhostile RPC messages: {sent} sent, {undecodable} refused by the decoder, "
          f"{refused_total() - before:.0f} by the guard, 0 run, service up")
