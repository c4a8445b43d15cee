"""What reporting keeps of each event, and what it forgets when a record is erased: facts hold only
what the rules need; an erased report's UPRN and postcode unit go, from its facts and its row, while
every figure stays the same, after a rebuild too and in whatever order the facts are replayed."""

from __future__ import annotations

import json
import random

from hcs.auth import Caller
from hcs.events import new_event, parse_envelope
from reporting.domain.minimise import anonymise, minimise
from reporting.domain.postcodes import Areas, areas_of
from reporting.domain.rules import changes_for
from reporting.service_layer.handlers import get_indicators, rebuild, record_fact
from reporting.service_layer.queries import IndicatorQuery

DIRECTOR = Caller("od-1", "operations_director")
ADMIN = Caller("admin-1", "administrator")


def figures(uow, data):
    found = get_indicators(uow, IndicatorQuery(period="2026-27-Q1"), DIRECTOR, data.settings)
    return {f.indicator.key: {r.row.key: {c: cell.text for c, cell in r.cells.items()} for r in f.rows}
            for f in found.figures}


def envelope(fact_type, aggregate_id, data, when):
    return {"event_id": "6f0d6c2e-6c59-4b36-9f0e-5c1d7a6a2b11", "event_type": fact_type, "schema_version": 1,
            "occurred_at": when.isoformat(), "aggregate_id": aggregate_id,
            "data": json.loads(json.dumps(data, default=lambda v: v.isoformat()))}


def test_facts_keep_only_what_the_rules_need_and_still_meet_their_contracts(data):
    received = data.report("r1", "2026-04-01T10:00:00", "general_needs", "hate_incident", ("race",), "E1 6AN", "10")
    kept = minimise(received.event_type, received.data)
    assert kept["address"] == {"uprn": "10", "postcode": "E1 6AN", "line": None}
    assert (kept["household_key"], kept["perpetrator_keys"], kept["damage"]) == (None, [], None)
    repair = new_event("repair_requested", "c1", {
        "case_id": "c1", "stream": "general_needs", "request_id": "q1", "reported_at": data.now,
        "address": {"uprn": "10", "postcode": "E1 6AN", "line": "Flat 2"}, "description": "graffiti saying X",
        "location": "front door", "access_notes": "key at number 12"}, data.now)
    minimal = minimise("repair_requested", repair.data)
    assert "Flat 2" not in repr(minimal) and "number 12" not in repr(minimal) and "saying" not in repr(minimal)
    for event_type, aggregate, kept_data in (("report_received", "r1", kept), ("repair_requested", "c1", minimal),
                                             ("report_received", "r1", anonymise("report_received", received.data))):
        parse_envelope(envelope(event_type, aggregate, kept_data, data.now))  # a rebuild validates it again


def test_an_anonymised_report_keeps_its_sector_and_forgets_its_home(data):
    received = data.report("r1", "2026-04-01T10:00:00", "general_needs", postcode="SW1A 1AA", uprn="1")
    assert anonymise(received.event_type, received.data)["address"] == {"uprn": None, "postcode": "SW1A 1",
                                                                        "line": None}
    assert areas_of("SW1A 1") == Areas("SW1A", "SW1A 1", None)
    assert areas_of("E16").sector is None  # without the space it is a district, not a sector: no guess


def erase(uow, data):
    at = data.at("2032-07-01T10:00:00")
    for e in (new_event("case_erased", "c2", {"case_id": "c2", "stream": "general_needs", "erased_at": at,
                                              "rule": "closed_case", "report_ids": ["r2"]}, at),
              new_event("report_erased", "r3", {"report_id": "r3", "stream": "general_needs", "erased_at": at,
                                                "rule": "report_without_case"}, at)):
        with uow:
            record_fact(uow, e)
            uow.commit()


def test_erasure_anonymises_and_every_figure_stays_the_same_after_a_rebuild_too(loaded_uow, data):
    before = figures(loaded_uow, data)
    erase(loaded_uow, data)
    rows = {r["report_id"]: r for r in loaded_uow.read_model.rows("incidents")}
    assert (rows["r2"]["uprn"], rows["r2"]["postcode_unit"], rows["r2"]["postcode_sector"]) == (None, None, "SW1A 1")
    assert rows["r3"]["uprn"] is None and rows["r4"]["uprn"] == "1"  # r4: not erased
    assert figures(loaded_uow, data) == before
    kept = {f.aggregate_id: f.data for f in loaded_uow.facts.stored if f.event_type == "report_received"}
    assert kept["r2"]["address"] == {"uprn": None, "postcode": "SW1A 1", "line": None}
    assert {r["record_id"]: r["record_type"] for r in loaded_uow.read_model.rows("erasures")} == {
        "c2": "case", "r3": "report"}
    assert loaded_uow.erased.which(["c2", "r2", "r3", "r4"]) == {"c2", "r2", "r3"}

    rebuild(loaded_uow, ADMIN)
    rows = {r["report_id"]: r for r in loaded_uow.read_model.rows("incidents")}
    assert rows["r2"]["uprn"] is None and rows["r2"]["postcode_sector"] == "SW1A 1" and rows["r3"]["uprn"] is None
    assert figures(loaded_uow, data) == before


def test_the_facts_after_an_erasure_rebuild_the_same_rows_in_any_order(loaded_uow, data):
    erase(loaded_uow, data)
    facts = list(loaded_uow.facts.stored)

    def project(order):
        model = data.ReadModel()
        for fact in order:
            for change in changes_for(fact.event_type, fact.event_id, fact.data):
                model.apply(change)
        return {t: sorted(model.rows(t), key=repr) for t in model.tables}

    expected = project(facts)
    for seed in range(20):
        shuffled = list(facts)
        random.Random(seed).shuffle(shuffled)
        assert project(shuffled) == expected
    assert not [r for r in expected["incidents"] if r["report_id"] in ("r2", "r3") and r["uprn"]]
