"""The common reporting form over HTTP: each centre with its own key, attributed to it; JSON only,
size-capped; 400/401/409/413/415 as structured errors; a retry is safe."""

from __future__ import annotations

import json

import pytest
import requests
from sqlalchemy import select

from hcs import tables
from hcs.testing.plugin import RpcClient, token
from intake.adapters.orm import reports

from .conftest import CENTRE_KEY, PARTNER_KEY, sample_report


def post(intake, body, key=CENTRE_KEY, content_type="application/json"):
    headers = {"Content-Type": content_type}
    if key:
        headers["Authorization"] = f"Bearer {key}"
    data = body if isinstance(body, (bytes, str)) else json.dumps(body)
    return requests.post(f"{intake.base_url}/reports", data=data, headers=headers, timeout=10)


def centre_form(**changes):
    """What a third-party centre sends: no channel (it is the centre's), an anonymous victim."""
    form = sample_report(anonymous=True, reporter={"role": "third_party", "organisation": "Community Centre"},
                         victims=[{"address": {"uprn": "100023336999", "postcode": "E1 6AN"}, "language": "Somali",
                                   "interpreter_needed": True}], officer_offer=None, **changes)
    form.pop("channel")
    return form


@pytest.mark.parametrize("key,centre,channel", [(CENTRE_KEY, "east-centre", "third_party_centre"),
                                                (PARTNER_KEY, "police-hub", "partner_agency")])
def test_a_centres_report_is_taken_and_attributed_to_it(intake, key, centre, channel):
    response = post(intake, centre_form(), key)
    assert response.status_code == 201, response.text
    body = response.json()
    assert set(body) == {"report_id", "received_at", "duplicate_submission"}  # triage stays with the landlord
    r = reports.c
    [row] = intake.rows(select(r.submitted_by, r.submitter_role, r.centre, r.channel, r.anonymous)
                        .where(r.report_id == body["report_id"]))
    assert tuple(row) == (f"centre:{centre}", "partner", centre, channel, True)
    a = tables.audit_log.c
    assert intake.count(tables.audit_log, a.record_id == body["report_id"], a.actor == f"centre:{centre}") == 1
    with RpcClient(intake.amqp_uri, token("housing_officer")) as rpc:
        view = rpc.intake.get_report(body["report_id"])
    assert view["centre"] == centre and "interpreter_needed" in view["triage"]["flags"]


def test_a_retry_is_200_with_the_same_report_and_a_reused_key_409(intake):
    form = centre_form()
    first = post(intake, form)
    again = post(intake, form)
    clash = post(intake, {**form, "contact_consent": False})
    assert (first.status_code, again.status_code, clash.status_code) == (201, 200, 409)
    assert again.json() == {**first.json(), "duplicate_submission": True}
    assert clash.json()["error"] == "conflict"
    assert intake.count(reports, reports.c.idempotency_key == form["idempotency_key"]) == 1


def test_another_channel_is_refused(intake):
    response = post(intake, {**centre_form(), "channel": "phone"})
    assert response.status_code == 400 and set(response.json()["fields"]) == {"channel"}


@pytest.mark.parametrize("key", [None, "not-a-registered-key-000", CENTRE_KEY + "x"])
def test_without_a_registered_key_401_and_audited(intake, key):
    form = centre_form()
    before = intake.count(tables.audit_log, tables.audit_log.c.action == "intake.submit_report_form")
    response = post(intake, form, key)
    assert response.status_code == 401 and response.json()["error"] == "unauthenticated"
    assert intake.count(reports, reports.c.idempotency_key == form["idempotency_key"]) == 0
    assert intake.count(tables.audit_log, tables.audit_log.c.action == "intake.submit_report_form") == before + 1


def test_json_only_415(intake):
    response = post(intake, "channel=phone", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415 and response.json()["error"] == "unsupported_media_type"


def test_too_large_413_before_the_body_is_read(intake):
    response = post(intake, {**centre_form(), "padding": "x" * (70 * 1024)})
    assert response.status_code == 413 and response.json()["error"] == "payload_too_large"


@pytest.mark.parametrize("body", [b"{not json", b"[1, 2]", b"null", b"\"Zq7-PERSONAL\""])
def test_not_a_report_object_400(intake, body):
    response = post(intake, body)
    assert response.status_code == 400 and response.json()["error"] == "validation_failed"
    assert response.json()["fields"]["_schema"] and "Zq7" not in response.text


def test_a_bad_report_400_names_every_bad_field_and_stores_nothing(intake):
    form = centre_form(stream="mixed", incident={"types": ["shouting"], "narrative": ""},
                       perception={"strands": ["race"]})
    response = post(intake, form)
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"stream", "incident.types.0", "incident.narrative",
                                              "incident.occurred_at", "perception.perceived_by"}
    assert intake.count(reports, reports.c.idempotency_key == form["idempotency_key"]) == 0
