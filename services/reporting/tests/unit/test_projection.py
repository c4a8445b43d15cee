"""The read model's rules: built only from events, the same whatever order they arrive in (each event
type has its own queue), and holding nothing that could identify a person."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reporting.domain.changes import Change, Guard, apply_to_row
from reporting.domain.classify import STRAND_BITS
from reporting.domain.rules import changes_for
from reporting.service_layer.handlers import record_fact


def project(read_model, events):
    for e in events:
        for change in changes_for(e.event_type, e.event_id, e.data):
            read_model.apply(change)
    return {t: sorted(read_model.rows(t), key=repr) for t in read_model.tables}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.randoms(use_true_random=False))
def test_any_order_of_arrival_builds_the_same_read_model(data, rng):
    """The ``data`` fixture only hands out functions, so sharing it between examples is safe."""
    events = data.events()
    expected = project(data.ReadModel(), events)
    shuffled = list(events)
    rng.shuffle(shuffled)
    assert project(data.ReadModel(), shuffled) == expected


def test_a_report_keeps_its_perception_and_areas_but_no_address(data):
    rm = data.ReadModel()
    project(rm, [e for e in data.events() if e.data.get("report_id") == "r2" and e.event_type == "report_received"])
    [row] = rm.rows("incidents")
    assert row["racist"] and row["hate"] and row["strand_mask"] == STRAND_BITS["race"]
    assert (row["postcode_sector"], row["postcode_unit"], row["uprn"]) == ("SW1A 1", "SW1A 1AA", "1")
    assert not {"line", "household_key", "perpetrator_keys", "address"} & set(row)
    assert "1 Secret Street" not in repr(row) and "secret" not in repr(row)


def test_an_amendment_wins_over_the_report_whenever_it_arrives(data):
    [received, amended] = [e for e in data.events() if e.data.get("report_id") == "r10" and e.event_type.startswith(
        "report_")]
    for order in ([received, amended], [amended, received]):
        rm = data.ReadModel()
        project(rm, order)
        [row] = rm.rows("incidents")
        assert (row["version"], row["racist"], row["received_at"]) == (2, True, received.data["received_at"])


def test_withdrawn_in_error_is_void_but_at_the_reporters_request_still_counts(data):
    rm = data.ReadModel()
    project(rm, data.events())
    rows = {r["report_id"]: r for r in rm.rows("incidents")}
    assert rows["r8"]["void"] and not rows["r9"]["void"] and rows["r9"]["withdrawn_reason"] == "reporter_request"


def test_a_late_first_contact_is_judged_against_its_due_time(data):
    rm = data.ReadModel()
    project(rm, data.events())
    cases = {r["case_id"]: r for r in rm.rows("cases")}
    assert cases["c3"]["first_contact_within"] is False and cases["c2"]["first_contact_within"] is True
    assert cases["c10"]["hate_now"] and not cases["c10"]["hate_at_opening"]  # POL-2: the original kept


def test_the_same_event_twice_is_one_fact_and_one_effect(fake_uow, data):
    refusal = data.refused("c1", "general_needs", "2026-04-04T10:00:00", "no_consent")
    for _ in range(2):
        record_fact(fake_uow, refusal)
    assert len(fake_uow.facts.stored) == 1 and len(fake_uow.read_model.rows("refusals")) == 1


def test_guards_keep_the_latest_or_the_earliest():
    row = apply_to_row(None, Change("t", {"k": 1}, guards=(Guard("at", 5, "latest", {"v": "five"}),)))
    row = apply_to_row(row, Change("t", {"k": 1}, guards=(Guard("at", 3, "latest", {"v": "three"}),)))
    assert row["v"] == "five"
    row = apply_to_row(row, Change("t", {"k": 1}, first={"f": 1}, guards=(Guard("first_at", 9, "earliest"),)))
    row = apply_to_row(row, Change("t", {"k": 1}, first={"f": 2}, guards=(Guard("first_at", 7, "earliest"),)))
    assert (row["f"], row["first_at"]) == (1, 7)
