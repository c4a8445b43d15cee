"""Contractors' callbacks over HTTP (signed per contractor; duplicates and out-of-order ones handled),
re-assignment when a contractor rejects or does not accept in time, and staff commands over RPC."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta

import eventlet
import pytest
import requests
from sqlalchemy import select

from hcs import tables
from hcs.contracts import CATALOGUE, source_of
from hcs.errors import Conflict, Forbidden, ValidationFailed
from hcs.testing.plugin import ProbeQueue, RpcClient, free_port, publish_event, token, wait_for
from repairs.adapters.contractors import signed_headers
from repairs.adapters.orm import jobs

from .conftest import OTHER_SECRET, SECRET, count, post_callback, repair_request, rows

BEFORE = [{"ref": "contractor://ref/before.jpg", "stage": "before"}]


def the_job(engine, request_id):
    return wait_for(lambda: next((j for j in rows(engine, select(jobs)) if j.request_id == request_id), None),
                    message=f"the job for {request_id}")


def dispatched_job(start_repairs, contractor_factory, amqp_uri, request_id, **request):
    contractor = contractor_factory(mode="ignore")
    _container, engine, base = start_repairs(contractor.url + "/jobs")
    publish_event(amqp_uri, "repair_requested", "case-h", repair_request(request_id, case_id="case-h", **request))
    job = wait_for(lambda: (j := the_job(engine, request_id)).status == "dispatched" and j, message="dispatched")
    return job, engine, base


def at(minutes_ago: float = 0) -> str:
    return (datetime.now(UTC) - timedelta(minutes=minutes_ago)).isoformat()


def test_callbacks_are_verified_per_contractor_and_duplicates_and_late_ones_acknowledged(
        start_repairs, contractor_factory, amqp_uri):
    job, engine, base = dispatched_job(start_repairs, contractor_factory, amqp_uri, "req-h1",
                                       reported_at=datetime.now(UTC) - timedelta(hours=1))
    body = {"job_id": job.job_id, "status": "accepted", "at": at()}
    forged = post_callback(base, "reference", OTHER_SECRET, "cb-1", body)
    assert forged.status_code == 401 and forged.json()["error"] == "unauthenticated"
    assert post_callback(base, "nobody", SECRET, "cb-1", body).status_code == 401
    assert the_job(engine, "req-h1").status == "dispatched"
    refusals = tables.audit_log.c
    assert count(engine, tables.audit_log, refusals.action == "repairs.contractor_report",
                 refusals.outcome == "refused") == 2

    done = {"job_id": job.job_id, "status": "completed", "at": at(), "photos": BEFORE, "notes": "Cleaned off."}
    applied = post_callback(base, "reference", SECRET, "cb-3", done)
    assert applied.json()["outcome"] == "applied", applied.text
    late = post_callback(base, "reference", SECRET, "cb-2", {**body, "at": at(30)})  # sent earlier, came later
    again = post_callback(base, "reference", SECRET, "cb-3", done)
    assert (late.status_code, late.json()["outcome"], late.json()["status"]) == (200, "stale", "completed")
    assert (again.status_code, again.json()["outcome"]) == (200, "duplicate")
    assert the_job(engine, "req-h1").status == "completed"
    illegal = post_callback(base, "reference", SECRET, "cb-4", {"job_id": job.job_id, "status": "no_access",
                                                                  "at": at(), "reason": "no_answer"})
    assert illegal.status_code == 409 and illegal.json()["error"] == "conflict"
    bad = post_callback(base, "reference", SECRET, "cb-5", {"job_id": job.job_id, "status": "rejected",
                                                              "at": "yesterday"})
    assert bad.status_code == 400 and set(bad.json()["fields"]) == {"at", "reason"}


def test_a_rejected_job_goes_to_the_next_contractor_who_completes_it(start_repairs, contractor_factory, amqp_uri):
    first = contractor_factory(mode="reject", name="first")
    second = contractor_factory(OTHER_SECRET, name="second")
    _container, engine, base = start_repairs(contractors={
        "first": {"endpoint": first.url + "/jobs", "secret": SECRET},
        "second": {"endpoint": second.url + "/jobs", "secret": OTHER_SECRET}})
    first.callback_url = second.callback_url = f"{base}/contractor/callbacks"
    # every type bound: an unroutable event holds back the job's later ones
    queues = {t: ProbeQueue(amqp_uri, "repairs", t) for t, _ in CATALOGUE if source_of(t) == "repairs"}
    publish_event(amqp_uri, "repair_requested", "case-r", repair_request("req-r", case_id="case-r"))
    job = wait_for(lambda: (j := the_job(engine, "req-r")).status == "completed" and j, message="completed")
    assert job.contractor == "second" and job.assignment == 2
    assert first.statuses(job.job_id) == ["rejected"] and list(first.jobs) == [job.job_id]
    # the job is committed before the contractor has read the answer to its last callback
    wait_for(lambda: second.statuses(job.job_id) == ["accepted", "on_site", "completed"],
             message="the second contractor's callbacks taken")
    [event] = wait_for(lambda: queues["job_rejected"].messages(), message="job_rejected relayed")
    assert event["data"]["contractor"] == "first" and event["data"]["reason"] == "no_capacity"
    for queue in queues.values():
        queue.close()


def test_a_job_not_accepted_in_time_is_withdrawn_and_offered_to_the_next(start_repairs, contractor_factory,
                                                                        amqp_uri):
    slow = contractor_factory(mode="ignore", name="slow")
    quick = contractor_factory(OTHER_SECRET, name="quick")
    _container, engine, base = start_repairs(contractors={
        "slow": {"endpoint": slow.url + "/jobs", "secret": SECRET, "accept_within_minutes": 0.02},
        "quick": {"endpoint": quick.url + "/jobs", "secret": OTHER_SECRET}})
    quick.callback_url = f"{base}/contractor/callbacks"
    publish_event(amqp_uri, "repair_requested", "case-t", repair_request("req-t", case_id="case-t"))
    job = wait_for(lambda: (j := the_job(engine, "req-t")).status == "completed" and j, message="completed")
    assert job.contractor == "quick"
    assert [kind for kind, _ in slow.messages] == ["job.offered", "job.withdrawn"]
    assert job.job_id in slow.withdrawn and list(quick.jobs) == [job.job_id]


def test_staff_cancel_reassign_and_record_a_phone_update(start_repairs, contractor_factory, amqp_uri):
    job, engine, _base = dispatched_job(start_repairs, contractor_factory, amqp_uri, "req-s",
                                        description="broken window", job_type="glazing")
    with RpcClient(amqp_uri, token("housing_officer")) as rpc:
        update = {"idempotency_key": "phone-0001", "status": "made_safe", "at": at(), "notes": "Boarded."}
        amended = rpc.repairs.amend_job(job.job_id, {"idempotency_key": uuid.uuid4().hex,
                                                     "attributes": {"panes": 2, "glass": "laminated"}})
        assert amended["description"] == "Glazing repair, front door. Panes broken: 2. Glass: Laminated"
        with pytest.raises(ValidationFailed) as err:
            rpc.repairs.amend_job(job.job_id, {"idempotency_key": uuid.uuid4().hex, "attributes": {"panes": 0}})
        assert list(err.value.fields) == ["attributes.panes"]
        receipt = rpc.repairs.record_contractor_update(job.job_id, update)
        assert rpc.repairs.record_contractor_update(job.job_id, update)["outcome"] == "duplicate"
        with pytest.raises(ValidationFailed) as err:
            rpc.repairs.cancel_job(job.job_id, {"idempotency_key": "short", "reason": 'tenant said "go away"'})
        assert set(err.value.fields) == {"idempotency_key", "reason"}
        with pytest.raises(Conflict):  # nobody else is registered
            rpc.repairs.reassign_job(job.job_id, {"idempotency_key": uuid.uuid4().hex, "reason": "too slow"})
        key = uuid.uuid4().hex
        cancelled = rpc.repairs.cancel_job(job.job_id, {"idempotency_key": key, "reason": "tenant moved out"})
        assert rpc.repairs.cancel_job(job.job_id, {"idempotency_key": key, "reason": "tenant moved out"})[
            "status"] == "cancelled"
        at_risk = rpc.repairs.list_jobs(state="follow_on")
    assert receipt == {"job_id": job.job_id, "status": "made_safe", "outcome": "applied", "duplicate": False}
    assert cancelled["status"] == "cancelled" and cancelled["cancel_reason"] == "tenant moved out"
    assert [m["kind"] for m in cancelled["messages"]] == ["job.offered", "job.amended", "job.withdrawn"]
    assert at_risk == []
    with RpcClient(amqp_uri, token("board_member")) as rpc, pytest.raises(Forbidden):
        rpc.repairs.cancel_job(job.job_id, {"idempotency_key": uuid.uuid4().hex, "reason": "no"})
    audit = tables.audit_log.c
    assert count(engine, tables.audit_log, audit.action == "repairs.cancel_job", audit.outcome == "refused") == 1


def test_the_watch_raises_at_risk_and_breached_once_each(start_repairs, amqp_uri):
    _container, engine, _ = start_repairs(f"http://127.0.0.1:{free_port()}/jobs")  # contractor down
    queues = {t: ProbeQueue(amqp_uri, "repairs", t) for t in ("job_created", "job_sla_at_risk", "job_sla_breached")}
    now = datetime.now(UTC)
    publish_event(amqp_uri, "repair_requested", "case-w", repair_request("req-21h", case_id="case-w",
                                                                         reported_at=now - timedelta(hours=21)))
    publish_event(amqp_uri, "repair_requested", "case-w", repair_request("req-25h", case_id="case-w",
                                                                         reported_at=now - timedelta(hours=25)))
    wait_for(lambda: count(engine, tables.outbox, tables.outbox.c.event_type.like("job_sla_%"),
                           tables.outbox.c.published_at.is_not(None)) == 2, message="both warnings relayed")
    eventlet.sleep(0.5)  # five more watch ticks (every 0.1 s): proving a negative needs time to pass
    assert count(engine, tables.outbox, tables.outbox.c.event_type.like("job_sla_%")) == 2
    [at_risk] = queues["job_sla_at_risk"].messages()
    [breached] = queues["job_sla_breached"].messages()
    assert at_risk["aggregate_id"] == the_job(engine, "req-21h").job_id
    assert breached["aggregate_id"] == the_job(engine, "req-25h").job_id
    with RpcClient(amqp_uri, token("senior")) as rpc:
        assert [j["request_id"] for j in rpc.repairs.list_jobs(state="at_risk")] == ["req-21h"]
        assert [j["request_id"] for j in rpc.repairs.list_jobs(state="breached")] == ["req-25h"]
    for queue in queues.values():
        queue.close()


def test_a_hostile_callback_is_refused_as_json_and_changes_nothing(start_repairs):
    """JSON nested past Python's recursion limit, a body above the limit, an unknown field holding
    personal data, a wrong address and method: each a JSON 4xx that repeats nothing sent."""
    _container, engine, base = start_repairs("http://127.0.0.1:9/jobs")
    url = f"{base}/contractor/reference/callbacks"

    def signed_post(text: str, webhook_id: str) -> requests.Response:
        return requests.post(url, data=text.encode(), headers=signed_headers(SECRET, webhook_id, text), timeout=10)

    nested = signed_post("[" * 5000 + "]" * 5000, "cb-nested")
    assert (nested.status_code, nested.json()["error"]) == (400, "validation_failed")
    large = signed_post(json.dumps({"notes": "x" * 40_000}), "cb-large")
    assert (large.status_code, large.json()["error"]) == (413, "payload_too_large")
    named = post_callback(base, "reference", SECRET, "cb-named", {"job_id": "j-1", "status": "accepted", "at": at(),
                                                                  "<b>Jane Doe</b>": "07700 900123"})
    assert named.status_code == 400 and "Jane" not in named.text and "<unknown>" in named.json()["fields"]
    for answer, status in ((requests.post(f"{url}/more", timeout=10), 404), (requests.get(url, timeout=10), 405)):
        assert answer.status_code == status and answer.json()["error"] in {"not_found", "method_not_allowed"}
    assert count(engine, jobs) == 0
