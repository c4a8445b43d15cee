"""Malformed reports (property-based): always one ValidationFailed naming each corrupted field, never
a crash, never an echo of what was submitted (it may be personal data)."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from hcs.errors import ValidationFailed
from intake import schemas
from intake.schemas import ReportSchema, safe_path

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
VALID = {
    "idempotency_key": "key-00000001", "channel": "phone", "stream": "general_needs",
    "reporter": {"role": "victim"},
    "victims": [{"name": "A Tenant", "address": {"uprn": "100023336956", "postcode": "E1 6AN"}}],
    "household": {"tenant": True},
    "incident": {"occurred_at": "2026-11-20T21:30:00+00:00", "narrative": "Words shouted.", "types": ["verbal_abuse"]},
    "perception": {"strands": ["race"], "perceived_by": "victim"},
    "perpetrators": [{"known": True}],
    "police": {"informed": True}, "officer_offer": {"offered": True, "answer": "no_preference"},
}
MARKER = "Zq7-PERSONAL-"
marker_text = st.text(max_size=30).map(lambda t: MARKER + t)
huge = st.just(MARKER + "x" * 20_000)
non_string = st.one_of(st.integers(min_value=2), st.integers(max_value=-1), st.lists(st.integers(), max_size=3),
                       st.dictionaries(st.text(max_size=5), st.integers(), max_size=2))
word = st.one_of(non_string, st.floats(allow_nan=False), marker_text, st.none())   # not in any vocabulary
yes_no = st.one_of(non_string, marker_text, st.none())                              # not a boolean
text = st.one_of(non_string, huge, st.none())                                       # not a (short) text
moment = st.one_of(non_string, marker_text, st.none())                              # not an aware time
types = st.one_of(marker_text, st.none(), st.just([]), st.lists(marker_text, min_size=1, max_size=3), non_string)
postcode = st.one_of(non_string, marker_text)
CORRUPTIONS = {
    ("channel",): word, ("stream",): word, ("reporter", "role"): word, ("incident", "types"): types,
    ("incident", "occurred_at"): moment, ("incident", "narrative"): text, ("perception", "perceived_by"): word,
    ("victims", 0, "address", "postcode"): postcode, ("idempotency_key",): st.one_of(non_string, huge, st.none()),
    ("perpetrators", 0, "known"): yes_no, ("police", "informed"): yes_no, ("officer_offer", "offered"): yes_no,
    ("incident", "location_type"): st.one_of(non_string, marker_text),
    ("victims", 0, "name"): st.one_of(non_string, huge),
}
corruption = st.sampled_from(sorted(CORRUPTIONS, key=str)).flatmap(lambda p: st.tuples(st.just(p), CORRUPTIONS[p]))
FIELD_NAMES = set(ReportSchema().fields)


def set_path(doc, path, value):
    for key in path[:-1]:
        doc = doc[key]
    doc[path[-1]] = value


def dotted(path) -> str:
    return ".".join(map(str, path))


def no_echo(error: ValidationFailed) -> None:
    assert MARKER not in json.dumps(error.fields) and MARKER not in str(error) and MARKER not in error.message


def test_the_valid_sample_loads():
    assert schemas.load(ReportSchema(now=NOW), copy.deepcopy(VALID))["channel"] == "phone"


@settings(max_examples=400, deadline=None)
@given(st.lists(corruption, min_size=1, max_size=4, unique_by=lambda c: c[0]))
def test_each_corrupted_field_is_named(corruptions):
    payload = copy.deepcopy(VALID)
    for path, value in corruptions:
        set_path(payload, path, value)
    try:
        schemas.load(ReportSchema(now=NOW), payload)
    except ValidationFailed as error:
        assert error.fields and all(isinstance(m, list) and m and all(isinstance(t, str) for t in m)
                                    for m in error.fields.values())
        for path, _ in corruptions:
            named = dotted(path)
            assert any(k == named or k.startswith(named + ".") for k in error.fields), (path, error.fields)
        no_echo(error)
    else:
        raise AssertionError("a corrupted report was accepted")


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.text(min_size=1, max_size=40).filter(lambda k: k not in FIELD_NAMES),
                       st.one_of(marker_text, st.integers()), min_size=1, max_size=3))
def test_unknown_fields_are_named_without_echoing_them(extra):
    payload = {**copy.deepcopy(VALID), **{MARKER + k: v for k, v in extra.items()}}
    try:
        schemas.load(ReportSchema(now=NOW), payload)
    except ValidationFailed as error:
        assert all(messages == ["Unknown field."] for messages in error.fields.values())
        assert set(error.fields) <= {safe_path(MARKER + k) for k in extra}
        no_echo(error)
    else:
        raise AssertionError("unknown fields were accepted")


@given(st.one_of(marker_text, st.integers(), st.lists(marker_text), st.none(), st.booleans()))
def test_a_body_that_is_not_an_object_is_refused(body):
    try:
        schemas.load(ReportSchema(now=NOW), body)
    except ValidationFailed as error:
        assert error.fields == {"_schema": ["Not an object."]}
        no_echo(error)
    else:
        raise AssertionError("a non-object body was accepted")
