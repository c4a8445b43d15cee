"""The Open311-shaped catalogue of job types: typed attributes checked per type, descriptions built
from the type and location (graffiti described, not quoted), target-hardening types (code 1.2.3)."""

from __future__ import annotations

import pytest

from hcs.contracts.common import JOB_TYPES
from repairs import open311
from repairs.domain.catalogue import CATALOGUE, attribute_problems, describe, infer_job_type


def test_the_catalogue_has_every_job_type_the_contracts_name() -> None:
    assert set(CATALOGUE) == set(JOB_TYPES)
    assert CATALOGUE["graffiti_removal"].evidence_before_work
    assert CATALOGUE["boarding_up"].can_be_made_safe and not CATALOGUE["lock_change"].can_be_made_safe
    assert {t.code for t in CATALOGUE.values() if t.group == "target_hardening"} >= {
        "lock_change", "door_reinforcement", "window_locks", "letterbox_fireproofing", "security_lighting",
        "alarm", "doorbell_camera"}


def test_descriptions_are_built_from_the_type_location_and_attributes() -> None:
    assert describe(CATALOGUE["graffiti_removal"], "front door", {}) == "Offensive graffiti removal, front door"
    glazing = describe(CATALOGUE["glazing"], "rear bedroom", {"panes": 2, "glass": "double_glazed_unit"})
    assert glazing == "Glazing repair, rear bedroom. Panes broken: 2. Glass: Double-glazed unit"
    measures = describe(CATALOGUE["door_reinforcement"], None, {"measures": ["door_chain", "london_bar"]})
    assert measures == "Door reinforcement. Measures: Door chain, London bar"


@pytest.mark.parametrize(("kind", "attributes", "problems"), [
    ("glazing", {"panes": 2, "glass": "laminated"}, {}),
    ("glazing", {"panes": 0}, {"attributes.panes": ["Between 1 and 20."]}),
    ("glazing", {"panes": "two"}, {"attributes.panes": ["Not a number."]}),
    ("glazing", {"colour": "red"}, {"attributes.colour": ["Not an attribute of glazing."]}),
    ("door_repair", {}, {"attributes.door": ["Required for this job type."]}),
    ("door_repair", {"door": "garage"}, {"attributes.door": ["One of: front, back, flat_entrance, "
                                                             "communal_entrance, other."]}),
    ("door_reinforcement", {"measures": ["door_chain", "door_chain"]}, {"attributes.measures": ["Each value once."]}),
    ("other", {"summary": "x" * 121}, {"attributes.summary": ["At most 120 characters."]}),
])
def test_attributes_are_checked_per_type(kind: str, attributes: dict, problems: dict) -> None:
    assert attribute_problems(CATALOGUE[kind], attributes) == problems


@pytest.mark.parametrize(("description", "kind"), [
    ("offensive graffiti", "graffiti_removal"), ("broken window", "glazing"), ("window locks", "window_locks"),
    ("letterbox", "letterbox_fireproofing"), ("front door kicked in", "door_repair"),
    ("slight damage", "other"), (None, "other")])
def test_a_request_naming_no_type_gets_one_from_its_description(description: str | None, kind: str) -> None:
    assert infer_job_type(description).code == kind


def test_the_catalogue_reads_as_open311_services() -> None:
    services = {s["service_code"]: s for s in open311.services()}
    glazing = services["glazing"]
    assert glazing["service_name"] == "Glazing repair" and glazing["metadata"] is True
    panes = glazing["attributes"][0]
    assert panes == {"variable": True, "code": "panes", "datatype": "number", "required": False, "order": 1,
                     "datatype_description": "A number", "description": "Panes broken", "minimum": 1, "maximum": 20}
    assert {"key": "laminated", "name": "Laminated"} in glazing["attributes"][1]["values"]
