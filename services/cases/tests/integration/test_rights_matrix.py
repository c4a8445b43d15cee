"""Each role's rights over a case, through the real RPC boundary (issue 4; ARCHITECTURE "Identity and
access"; POL-7 streams): officer, senior, manager, another stream, another team, board member, data
protection officer, and another service. Every refusal is audited."""

from __future__ import annotations

from sqlalchemy import select

from hcs import tables
from hcs.errors import Conflict, Forbidden, HcsError
from hcs.testing.plugin import publish_event, wait_for
from services.cases.tests.integration.conftest import as_role, report_data

PERSONAS = {
    "officer": ("housing_officer", "o-north", "north", ("general_needs",)),
    "senior": ("senior", "s-north", "north", ("general_needs",)),
    "manager": ("manager", "m-1", "head-office", ("general_needs", "care_support")),
    "other_stream": ("housing_officer", "o-north", "north", ("care_support",)),
    "other_team": ("housing_officer", "o-south", "south", ("general_needs",)),
    "other_team_senior": ("senior", "s-south", "south", ("general_needs",)),
    "board_member": ("board_member", "b-1", None, ("general_needs", "care_support")),
    "dpo": ("data_protection_officer", "dpo-1", None, ("general_needs", "care_support")),
    "service": ("service", "service:referrals", None, ("general_needs", "care_support")),
}
FACTORS = {"victim_vulnerability": 1, "harm": 1, "repeat": 0, "threats": 0, "household_impact": 0}

Y, N = "allowed", "forbidden"
EXPECTED = {  # officer senior manager other_stream other_team other_team_senior board dpo service
    "get_case":            (Y, Y, Y, N, N, N, N, Y, N),
    "record_contact":      (Y, Y, Y, N, N, N, N, N, N),
    "assess_risk":         (Y, Y, Y, N, N, N, N, N, N),
    "allocate_case":       (N, Y, Y, N, N, N, N, N, N),
    "record_review":       (N, Y, Y, N, N, N, N, N, N),
    "senior_manager_review": (N, N, Y, N, N, N, N, N, N),
    "team_queue":          (N, Y, Y, N, N, Y, N, N, N),
    "list_staff":          (N, Y, Y, N, N, Y, N, Y, N),
    "shareable_case":      (N, N, N, N, N, N, N, N, Y),
}


def calls(case_id: str):
    return {
        "get_case": lambda rpc: rpc.cases.get_case(case_id),
        "record_contact": lambda rpc: rpc.cases.record_contact(case_id, {
            "kind": "phone", "party": "witness", "direction": "inbound", "summary": "Witness called."}),
        "assess_risk": lambda rpc: rpc.cases.assess_risk(case_id, {"factors": FACTORS}),
        # the case is already with o-north: an allowed caller hears Conflict, nothing changes
        "allocate_case": lambda rpc: rpc.cases.allocate_case(case_id, {"officer_id": "o-north"}),
        "record_review": lambda rpc: rpc.cases.record_review(case_id, {
            "kind": "officer_senior", "factors": FACTORS, "notes": "Supervision."}),
        "senior_manager_review": lambda rpc: rpc.cases.record_review(case_id, {
            "kind": "senior_manager", "notes": "Reported to the manager."}),
        "team_queue": lambda rpc: rpc.cases.team_queue({}),
        "list_staff": lambda rpc: rpc.cases.list_staff({}),
        "shareable_case": lambda rpc: rpc.cases.shareable_case(case_id),
    }


def outcome(call, rpc) -> str:
    try:
        call(rpc)
    except Forbidden:
        return N
    except Conflict:
        return Y  # past the door: refused by the case's state, not by the caller's rights
    except HcsError as exc:
        return f"error: {exc.code} {exc.message}"
    return Y


def test_each_roles_rights_over_a_case(start_cases, amqp_uri):
    _, engine = start_cases()
    publish_event(amqp_uri, "report_received", "r-m", report_data("r-m"))
    with as_role(amqp_uri, "manager", "m-1", team="head-office") as rpc:
        case_id = wait_for(lambda: _case_for(rpc, "r-m"), message="the case")
    with engine.connect() as conn:
        before = conn.execute(select(tables.audit_log.c.id).order_by(tables.audit_log.c.id.desc())).scalar()
    actual = {}
    for op, call in calls(case_id).items():
        row = []
        for role, user, team, streams in PERSONAS.values():
            with as_role(amqp_uri, role, user, team=team, streams=streams) as rpc:
                row.append(outcome(call, rpc))
        actual[op] = tuple(row)
    assert actual == EXPECTED
    refusals = sum(row.count(N) for row in EXPECTED.values())
    with engine.connect() as conn:
        audited = conn.execute(select(tables.audit_log.c.action, tables.audit_log.c.outcome)
                               .where(tables.audit_log.c.id > before, tables.audit_log.c.outcome == "refused")).all()
    assert len(audited) == refusals  # every refusal is on the audit log, named by the action


def _case_for(rpc, report_id):
    from hcs.errors import NotFound

    try:
        return rpc.cases.case_for_report(report_id)["case_id"]
    except NotFound:
        return None


def test_bad_input_is_named_field_by_field_and_nothing_is_written(start_cases, amqp_uri):
    from hcs.errors import NotFound, ValidationFailed

    _, engine = start_cases()
    publish_event(amqp_uri, "report_received", "r-v", report_data("r-v"))
    with as_role(amqp_uri, "housing_officer", "o-north", streams=("general_needs",)) as rpc:
        case_id = wait_for(lambda: _case_for(rpc, "r-v"), message="the case")
        with engine.connect() as conn:
            events_before = conn.execute(select(tables.outbox.c.id)).all()
        try:
            rpc.cases.record_contact(case_id, {"kind": "carrier pigeon", "party": "victim", "summary": ""})
        except ValidationFailed as exc:
            assert set(exc.fields) == {"kind", "direction", "summary"}
        else:
            raise AssertionError("a bad contact was accepted")
        try:
            rpc.cases.assess_risk("x" * 500, {"factors": FACTORS})
        except ValidationFailed as exc:
            assert set(exc.fields) == {"case_id"}
        else:
            raise AssertionError("an impossible case id was accepted")
        try:
            rpc.cases.get_case("no-such-case")
        except NotFound:
            pass
        else:
            raise AssertionError("a case that does not exist was found")
        detail = rpc.cases.get_case(case_id)
    assert detail["contacts"] == []
    with engine.connect() as conn:
        assert conn.execute(select(tables.outbox.c.id)).all() == events_before
