"""Staff reads: one job with its history, lists by case, contractor and state, the directory. Every
read audited; jobs in a stream the caller may not see never shown (POL-7)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from hcs.auth import Caller
from hcs.errors import Forbidden, NotFound
from repairs.domain.listing import JobFilter
from repairs.service_layer import jobs, queries

from .conftest import REPORTED, SECRET, contractor, make_rules

OFFICER = Caller("u-1", "housing_officer", "north", frozenset({"general_needs"}))
CARE_ONLY = Caller("u-2", "housing_officer", "south", frozenset({"care_support"}))


def new_job(uow, rules, request_factory, **changes):
    with uow:
        job = jobs.create_job(uow, rules, request_factory(**changes))
        uow.commit()
    return job


def test_reading_a_job_shows_its_history_and_is_audited(uow, rules, request_factory):
    job = new_job(uow, rules, request_factory)
    view = queries.get_job(uow, job.job_id, OFFICER)
    assert view.job.job_id == job.job_id and view.target.value == "running" and view.follow_on.value == "not_needed"
    assert [m.kind for m in view.messages] == ["job.offered"]
    with pytest.raises(Forbidden):
        queries.get_job(uow, job.job_id, CARE_ONLY)
    with pytest.raises(NotFound):
        queries.get_job(uow, "missing", OFFICER)
    assert [(e.actor, e.action, e.outcome) for e in uow.audit.entries] == [
        ("u-1", "repairs.get_job", "allowed"), ("u-2", "repairs.get_job", "refused"),
        ("u-1", "repairs.get_job", "refused")]


def test_lists_by_case_contractor_and_state_show_only_the_callers_streams(uow, request_factory, clock):
    rules = make_rules(contractor("east", areas=("E",)), contractor("north", areas=("N",)))
    new_job(uow, rules, request_factory)
    new_job(uow, rules, request_factory, request_id="req-2", address={"postcode": "N1 9GU"})
    new_job(uow, rules, request_factory, request_id="req-3", case_id="case-2", stream="care_support")
    by_case = queries.list_jobs(uow, JobFilter(OFFICER.streams, case_id="case-1", state="all"), OFFICER)
    assert sorted(v.job.request_id for v in by_case.jobs) == ["req-1", "req-2"]
    by_contractor = queries.list_jobs(uow, JobFilter(OFFICER.streams, contractor="north"), OFFICER)
    assert [v.job.request_id for v in by_contractor.jobs] == ["req-2"]
    with pytest.raises(Forbidden):
        queries.list_jobs(uow, JobFilter(OFFICER.streams, case_id="case-2"), OFFICER)
    clock.current = REPORTED + timedelta(hours=21)
    at_risk = queries.list_jobs(uow, JobFilter(OFFICER.streams, state="at_risk"), OFFICER)
    assert sorted(v.job.request_id for v in at_risk.jobs) == ["req-1", "req-2"]
    clock.current = REPORTED + timedelta(hours=25)
    breached = queries.list_jobs(uow, JobFilter(OFFICER.streams, state="breached"), OFFICER)
    assert len(breached.jobs) == 2 and all(v.target.value == "breached" for v in breached.jobs)
    assert [e.outcome for e in uow.audit.entries] == ["allowed", "allowed", "refused", "allowed", "allowed"]


def test_the_directory_shows_loads_but_never_secrets_and_is_audited(uow, rules, request_factory):
    new_job(uow, rules, request_factory)
    [entry] = queries.contractor_directory(uow, rules, OFFICER)
    assert entry["name"] == "reference" and entry["open_jobs"] == 1
    assert SECRET not in str(entry) and "endpoint" not in entry
    assert uow.audit.entries[-1].action == "repairs.contractor_directory"


def test_officers_and_seniors_of_another_team_neither_read_nor_list_nor_change_the_job(uow, rules, request_factory):
    job = new_job(uow, rules, request_factory, team="north")
    streams = frozenset({"general_needs"})
    south = [Caller("u-9", "housing_officer", "south", streams), Caller("s-9", "senior", "south", streams)]
    for caller in south:
        with pytest.raises(Forbidden):
            queries.get_job(uow, job.job_id, caller)
        with pytest.raises(Forbidden):
            queries.list_jobs(uow, JobFilter(streams, case_id="case-1", state="all"), caller)
        assert queries.list_jobs(uow, JobFilter(streams, state="all"), caller).jobs == []
        with pytest.raises(Forbidden):
            jobs.cancel_job(uow, rules, job.job_id, caller, "cancel-by-another-team", "not ours")
    assert uow.jobs.get(job.job_id).status.value != "cancelled"
    for caller in (OFFICER, Caller("s-1", "senior", "north", streams), Caller("m-1", "manager", "south", streams)):
        assert queries.get_job(uow, job.job_id, caller).job.team == "north"
