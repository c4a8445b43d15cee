"""Malformed reports: always one ValidationFailed naming fields, never a crash, never an echo of
what was submitted (it may be personal data)."""

from __future__ import annotations

import copy
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from hcs import schemas
from hcs.errors import ValidationFailed
from intake.schemas import ReportSchema

VALID = {
    "idempotency_key": "key-00000001", "channel": "phone", "stream": "general_needs",
    "reporter": {"role": "victim"},
    "victims": [{"name": "A Tenant", "address": {"uprn": "100023336956", "postcode": "E1 6AN"}}],
    "incident": {"occurred_at": "2026-11-20T21:30:00+00:00", "narrative": "Words shouted.", "types": ["verbal_abuse"]},
    "perception": {"strands": ["race"], "perceived_by": "victim"},
}
PATHS = [("channel",), ("stream",), ("reporter", "role"), ("incident", "types"), ("incident", "occurred_at"),
         ("incident", "narrative"), ("perception", "perceived_by"), ("victims", 0, "address", "postcode"),
         ("idempotency_key",)]
MARKER = "Zq7-PERSONAL-"
junk = st.one_of(st.integers(), st.floats(allow_nan=False), st.booleans(), st.none(),
                 st.text(max_size=30).map(lambda t: MARKER + t), st.lists(st.integers(), max_size=3),
                 st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
                 st.just(MARKER + "x" * 20_000))


def set_path(doc, path, value):
    for key in path[:-1]:
        doc = doc[key]
    doc[path[-1]] = value


def test_the_valid_sample_loads():
    assert schemas.load(ReportSchema(), copy.deepcopy(VALID))["channel"] == "phone"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(PATHS), junk), min_size=1, max_size=4),
       st.dictionaries(st.text(min_size=1, max_size=8).filter(lambda k: k not in VALID), junk, max_size=2))
def test_malformed_reports_get_one_structured_error(corruptions, extra_fields):
    payload = copy.deepcopy(VALID)
    for path, value in corruptions:
        set_path(payload, path, value)
    payload.update(extra_fields)
    try:
        schemas.load(ReportSchema(), payload)
    except ValidationFailed as error:
        assert error.fields and all(isinstance(m, list) and m for m in error.fields.values())
        assert MARKER not in json.dumps(error.fields) and MARKER not in str(error)
        return
    # some corruptions are still valid (e.g. a null optional left valid): then nothing was wrong
    assert not extra_fields


@given(junk)
def test_a_body_that_is_not_an_object_is_refused(body):
    try:
        schemas.load(ReportSchema(), body)
    except ValidationFailed as error:
        assert MARKER not in str(error) and MARKER not in json.dumps(error.fields)
    else:
        raise AssertionError("a non-object body was accepted")
