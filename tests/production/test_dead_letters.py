"""Issue 9: a message that keeps coming back without being acknowledged (a consumer crashing on it)
is set aside by the quorum queue's delivery limit into hcs.dead-letter, not redelivered for ever;
the operator's command puts it back on the queue it died in, unchanged."""

from __future__ import annotations

import json

import pytest
from kombu import Connection, Producer, Queue

from hcs import broker
from hcs.testing.plugin import wait_for

QUEUE = "evt-cases-repair_requested--repairs.create_job"


@pytest.mark.broker
def test_a_message_past_its_delivery_limit_is_dead_lettered_and_can_be_requeued(production_broker):
    body = {"event_id": "11111111-2222-3333-4444-555555555555", "event_type": "repair_requested"}
    with Connection(production_broker.observer_uri()) as conn:
        Producer(conn.channel()).publish(json.dumps(body), exchange="", routing_key=QUEUE,
                                         content_type="application/json", delivery_mode=2)
        wait_for(lambda: production_broker.queues()[QUEUE]["messages"] == 1, message="the message queued")
        queue = Queue(QUEUE, no_declare=True)(conn.channel())
        deliveries = 0
        while deliveries <= broker.DELIVERY_LIMIT + 5:
            message = queue.get(no_ack=False)
            if message is None:
                break
            deliveries += 1
            message.requeue()  # as a consumer that dies before acknowledging would
    assert deliveries == broker.DELIVERY_LIMIT + 1  # the first delivery and 100 redeliveries
    wait_for(lambda: production_broker.queues()[broker.DEAD_LETTER]["messages"] == 1, message="a dead letter")
    # the broker's counts are sampled statistics: wait for them rather than read them once
    wait_for(lambda: production_broker.queues()[QUEUE]["messages"] == 0, message="the queue emptied")

    assert broker.requeue_dead_letters(production_broker.observer_uri()) == {QUEUE: 1}
    wait_for(lambda: production_broker.queues()[QUEUE]["messages"] == 1, message="the message back")
    wait_for(lambda: production_broker.queues()[broker.DEAD_LETTER]["messages"] == 0, message="dead letters emptied")
    with Connection(production_broker.observer_uri()) as conn:
        message = Queue(QUEUE, no_declare=True)(conn.channel()).get(no_ack=True)
        assert json.loads(message.body) == body
