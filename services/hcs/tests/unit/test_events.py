from datetime import UTC, datetime

import pytest

from hcs.contracts import CATALOGUE, SOURCES
from hcs.events import ContractViolation, InvalidEvent, new_event, parse_envelope

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
LINKED = {"case_id": "c1", "report_id": "r1", "linked_at": NOW, "stream": "general_needs"}


def test_every_catalogued_type_has_one_source():
    assert {t for t, _ in CATALOGUE} == set(SOURCES)


def test_round_trip_through_the_wire_keeps_types():
    event = new_event("report_linked", "c1", LINKED, NOW)
    parsed = parse_envelope(event.to_envelope())
    assert parsed == event and parsed.data["linked_at"] == NOW


def test_publishing_a_payload_that_breaks_its_contract_is_refused():
    with pytest.raises(ContractViolation, match="stream"):
        new_event("report_linked", "c1", {**LINKED, "stream": "elsewhere"}, NOW)


@pytest.mark.parametrize("mutate", [
    lambda e: e.pop("event_id"),
    lambda e: e.update(event_type="unknown_type"),
    lambda e: e.update(schema_version=99),
    lambda e: e.update(occurred_at="yesterday"),
    lambda e: e["data"].pop("case_id"),
    lambda e: e["data"].update(extra_field="x"),
])
def test_received_envelopes_that_break_the_contract_are_invalid(mutate):
    envelope = new_event("report_linked", "c1", LINKED, NOW).to_envelope()
    mutate(envelope)
    with pytest.raises(InvalidEvent):
        parse_envelope(envelope)


def test_non_object_bodies_are_invalid():
    for body in (None, "text", [1, 2], 42):
        with pytest.raises(InvalidEvent):
            parse_envelope(body)
