"""The HTTP side of the common form: the centre's key, JSON only, the size cap, the channel."""

from __future__ import annotations

import hashlib
import json

import pytest
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from hcs.errors import Unauthenticated, ValidationFailed
from intake.adapters import form
from intake.settings import Centre, intake_settings

from .conftest import NOW

KEY = "centre-key-0123456789abcdef"
SETTINGS = intake_settings({"centres": {"east-centre": hashlib.sha256(KEY.encode()).hexdigest(),
                                        "police-hub": {"key_sha256": hashlib.sha256(b"x" * 20).hexdigest(),
                                                       "channel": "partner_agency"}}}, "s" * 40)
EAST = Centre("east-centre", hashlib.sha256(KEY.encode()).hexdigest(), "third_party_centre")
FORM = {"idempotency_key": "centre-0000001", "stream": "general_needs", "reporter": {"role": "third_party"},
        "incident": {"occurred_at": "2026-11-20T21:30:00+00:00", "narrative": "Abuse.", "types": ["verbal_abuse"]}}


def request(body: bytes = b"{}", content_type: str = "application/json", key: str | None = KEY, **headers) -> Request:
    if key is not None:
        headers["Authorization"] = f"Bearer {key}"
    return Request(EnvironBuilder(method="POST", path="/reports", data=body, content_type=content_type,
                                  headers=headers).get_environ())


def test_a_registered_key_names_its_centre():
    assert form.authenticate(request(), SETTINGS).name == "east-centre"
    assert form.centre_caller(EAST).user_id == "centre:east-centre"


@pytest.mark.parametrize("key", [None, "", "wrong-key-0123456789", KEY.upper()])
def test_anything_else_is_unauthenticated(key):
    with pytest.raises(Unauthenticated):
        form.authenticate(request(key=key), SETTINGS)


def test_basic_or_other_schemes_are_refused():
    with pytest.raises(Unauthenticated):
        form.authenticate(request(key=None, Authorization=f"Basic {KEY}"), SETTINGS)


def test_json_only():
    with pytest.raises(form.UnsupportedMediaType):
        form.read_json(request(b"a=1", "application/x-www-form-urlencoded"), 1024)


def test_the_size_cap_holds_with_or_without_a_length():
    with pytest.raises(form.PayloadTooLarge):
        form.read_json(request(b"[" + b"1," * 600 + b"1]"), 1024)
    chunked = request(b"[" + b"1," * 600 + b"1]")
    chunked.environ.pop("CONTENT_LENGTH")
    chunked.environ.update({"HTTP_TRANSFER_ENCODING": "chunked", "wsgi.input_terminated": True})
    with pytest.raises(form.PayloadTooLarge):
        form.read_json(chunked, 1024)


@pytest.mark.parametrize("body", [b"{not json", b"\xff\xfe", b"[" * 5000 + b"]" * 5000])
def test_a_body_that_is_not_json_is_a_validation_error(body):
    with pytest.raises(ValidationFailed) as error:
        form.read_json(request(body), 64 * 1024)
    assert error.value.fields == {"_schema": ["Not valid JSON (UTF-8)."]}


def test_a_centres_report_takes_the_centres_channel():
    assert form.load_report(dict(FORM), EAST, NOW)["channel"] == "third_party_centre"
    assert form.load_report({**FORM, "channel": "third_party_centre"}, EAST, NOW)["channel"] == "third_party_centre"


def test_another_channel_is_refused_with_every_other_bad_field():
    with pytest.raises(ValidationFailed) as error:
        form.load_report({**FORM, "channel": "phone", "stream": "mixed"}, EAST, NOW)
    assert set(error.value.fields) == {"channel", "stream"}


def test_statuses():
    assert [form.HTTP_STATUS[c] for c in ("validation_failed", "unauthenticated", "conflict", "payload_too_large",
                                          "unsupported_media_type")] == [400, 401, 409, 413, 415]
    assert json.loads(json.dumps(form.HTTP_STATUS))
