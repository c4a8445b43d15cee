"""The RabbitMQ definitions in deploy/ are the ones the code derives (hcs.broker), and they give
each service exactly the queues and exchanges it uses: quorum queues, a delivery limit and a
dead-letter exchange. (tests/production loads them into a real broker and runs services on them.)"""

from __future__ import annotations

import json
import re

from hcs import broker

from .conftest import DEPLOY

COMMITTED = DEPLOY / "rabbitmq" / "definitions.json"


def test_the_committed_definitions_are_the_ones_the_code_derives():
    derived = broker.definitions(broker.all_topologies())
    assert json.loads(COMMITTED.read_text()) == derived, (
        "deploy/rabbitmq/definitions.json is stale: .venv/bin/hcs-admin broker definitions > "
        "deploy/rabbitmq/definitions.json")


def test_every_service_queue_is_a_quorum_queue_with_a_delivery_limit_and_dead_letter_exchange():
    document = json.loads(COMMITTED.read_text())
    [vhost] = document["vhosts"]
    assert vhost["metadata"]["default_queue_type"] == "quorum"
    assert all(q["arguments"]["x-queue-type"] == "quorum" and q["durable"] for q in document["queues"])
    [policy] = document["policies"]
    service_queues = [q["name"] for q in document["queues"] if q["name"] != broker.DEAD_LETTER]
    assert all(re.match(policy["pattern"], name) for name in service_queues)
    assert not re.match(policy["pattern"], "rpc.reply-standalone_rpc_proxy-1")  # replies are not limited
    assert policy["definition"]["delivery-limit"] == broker.DELIVERY_LIMIT
    assert policy["definition"]["dead-letter-exchange"] == broker.DEAD_LETTER
    assert any(b["destination"] == broker.DEAD_LETTER for b in document["bindings"])
    assert all(u["password_hash"] == "" for u in document["users"])  # no credential in the repository


def test_each_user_may_touch_only_its_own_queues():
    document = json.loads(COMMITTED.read_text())
    permissions = {p["user"]: p for p in document["permissions"]}
    queues = [q["name"] for q in document["queues"]]
    for topology in broker.all_topologies():
        granted = permissions[f"hcs-{topology.name}"]
        own = {q for _, _, q in topology.consumes} | {topology.rpc_queue}
        for queue in queues:
            for kind in ("configure", "write", "read"):
                assert bool(re.match(granted[kind], queue)) == (queue in own), (topology.name, kind, queue)
        assert re.match(granted["write"], topology.events_exchange)
        others = {f"{t.name}.events" for t in broker.all_topologies()} - {topology.events_exchange}
        # it publishes as itself only
        assert not any(re.match(granted["write"], exchange) for exchange in others)
    operator = permissions["hcs-operator"]
    assert not any(re.match(operator[kind], q) for q in queues for kind in ("configure", "write", "read"))


def test_passwords_are_hashed_as_rabbitmq_does():
    # RabbitMQ's documented example: salt 908D C60A, password "test12"
    expected = "kI3GCqW5JLMJa4iX1lo7X4D6XbYqlLgxIs30+P6tENUV2POR"
    assert broker.password_hash("test12", bytes.fromhex("908DC60A")) == expected


def test_apply_posts_the_definitions_to_the_management_api_as_the_administrator():
    import base64

    import eventlet
    import eventlet.wsgi
    import pytest

    received = []

    def management_api(environ, start_response):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        received.append((environ["REQUEST_METHOD"], environ["PATH_INFO"], environ.get("HTTP_AUTHORIZATION"),
                         json.loads(environ["wsgi.input"].read(length))))
        status = "204 No Content" if len(received) == 1 else "401 Unauthorized"
        start_response(status, [])
        return [b""]

    sock = eventlet.listen(("127.0.0.1", 0))
    server = eventlet.spawn(eventlet.wsgi.server, sock, management_api, log_output=False)
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    try:
        document = broker.definitions(broker.all_topologies(), passwords={"cases": "s3cret"})
        broker.apply(document, url, "admin", "admin-password")
        with pytest.raises(RuntimeError, match="HTTP 401"):
            broker.apply(document, url, "admin", "wrong")
    finally:
        server.kill()
        sock.close()
    method, path, authorization, body = received[0]
    assert (method, path) == ("POST", "/api/definitions")
    assert authorization == "Basic " + base64.b64encode(b"admin:admin-password").decode()
    cases = next(u for u in body["users"] if u["name"] == "hcs-cases")
    salted = base64.b64decode(cases["password_hash"])
    assert broker.password_hash("s3cret", salted[:4]) == cases["password_hash"]
