"""Hot spots ranked by area with the change since the last period (code 1.2.2), and the anonymised
export for the local authority (POL-11; code 1.3.2)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from hcs.auth import Caller
from hcs.errors import Forbidden
from reporting.adapters.rendering.render import ThreadedRenderer
from reporting.domain.export import FIELD_NAMES, anonymise
from reporting.domain.hotspots import rank
from reporting.domain.postcodes import areas_of
from reporting.service_layer.areas import export_incidents, get_hot_spots
from reporting.service_layer.queries import ExportRequest, HotSpotQuery

DIRECTOR = Caller("od-1", "operations_director")
BOARD = Caller("b-1", "board_member")
DIRECT = ThreadedRenderer(execute=lambda fn, *args: fn(*args))


def test_postcodes_cut_to_district_sector_and_unit_and_nothing_is_guessed():
    assert areas_of(" sw1a1aa ") == areas_of("SW1A 1AA")
    e1 = areas_of("E1 6AN")
    assert (e1.district, e1.sector, e1.unit) == ("E1", "E1 6", "E1 6AN")
    assert areas_of("NOTAPC").sector is None and areas_of(None).sector is None


def test_areas_rank_by_incidents_then_name_with_the_change():
    spots = rank({"B 1": 5, "A 1": 5, "C 1": 9, None: 2}, {"A 1": 7, "C 1": 1}, top=2, suppressed=False)
    assert [(s.rank, s.area, s.incidents.numerator, s.change) for s in spots.spots] == [
        (1, "C 1", 9, 8), (2, "A 1", 5, -2)]
    assert spots.unmapped.numerator == 2 and spots.areas_with_incidents == 3


def test_suppressed_hot_spots_list_only_areas_of_five_or_more_and_hide_small_change():
    spots = rank({"A 1": 6, "B 1": 4}, {"A 1": 2}, top=10, suppressed=True)
    [only] = spots.spots
    assert (only.area, only.previous.text, only.change_text) == ("A 1", "<5", "*")


def test_q1_sectors_and_clusters_from_the_data_set(loaded_uow, data):
    report = get_hot_spots(loaded_uow, HotSpotQuery("2026-27-Q1"), DIRECTOR, data.settings)
    assert [(s.area, s.incidents.numerator, s.previous.numerator) for s in report.spots.spots] == [
        ("SW1A 1", 4, 1), ("E1 6", 2, 0)]  # r2 r3 r4 r10; r6 r9; before: r1 in Q4
    assert report.spots.unmapped.numerator == 1  # r7 gave no usable postcode
    clusters = get_hot_spots(loaded_uow, HotSpotQuery("2026-27-Q1", level="cluster"), DIRECTOR, data.settings)
    assert [(s.area, s.incidents.numerator, s.addresses, s.repeat_addresses) for s in clusters.spots.spots] == [
        ("E1 6AN", 2, 2, 0), ("SW1A 1AA", 2, 1, 1), ("SW1A 1AB", 2, 1, 1)]  # ties ranked by name
    assert report.months[:3] == [202601, 202602, 202603] and len(report.heat[0]) == 6


def test_board_members_see_sectors_only_and_no_small_figures(loaded_uow, data):
    report = get_hot_spots(loaded_uow, HotSpotQuery("2026-27-Q1"), BOARD, data.settings)
    assert report.spots.spots == [] and report.spots.unmapped.text == "<5"
    with pytest.raises(Forbidden):
        get_hot_spots(loaded_uow, HotSpotQuery("2026-27-Q1", level="cluster"), BOARD, data.settings)
    assert loaded_uow.audit.entries[-1].outcome == "refused"


def test_the_export_holds_no_identifier_address_or_exact_date(loaded_uow, data):
    artefact = export_incidents(loaded_uow, ExportRequest("2026-27-Q1", "csv"), DIRECTOR, data.settings, DIRECT)
    text = loaded_uow.artefacts.read(artefact.artefact_id, 0, 10**6).decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0]) == FIELD_NAMES and len(rows) == 7
    for banned in ("r2", "c2", "SW1A 1AA", "Secret", "secret", "2026-04-01", "general_needs", "uprn"):
        assert banned not in text
    assert {r["reported_month"] for r in rows} == {"2026-04", "2026-05", "2026-06"}
    # SW1A 1 has 4 incidents (< 5) so is widened to the district, also 4: no area at all
    assert {r["area"] for r in rows} == {""} and {r["area_level"] for r in rows} == {"none"}


def test_areas_widen_only_as_far_as_needed():
    rows = [{"report_id": f"r{i}", "received_at": None, "channel": "phone", "triage": "harassment", "hate": False,
             "racist": False, "postcode_sector": "E1 6" if i < 5 else "E1 7", "postcode_district": "E1"}
            for i in range(7)]
    for r in rows:
        from datetime import UTC, datetime

        r["received_at"] = datetime(2026, 5, 1, tzinfo=UTC)
    out = anonymise(rows, b"k" * 32)
    assert sorted((r["area"], r["area_level"]) for r in out) == [("E1", "district")] * 2 + [("E1 6", "sector")] * 5


def test_references_are_stable_for_one_key_and_differ_for_another():
    row = {"report_id": "r1", "received_at": __import__("datetime").datetime(2026, 5, 1, tzinfo=__import__(
        "datetime").UTC), "channel": "phone", "triage": "harassment", "hate": False, "racist": False}
    assert anonymise([row], b"a" * 32)[0]["reference"] == anonymise([row], b"a" * 32)[0]["reference"]
    assert anonymise([row], b"a" * 32)[0]["reference"] != anonymise([row], b"b" * 32)[0]["reference"]


def test_the_json_export_documents_its_fields_and_only_exporters_may_export(loaded_uow, data):
    artefact = export_incidents(loaded_uow, ExportRequest("2026-27-Q1", "json"), DIRECTOR, data.settings, DIRECT)
    body = json.loads(loaded_uow.artefacts.read(artefact.artefact_id, 0, 10**6))
    assert body["format"] == "hcs-incident-export" and body["count"] == 7
    assert [f["name"] for f in body["fields"]] == list(FIELD_NAMES)
    assert all(set(i) == set(FIELD_NAMES) for i in body["incidents"])
    for role in ("board_member", "manager", "senior", "housing_officer"):
        with pytest.raises(Forbidden):
            export_incidents(loaded_uow, ExportRequest("2026-27-Q1"), Caller("x", role), data.settings, DIRECT)
