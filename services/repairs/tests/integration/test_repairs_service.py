"""A repair request becomes one job, sent signed to the contractor, retried, and dispatched (POL-6)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from hcs import tables
from hcs.clock import as_utc
from hcs.errors import Forbidden
from hcs.testing.plugin import ProbeQueue, RpcClient, free_port, publish_event, token, wait_for
from hcs_tools.contractor import ReferenceContractor
from repairs.adapters.orm import deliveries, jobs

from .conftest import SECRET, count, repair_request, rows


def only_job(engine):
    return wait_for(lambda: (found := rows(engine, select(jobs))) and found[0], message="a job")


def test_a_repair_request_is_sent_once_signed_and_dispatched(start_repairs, contractor_factory, amqp_uri):
    contractor = contractor_factory()
    _container, engine, _ = start_repairs(contractor.url + "/jobs")
    created = ProbeQueue(amqp_uri, "repairs", "job_created")
    dispatched = ProbeQueue(amqp_uri, "repairs", "job_dispatched")
    request = repair_request("req-a", case_id="case-a")
    publish_event(amqp_uri, "repair_requested", "case-a", request)

    wait_for(lambda: count(engine, tables.outbox, tables.outbox.c.published_at.is_not(None)) == 2,
             message="job_created and job_dispatched confirmed by the broker")
    job = only_job(engine)
    assert job.status == "dispatched" and job.contractor == "reference"
    assert as_utc(job.target_at) == request["reported_at"] + timedelta(hours=24)
    assert contractor.webhook_ids == [job.job_id] and contractor.refused == 0
    assert contractor.jobs[job.job_id]["description"] == "offensive graffiti"
    [created_event] = created.messages()
    [dispatched_event] = dispatched.messages()
    assert created_event["data"]["request_id"] == "req-a"
    assert dispatched_event["data"] == {**dispatched_event["data"], "job_id": job.job_id,
                                        "case_id": "case-a", "contractor": "reference", "attempts": 1}

    with RpcClient(amqp_uri, token("housing_officer")) as rpc:
        view = rpc.repairs.get_job(job.job_id)
        listed = rpc.repairs.list_jobs("case-a")
    assert view["status"] == "dispatched" and view["target"] == "running"
    assert [j["job_id"] for j in listed] == [job.job_id]
    with RpcClient(amqp_uri, token("housing_officer", streams=("care_support",))) as rpc, \
            pytest.raises(Forbidden):
        rpc.repairs.get_job(job.job_id)
    with RpcClient(amqp_uri, token("board_member")) as rpc, pytest.raises(Forbidden):
        rpc.repairs.list_jobs("case-a")
    audit = tables.audit_log.c
    assert count(engine, tables.audit_log, audit.action == "repairs.get_job") == 2
    assert count(engine, tables.audit_log, audit.action == "repairs.list_jobs") == 1
    created.close()
    dispatched.close()


def test_a_contractor_answering_503_twice_gets_the_job_once_on_the_third_try(
        start_repairs, contractor_factory, amqp_uri):
    contractor = contractor_factory(fail_first=2)
    _container, engine, _ = start_repairs(contractor.url + "/jobs")
    # both bound first: an unroutable job_created would hold back job_dispatched (same aggregate)
    created = ProbeQueue(amqp_uri, "repairs", "job_created")
    dispatched = ProbeQueue(amqp_uri, "repairs", "job_dispatched")
    publish_event(amqp_uri, "repair_requested", "case-b", repair_request("req-b", case_id="case-b"))

    job = wait_for(lambda: (j := only_job(engine)).status == "dispatched" and j, timeout=20,
                   message="the job dispatched after retries")
    attempts = rows(engine, select(deliveries).order_by(deliveries.c.id))
    assert [(a.attempt, a.status_code, a.outcome) for a in attempts] == [
        (1, 503, "failed"), (2, 503, "failed"), (3, 202, "delivered")]
    assert contractor.deliveries == 3 and list(contractor.jobs) == [job.job_id]
    assert as_utc(attempts[1].at) - as_utc(attempts[0].at) >= timedelta(seconds=0.1)  # backed off
    wait_for(lambda: count(engine, tables.outbox, tables.outbox.c.published_at.is_(None)) == 0,
             message="job_dispatched relayed")
    [event] = dispatched.messages()
    assert event["data"]["attempts"] == 3 and len(created.messages()) == 1
    created.close()
    dispatched.close()


def test_a_job_waits_while_the_contractor_is_down_and_goes_when_it_is_back(
        start_repairs, contractor_factory, amqp_uri):
    port = free_port()
    _container, engine, _ = start_repairs(f"http://127.0.0.1:{port}/jobs")
    publish_event(amqp_uri, "repair_requested", "case-c", repair_request("req-c", case_id="case-c"))
    wait_for(lambda: count(engine, deliveries) >= 2, message="two failed attempts")
    [failure, *_] = rows(engine, select(deliveries).order_by(deliveries.c.id))
    assert failure.status_code is None and failure.error == "ConnectionError"
    assert only_job(engine).status == "created"

    contractor = contractor_factory(port=port)
    job = wait_for(lambda: (j := only_job(engine)).status == "dispatched" and j, timeout=20,
                   message="delivery once the contractor is back")
    assert list(contractor.jobs) == [job.job_id] and contractor.deliveries == 1


def test_the_same_repair_request_twice_makes_one_job(start_repairs, contractor_factory, amqp_uri):
    contractor = contractor_factory()
    _container, engine, _ = start_repairs(contractor.url + "/jobs")
    event = publish_event(amqp_uri, "repair_requested", "case-d", repair_request("req-d", case_id="case-d"))
    publish_event(amqp_uri, "repair_requested", "case-d", {}, event=event)  # redelivered as is
    publish_event(amqp_uri, "repair_requested", "case-d", repair_request("req-d", case_id="case-d"))
    wait_for(lambda: count(engine, tables.inbox) == 2, message="both distinct events applied")
    wait_for(lambda: _duplicates_seen() >= 1, message="the redelivery skipped")
    wait_for(lambda: only_job(engine).status == "dispatched", message="the job dispatched")
    assert count(engine, jobs) == 1 and len(contractor.jobs) == 1
    assert count(engine, tables.outbox, tables.outbox.c.event_type == "job_created") == 1


def _duplicates_seen() -> float:
    from hcs.metrics import INBOX_DUPLICATES

    return INBOX_DUPLICATES.labels("repairs", "repairs.create_job")._value.get()  # type: ignore[no-any-return]


def test_reference_contractor_refuses_a_bad_signature() -> None:
    import requests

    from repairs.adapters.contractors import signed_headers

    contractor = ReferenceContractor(SECRET).start()
    try:
        body = '{"job_id": "j-1"}'
        forged = signed_headers("whsec_" + "QUJD" * 8, "j-1", body)
        assert requests.post(contractor.url + "/jobs", data=body, headers=forged, timeout=5).status_code == 401
        good = signed_headers(SECRET, "j-1", body)
        assert requests.post(contractor.url + "/jobs", data=body, headers=good, timeout=5).status_code == 202
        assert requests.post(contractor.url + "/jobs", data=body, headers=good, timeout=5).status_code == 200
        assert list(contractor.jobs) == ["j-1"] and contractor.deliveries == 3 and contractor.refused == 1
    finally:
        contractor.stop()
