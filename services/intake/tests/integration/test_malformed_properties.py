"""Property-based proof over the real service, by RPC and by the HTTP form: a malformed report
always gets one structured ValidationFailed (400) naming fields; nothing is stored; no submitted
value appears in the error or in any log line."""

from __future__ import annotations

import copy
import json
import logging

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hcs import tables
from hcs.errors import ValidationFailed
from hcs.testing.plugin import RpcClient, token
from intake.adapters.orm import report_versions, reports

from .conftest import CENTRE_KEY, MARKER, sample_report

marker_text = st.text(max_size=20).map(lambda t: MARKER + t)
junk = st.one_of(st.integers(min_value=2), st.none(), marker_text, st.lists(marker_text, max_size=2),
                 st.dictionaries(marker_text, marker_text, max_size=2), st.just(MARKER + "x" * 12_000))
PATHS = [("channel",), ("stream",), ("reporter", "role"), ("incident", "types"), ("incident", "occurred_at"),
         ("incident", "narrative"), ("perception", "perceived_by"), ("victims", 0, "address", "postcode"),
         ("perpetrators", 0, "known"), ("police", "informed"), ("officer_offer", "answer"), ("household", "size")]
corruptions = st.lists(st.tuples(st.sampled_from(PATHS), junk), min_size=1, max_size=3, unique_by=lambda c: c[0])
extra_keys = st.dictionaries(marker_text, junk, max_size=2)
PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def corrupted(changes, extra):
    payload = sample_report(channel="email")
    for path, value in changes:
        node = payload
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
    payload.update(extra)
    return payload


def still_valid(payload) -> bool:
    """Some junk is a valid value (null for an optional answer ...): those are not malformed."""
    from intake import schemas

    try:
        schemas.load(schemas.ReportSchema(), copy.deepcopy(payload))
    except ValidationFailed:
        return False
    return True


def stored(intake):
    return intake.count(reports), intake.count(report_versions), intake.count(tables.outbox)


def logged(caplog) -> str:
    return "\n".join(f"{r.getMessage()} {r.exc_text or ''}" for r in caplog.records)


@pytest.fixture
def everything_logged(caplog):
    caplog.set_level(logging.DEBUG)
    return caplog


@PROPERTY
@given(corruptions, extra_keys)
def test_by_rpc(intake, everything_logged, changes, extra):
    payload = corrupted(changes, extra)
    if still_valid(payload):
        return
    before = stored(intake)
    with RpcClient(intake.amqp_uri, token("housing_officer")) as rpc, pytest.raises(ValidationFailed) as error:
        rpc.intake.submit_report(payload)
    assert error.value.fields and all(isinstance(m, list) and m for m in error.value.fields.values())
    assert MARKER not in json.dumps(error.value.fields) and MARKER not in str(error.value)
    assert stored(intake) == before
    assert MARKER not in logged(everything_logged)


@PROPERTY
@given(corruptions, extra_keys)
def test_by_the_http_form(intake, everything_logged, changes, extra):
    payload = corrupted(changes, extra)
    payload.pop("channel")
    if still_valid({**payload, "channel": "third_party_centre"}):
        return
    before = stored(intake)
    response = requests.post(f"{intake.base_url}/reports", data=json.dumps(payload), timeout=10,
                             headers={"Authorization": f"Bearer {CENTRE_KEY}", "Content-Type": "application/json"})
    assert response.status_code in (400, 413), response.text
    body = response.json()
    if response.status_code == 400:
        assert body["error"] == "validation_failed" and body["fields"]
    assert MARKER not in response.text
    assert stored(intake) == before
    assert MARKER not in logged(everything_logged)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=300).map(lambda b: MARKER.encode() + b))
def test_any_bytes_by_the_http_form(intake, everything_logged, body):
    before = stored(intake)
    response = requests.post(f"{intake.base_url}/reports", data=body, timeout=10,
                             headers={"Authorization": f"Bearer {CENTRE_KEY}", "Content-Type": "application/json"})
    assert response.status_code == 400 and response.json()["error"] == "validation_failed"
    assert MARKER not in response.text and stored(intake) == before
    assert MARKER not in logged(everything_logged)
