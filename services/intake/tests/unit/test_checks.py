"""Rules across a report's fields, and the size limits of every part of the common form."""

from __future__ import annotations

import copy
from datetime import UTC, datetime

import pytest

from hcs.errors import ValidationFailed
from intake import schemas
from intake.schemas import ReportSchema

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
FORM = {
    "idempotency_key": "key-00000001", "channel": "phone", "stream": "general_needs",
    "reporter": {"role": "victim"},
    "incident": {"occurred_at": "2026-11-20T21:30:00+00:00", "narrative": "Words shouted.", "types": ["verbal_abuse"]},
}


def problems(**changes):
    payload = {**copy.deepcopy(FORM), **changes}
    try:
        schemas.load(ReportSchema(now=NOW), payload, "report")
    except ValidationFailed as error:
        return error.fields
    return {}


def incident(**times):
    return {"narrative": "Words shouted.", "types": ["verbal_abuse"], **times}


def test_the_smallest_report_is_valid_and_anonymous_reports_are_allowed():
    assert problems() == {}
    assert problems(anonymous=True, reporter={"role": "third_party"}, victims=[{"address": {"uprn": "1"}}]) == {}


@pytest.mark.parametrize("times,path,message", [
    ({}, "incident.occurred_at", "Say when it happened"),
    ({"occurred_at": "2026-11-20T21:30:00+00:00", "occurred_from": "2026-11-20T21:00:00+00:00"},
     "incident.occurred_at", "not both"),
    ({"occurred_until": "2026-11-20T21:00:00+00:00"}, "incident.occurred_from", "needs its start"),
    ({"occurred_from": "2026-11-20T22:00:00+00:00", "occurred_until": "2026-11-20T21:00:00+00:00"},
     "incident.occurred_until", "Must not be before"),
    ({"occurred_at": "2026-11-22T21:30:00+00:00"}, "incident.occurred_at", "future"),
    ({"occurred_at": "2026-11-20T21:30:00"}, "incident.occurred_at", "aware"),
])
def test_incident_times(times, path, message):
    found = problems(incident=incident(**times))
    assert message in " ".join(found[path])


def test_a_range_is_a_valid_time():
    assert problems(incident=incident(occurred_from="2026-11-19T00:00:00+00:00",
                                      occurred_until="2026-11-20T00:00:00+01:00")) == {}


def test_pol2_who_perceived_it_is_required_with_a_strand():
    assert "perception.perceived_by" in problems(perception={"strands": ["race"]})
    assert problems(perception={"strands": ["race"], "perceived_by": "witness"}) == {}
    assert problems(perception={"strands": []}) == {}


def test_pol3_an_offer_of_an_officer_needs_its_answer():
    assert "officer_offer.answer" in problems(officer_offer={"offered": True})
    assert "officer_offer.answer" in problems(officer_offer={"offered": False, "answer": "same_sex"})
    assert problems(officer_offer={"offered": True, "answer": "no_preference"}) == {}
    assert problems(officer_offer={"offered": False}) == {}


def test_a_crime_reference_means_the_police_were_informed():
    assert "police.crime_reference" in problems(police={"informed": False, "crime_reference": "CAD 1"})
    assert problems(police={"informed": True, "crime_reference": "CAD 1"}) == {}


def test_an_anonymous_report_holds_no_victim_identity():
    found = problems(anonymous=True, reporter={"role": "victim", "name": "A Tenant"},
                     victims=[{"name": "A Tenant", "contact": "07700 900123", "safe_contact": {"method": "phone"}}])
    assert {"reporter.name", "victims.0.name", "victims.0.contact", "victims.0.safe_contact"} <= set(found)
    assert problems(anonymous=True, reporter={"role": "witness", "contact": "07700 900000"}) == {}


def test_an_unknown_perpetrator_has_no_name():
    assert "perpetrators.0.name" in problems(perpetrators=[{"known": False, "name": "Someone"}])
    assert problems(perpetrators=[{"known": False, "description": "tall, red jacket"}]) == {}


def test_what_staff_observed_is_reported_by_staff():
    assert "reporter.role" in problems(channel="staff_observed")
    assert problems(channel="staff_observed", reporter={"role": "staff"}) == {}


@pytest.mark.parametrize("path,value", [
    (("incident", "narrative"), "x" * 10_001), (("reporter", "name"), "x" * 121), (("reporter", "contact"), "x" * 201),
    (("victims",), [{}] * 11), (("perpetrators",), [{"known": False}] * 11), (("witnesses",), [{}] * 21),
    (("victims",), [{"vulnerabilities": ["x" * 101]}]), (("victims",), [{"vulnerabilities": ["x"] * 21}]),
    (("victims",), [{"language": "x" * 61}]), (("damage",), {"description": "x" * 501}),
    (("police",), {"informed": True, "crime_reference": "x" * 41}), (("idempotency_key",), "k" * 101),
    (("household",), {"size": 31}), (("previous_incidents",), {"count": 10_001}),
    (("victims",), [{"address": {"uprn": "1234567890123"}}]), (("victims",), [{"address": {"postcode": "E1 6AN X"}}]),
], ids=lambda v: ".".join(map(str, v)) if isinstance(v, tuple) else "")
def test_every_part_has_a_size_limit(path, value):
    payload = copy.deepcopy(FORM)
    node = payload
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    with pytest.raises(ValidationFailed) as error:
        schemas.load(ReportSchema(now=NOW), payload)
    assert any(p.startswith(path[0]) for p in error.value.fields)
    assert "x" * 40 not in str(error.value.fields)


def test_text_is_trimmed_blank_optional_text_is_absent_and_control_characters_are_refused():
    loaded = schemas.load(ReportSchema(now=NOW), {**FORM, "reporter": {"role": "witness", "name": "  Ann  ",
                                                                         "contact": "   "}})
    assert loaded["reporter"] == {"role": "witness", "name": "Ann", "contact": None}
    assert "reporter.name" in problems(reporter={"role": "witness", "name": "A\x00nn"})


def test_addresses_are_normalised_and_say_where():
    loaded = schemas.load(ReportSchema(now=NOW), {**FORM, "household": {"address": {"uprn": 100023336956,
                                                                                     "postcode": "e16an"}}})
    assert loaded["household"]["address"] == {"uprn": "100023336956", "postcode": "E1 6AN"}
    assert "household.address._schema" in problems(household={"address": {}})


def test_every_bad_field_is_named_at_once():
    found = problems(channel="pigeon", stream="mixed", reporter={"role": "king"},
                     incident={"narrative": "", "types": ["shouting"], "occurred_at": "yesterday"},
                     police={"informed": False, "crime_reference": "CAD 1"})
    assert {"channel", "stream", "reporter.role", "incident.narrative", "incident.types.0", "incident.occurred_at",
            "police.crime_reference"} <= set(found)
