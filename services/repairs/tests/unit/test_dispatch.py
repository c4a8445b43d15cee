"""Sending jobs to contractors: leases, retries with backoff, and one job however many attempts."""

from __future__ import annotations

import random

from repairs.domain.delivery import Contractor
from repairs.domain.model import JobStatus
from repairs.service_layer import handlers
from repairs.service_layer.dispatch import dispatch_due_jobs

REFERENCE = Contractor("reference", "http://contractor/jobs", "whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0")


class FakeContractorSystem:
    def __init__(self, answers: list[int | Exception]) -> None:
        self.answers = answers
        self.received: list[tuple[str, dict]] = []

    def send(self, contractor: Contractor, webhook_id: str, work_order: dict) -> int:
        self.received.append((webhook_id, work_order))
        answer = self.answers.pop(0) if self.answers else 202
        if isinstance(answer, Exception):
            raise answer
        return answer


def tick(uow, system):
    return dispatch_due_jobs(lambda: uow, {"reference": REFERENCE}, system.send, batch_size=10,
                             lease_seconds=11, max_backoff_seconds=30, rng=random.Random(3))


def new_job(uow, request_factory):
    with uow:
        job = handlers.create_job(uow, request_factory(), "reference")
        uow.commit()
    return job


def test_a_due_job_is_sent_once_and_dispatched(uow, request_factory) -> None:
    job = new_job(uow, request_factory)
    system = FakeContractorSystem([202])
    assert tick(uow, system).delivered == 1
    assert tick(uow, system).delivered == 0  # nothing left to send
    [(webhook_id, order)] = system.received
    assert webhook_id == job.job_id and order["description"] == "offensive graffiti"
    assert order["target_at"] == job.target_at.isoformat()
    stored = uow.jobs.get(job.job_id)
    assert stored.status is JobStatus.DISPATCHED and stored.dispatched_at == uow.clock.now()
    dispatched = uow.outbox.events[-1]
    assert dispatched.event_type == "job_dispatched" and dispatched.data["attempts"] == 1
    assert [a.outcome for a in uow.deliveries.attempts] == ["delivered"]


def test_a_failing_contractor_is_retried_with_backoff_under_the_same_webhook_id(
        uow, request_factory, clock) -> None:
    job = new_job(uow, request_factory)
    system = FakeContractorSystem([503, ConnectionError("refused"), 202])
    assert tick(uow, system).failed == 1
    retry_at = uow.jobs.get(job.job_id).next_attempt_at
    assert clock.now() < retry_at and tick(uow, system).results == []  # not before the backoff
    clock.current = retry_at
    assert tick(uow, system).failed == 1
    second_retry_at = uow.jobs.get(job.job_id).next_attempt_at
    assert second_retry_at - clock.now() > (retry_at - clock.now()) / 2
    clock.current = second_retry_at
    assert tick(uow, system).delivered == 1
    assert {webhook_id for webhook_id, _ in system.received} == {job.job_id}
    assert [(a.attempt, a.status_code, a.error, a.outcome) for a in uow.deliveries.attempts] == [
        (1, 503, None, "failed"), (2, None, "ConnectionError", "failed"), (3, 202, None, "delivered")]
    assert uow.outbox.types() == ["job_created", "job_dispatched"]
    assert uow.outbox.events[-1].data["attempts"] == 3


def test_a_claimed_job_is_not_sent_again_while_its_lease_runs(uow, request_factory, clock) -> None:
    from repairs.service_layer.dispatch import claim_due_jobs

    new_job(uow, request_factory)
    [claim] = claim_due_jobs(uow, 10, lease_seconds=11)
    assert claim.attempt == 1 and claim_due_jobs(uow, 10, lease_seconds=11) == []
    clock.advance(seconds=12)  # the sender died mid-attempt: the job comes round again
    [again] = claim_due_jobs(uow, 10, lease_seconds=11)
    assert again.job_id == claim.job_id and again.attempt == 2


def test_a_late_success_for_a_job_already_dispatched_changes_nothing(uow, request_factory) -> None:
    from repairs.service_layer.dispatch import claim_due_jobs, record_delivery

    new_job(uow, request_factory)
    [claim] = claim_due_jobs(uow, 10, lease_seconds=11)
    record_delivery(uow, claim, 202, None, 30)
    record_delivery(uow, claim, 200, None, 30)
    assert uow.outbox.types() == ["job_created", "job_dispatched"]
    assert len(uow.deliveries.attempts) == 2
