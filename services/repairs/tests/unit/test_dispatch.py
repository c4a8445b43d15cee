"""Sending messages to contractors: leases, retries with backoff and jitter, one job however many
attempts, and an amendment or withdrawal never overtaking the offer before it."""

from __future__ import annotations

import random

from repairs.domain.delivery import retry_delay
from repairs.domain.model import JobStatus
from repairs.service_layer import jobs
from repairs.service_layer.dispatch import claim_due, dispatch_due, record_delivery

from .conftest import contractor


class FakeContractorSystem:
    def __init__(self, answers: list[int | Exception]) -> None:
        self.answers = answers
        self.received: list[tuple[str, dict]] = []

    def send(self, _contractor, webhook_id: str, body: dict) -> int:
        self.received.append((webhook_id, body))
        answer = self.answers.pop(0) if self.answers else 202
        if isinstance(answer, Exception):
            raise answer
        return answer


def tick(uow, system):
    return dispatch_due(lambda: uow, {"reference": contractor()}, system.send, batch_size=10, lease_seconds=11,
                        max_backoff_seconds=30, rng=random.Random(3))


def new_job(uow, rules, request_factory):
    with uow:
        job = jobs.create_job(uow, rules, request_factory(job_type="glazing"))
        uow.commit()
    return job


def test_a_due_offer_is_sent_once_signed_with_its_id_and_the_job_dispatched(uow, rules, request_factory):
    job = new_job(uow, rules, request_factory)
    system = FakeContractorSystem([202])
    assert tick(uow, system).delivered == 1
    assert tick(uow, system).delivered == 0  # nothing left to send
    [(webhook_id, body)] = system.received
    assert webhook_id == f"{job.job_id}.1.offered" and body["type"] == "job.offered"
    assert body["data"]["job_id"] == job.job_id and body["data"]["target_at"] == job.target_at.isoformat()
    stored = uow.jobs.get(job.job_id)
    assert stored.status is JobStatus.DISPATCHED and stored.dispatched_at == uow.clock.now()
    dispatched = uow.outbox.events[-1]
    assert dispatched.event_type == "job_dispatched" and dispatched.data["attempts"] == 1
    assert [a.outcome for a in uow.deliveries.attempts] == ["delivered"]


def test_a_failing_contractor_is_retried_with_backoff_under_the_same_webhook_id(uow, rules, request_factory, clock):
    job = new_job(uow, rules, request_factory)
    system = FakeContractorSystem([503, ConnectionError("refused"), 202])
    assert tick(uow, system).failed == 1
    retry_at = uow.messages.rows[0].next_attempt_at
    assert clock.now() < retry_at and tick(uow, system).results == []  # not before the backoff
    clock.current = retry_at
    assert tick(uow, system).failed == 1
    second_retry_at = uow.messages.rows[0].next_attempt_at
    assert second_retry_at - clock.now() > (retry_at - clock.now()) / 2
    clock.current = second_retry_at
    assert tick(uow, system).delivered == 1
    assert {webhook_id for webhook_id, _ in system.received} == {f"{job.job_id}.1.offered"}
    assert len({str(body["data"]) for _, body in system.received}) == 1  # the same body every time
    assert [(a.attempt, a.status_code, a.error, a.outcome) for a in uow.deliveries.attempts] == [
        (1, 503, None, "failed"), (2, None, "ConnectionError", "failed"), (3, 202, None, "delivered")]
    assert uow.outbox.types() == ["job_created", "job_dispatched"]
    assert uow.outbox.events[-1].data["attempts"] == 3


def test_a_claimed_message_is_not_sent_again_while_its_lease_runs(uow, rules, request_factory, clock):
    new_job(uow, rules, request_factory)
    [claim] = claim_due(uow, 10, lease_seconds=11)
    assert claim.attempts == 1 and claim_due(uow, 10, lease_seconds=11) == []
    clock.advance(seconds=12)  # the sender died mid-attempt: the message comes round again
    [again] = claim_due(uow, 10, lease_seconds=11)
    assert again.webhook_id == claim.webhook_id and again.attempts == 2


def test_a_late_success_for_a_message_already_delivered_changes_nothing(uow, rules, request_factory):
    new_job(uow, rules, request_factory)
    [claim] = claim_due(uow, 10, lease_seconds=11)
    record_delivery(uow, claim, 202, None, 30)
    record_delivery(uow, claim, 200, None, 30)
    assert uow.outbox.types() == ["job_created", "job_dispatched"] and len(uow.deliveries.attempts) == 2


def test_a_withdrawal_waits_for_the_offer_before_it(uow, rules, request_factory, clock):
    job = new_job(uow, rules, request_factory)
    [claim] = claim_due(uow, 10, lease_seconds=11)  # an attempt is under way: they may get the offer
    jobs.cancel_job(uow, rules, job.job_id, _officer(), "key-00001", "raised in error")
    assert [m.kind for m in uow.messages.rows] == ["job.offered", "job.withdrawn"]
    assert [m.webhook_id for m in claim_due(uow, 10, 11)] == [f"{job.job_id}.1.withdrawn"]  # offer superseded
    record_delivery(uow, claim, 202, None, 30)
    assert uow.jobs.get(job.job_id).status is JobStatus.CANCELLED  # a late delivery does not revive it


def test_retry_delays_grow_exponentially_with_jitter_and_are_capped() -> None:
    rng = random.Random(7)
    delays = [retry_delay(attempt, 30.0, rng) for attempt in range(1, 12)]
    assert 0.125 <= delays[0] <= 0.25 and 0.25 <= delays[1] <= 0.5 and 0.5 <= delays[2] <= 1.0
    assert all(d <= 30.0 for d in delays) and delays[-1] >= 15.0
    assert len({round(retry_delay(3, 30.0, random.Random(n)), 6) for n in range(20)}) > 10


def _officer():
    from hcs.auth import Caller

    return Caller("u-1", "housing_officer", "north", frozenset({"general_needs"}))
