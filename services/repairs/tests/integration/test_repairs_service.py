"""A repair request becomes one job, offered signed to a contractor, worked and called back (POL-6),
against the real broker, a SQLite file and the reference contractor."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from hcs import tables
from hcs.clock import as_utc
from hcs.errors import Forbidden, NotFound, ValidationFailed
from hcs.testing.plugin import ProbeQueue, RpcClient, free_port, publish_event, token, wait_for
from hcs_tools.contractor import ReferenceContractor
from repairs.adapters.orm import deliveries, jobs

from .conftest import SECRET, count, repair_request, rows

JOB_EVENTS = ("job_created", "job_dispatched", "job_accepted", "job_on_site", "job_made_safe", "job_completed")


def only_job(engine):
    return wait_for(lambda: (found := rows(engine, select(jobs))) and found[0], message="a job")


def job_with(engine, status, timeout=20.0):
    return wait_for(lambda: (j := only_job(engine)).status == status and j, timeout=timeout,
                    message=f"the job {status}")


def probes(amqp_uri, *types):
    return {t: ProbeQueue(amqp_uri, "repairs", t) for t in types}


def test_a_job_is_offered_once_signed_worked_and_reported_back(start_repairs, contractor_factory, amqp_uri):
    contractor = contractor_factory()
    _container, engine, base = start_repairs(contractor.url + "/jobs")
    contractor.callback_url = f"{base}/contractor/callbacks"
    queues = probes(amqp_uri, *JOB_EVENTS)
    request = repair_request("req-a", case_id="case-a", access_notes="call 07700 900123; they said 'X'")
    publish_event(amqp_uri, "repair_requested", "case-a", request)

    job = job_with(engine, "completed")
    assert as_utc(job.target_at) == request["reported_at"] + timedelta(hours=24)
    assert contractor.webhook_ids == [f"{job.job_id}.1.offered"] and contractor.refused == 0
    order = contractor.jobs[job.job_id]
    assert order["description"] == "Offensive graffiti removal, front door" and order["access_notes"] is None
    assert "case_id" not in order and "07700" not in str(order)
    wait_for(lambda: contractor.statuses(job.job_id) == ["accepted", "on_site", "completed"],
             message="the contractor's callbacks taken")  # committed before it reads the answer
    wait_for(lambda: count(engine, tables.outbox, tables.outbox.c.published_at.is_(None)) == 0
             and count(engine, tables.outbox) == 5, message="every event relayed")
    seen = {t: q.messages() for t, q in queues.items()}
    assert {t: len(m) for t, m in seen.items()} == {**dict.fromkeys(JOB_EVENTS, 1), "job_made_safe": 0}
    assert seen["job_completed"][0]["data"]["within_target"] is True
    assert seen["job_created"][0]["data"]["job_type"] == "graffiti_removal"

    with RpcClient(amqp_uri, token("housing_officer")) as rpc:
        view = rpc.repairs.get_job(job.job_id)
        listed = rpc.repairs.list_jobs("case-a")
        directory = rpc.repairs.contractor_directory()
    assert view["status"] == "completed" and view["target"] == "completed_in_time"
    assert [u["kind"] for u in view["updates"]] == ["accepted", "on_site", "completed"]
    assert [p["stage"] for p in view["photos"]] == ["before", "after"]
    assert view["withheld"] == ["access_notes (contact_details, quoted_text)"]
    assert [j["job_id"] for j in listed] == [job.job_id]
    assert directory[0]["name"] == "reference" and SECRET not in str(directory)
    with RpcClient(amqp_uri, token("housing_officer", streams=("care_support",))) as rpc, \
            pytest.raises(Forbidden):
        rpc.repairs.get_job(job.job_id)
    with RpcClient(amqp_uri, token("board_member")) as rpc, pytest.raises(Forbidden):
        rpc.repairs.list_jobs("case-a")
    audit = tables.audit_log.c
    assert count(engine, tables.audit_log, audit.action == "repairs.get_job") == 2
    assert count(engine, tables.audit_log, audit.action == "repairs.list_jobs") == 2
    assert count(engine, tables.audit_log, audit.action == "repairs.contractor_report") == 3
    for queue in queues.values():
        queue.close()


def test_made_safe_within_24_hours_then_completed_later(start_repairs, contractor_factory, amqp_uri):
    contractor = contractor_factory(mode="make_safe", follow_on_seconds=0.3)
    _container, engine, base = start_repairs(contractor.url + "/jobs")
    contractor.callback_url = f"{base}/contractor/callbacks"
    queues = probes(amqp_uri, *JOB_EVENTS)  # every type bound: an unroutable event holds back the rest
    publish_event(amqp_uri, "repair_requested", "case-m", repair_request("req-m", case_id="case-m",
                                                                         description="smashed window",
                                                                         job_type="glazing"))
    job = job_with(engine, "completed")
    assert job.made_safe_at is not None and as_utc(job.made_safe_at) < as_utc(job.completed_at)
    assert job.follow_on_due_at is not None
    wait_for(lambda: count(engine, tables.outbox, tables.outbox.c.published_at.is_(None)) == 0, message="relayed")
    [made_safe] = queues["job_made_safe"].messages()
    [completed] = queues["job_completed"].messages()
    assert made_safe["data"]["within_target"] is True and made_safe["data"]["follow_on_due_at"]
    assert completed["data"]["follow_on_met"] is True and completed["data"]["made_safe_at"]
    for queue in queues.values():
        queue.close()


def test_a_contractor_answering_503_twice_gets_the_job_once_on_the_third_try(
        start_repairs, contractor_factory, amqp_uri):
    contractor = contractor_factory(fail_first=2)
    _container, engine, _ = start_repairs(contractor.url + "/jobs")
    publish_event(amqp_uri, "repair_requested", "case-b", repair_request("req-b", case_id="case-b"))

    job = job_with(engine, "dispatched")
    attempts = rows(engine, select(deliveries).order_by(deliveries.c.id))
    assert [(a.attempt, a.status_code, a.outcome) for a in attempts] == [
        (1, 503, "failed"), (2, 503, "failed"), (3, 202, "delivered")]
    assert contractor.deliveries == 3 and list(contractor.jobs) == [job.job_id]
    assert as_utc(attempts[1].at) - as_utc(attempts[0].at) >= timedelta(seconds=0.1)  # backed off


def test_a_job_waits_while_the_contractor_is_down_and_is_delivered_once_when_it_is_back(
        start_repairs, contractor_factory, amqp_uri):
    port = free_port()
    _container, engine, _ = start_repairs(f"http://127.0.0.1:{port}/jobs")
    publish_event(amqp_uri, "repair_requested", "case-c", repair_request("req-c", case_id="case-c"))
    wait_for(lambda: count(engine, deliveries) >= 3, message="failed attempts while the contractor is down")
    [failure, *_] = rows(engine, select(deliveries).order_by(deliveries.c.id))
    assert failure.status_code is None and failure.error == "ConnectionError"
    assert only_job(engine).status == "created"

    contractor = contractor_factory(port=port)
    job = job_with(engine, "dispatched")
    assert list(contractor.jobs) == [job.job_id] and contractor.deliveries == 1
    assert contractor.webhook_ids == [f"{job.job_id}.1.offered"]


def test_the_same_repair_request_twice_makes_one_job(start_repairs, contractor_factory, amqp_uri):
    contractor = contractor_factory()
    _container, engine, _ = start_repairs(contractor.url + "/jobs")
    event = publish_event(amqp_uri, "repair_requested", "case-d", repair_request("req-d", case_id="case-d"))
    publish_event(amqp_uri, "repair_requested", "case-d", {}, event=event)  # redelivered as is
    publish_event(amqp_uri, "repair_requested", "case-d", repair_request("req-d", case_id="case-d"))
    wait_for(lambda: count(engine, tables.inbox) == 2, message="both distinct events applied")
    job_with(engine, "dispatched")
    assert count(engine, jobs) == 1 and len(contractor.jobs) == 1
    assert count(engine, tables.outbox, tables.outbox.c.event_type == "job_created") == 1


def test_reference_contractor_refuses_a_bad_signature() -> None:
    import requests

    from repairs.adapters.contractors import signed_headers

    contractor = ReferenceContractor(SECRET).start()
    try:
        body = '{"type": "job.offered", "data": {"job_id": "j-1"}}'
        forged = signed_headers("whsec_" + "QUJD" * 8, "j-1.1.offered", body)
        assert requests.post(contractor.url + "/jobs", data=body, headers=forged, timeout=5).status_code == 401
        good = signed_headers(SECRET, "j-1.1.offered", body)
        assert requests.post(contractor.url + "/jobs", data=body, headers=good, timeout=5).status_code == 202
        assert requests.post(contractor.url + "/jobs", data=body, headers=good, timeout=5).status_code == 200
        assert list(contractor.jobs) == ["j-1"] and contractor.deliveries == 3 and contractor.refused == 1
    finally:
        contractor.stop()


def test_a_job_id_is_a_short_string_or_refused_before_it_reaches_the_database(start_repairs, amqp_uri):
    _container, engine, _base = start_repairs("http://127.0.0.1:9/jobs")
    command = {"idempotency_key": "cancel-0001", "reason": "duplicate"}
    with RpcClient(amqp_uri, token("manager")) as rpc:
        for job_id in ("J" * 65, "A" * (1 << 20), 7, None, ["job-1"], {"k": [{"k": "deep"}]}):
            for method, args in (("get_job", (job_id,)), ("cancel_job", (job_id, command))):
                with pytest.raises(ValidationFailed) as refused:
                    getattr(rpc.repairs, method)(*args)
                assert refused.value.fields == {"job_id": ["An id of 1 to 64 characters."]}
                assert len(repr(refused.value.args)) < 200  # the id is not repeated
        with pytest.raises(NotFound):
            rpc.repairs.get_job("J" * 64)
    assert count(engine, jobs) == 0
