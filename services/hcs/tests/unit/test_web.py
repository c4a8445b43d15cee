"""Every refusal of a service's HTTP server is JSON that repeats nothing of the request: an address
with no endpoint, a method it does not take, a non-canonical address, an entrypoint that fails; and
request bodies are read up to their limit only."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
import requests
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request, Response

from hcs.errors import ValidationFailed
from hcs.schemas import load
from hcs.testing.plugin import free_port
from hcs.web import PayloadTooLarge, http, parse_json, read_body

SECRET = "Jane-Doe-07700-900123"


class WebProbe:
    name = "web_probe"

    @http("POST", "/things/<name>")
    def post_thing(self, request: Request, name: str) -> Response:
        return Response(json.dumps({"name": name}), content_type="application/json")

    @http("GET", "/boom")
    def boom(self, request: Request) -> Response:
        raise KeyError(SECRET)


@pytest.fixture
def base_url(container_factory: Any) -> str:
    port = free_port()
    container = container_factory(WebProbe, {"WEB_SERVER_ADDRESS": f"127.0.0.1:{port}", "AMQP_URI": "memory://"})
    container.start()
    return f"http://127.0.0.1:{port}"


def error_of(response: requests.Response) -> str:
    assert response.headers["Content-Type"] == "application/json"
    assert SECRET not in response.text
    return str(response.json()["error"])


def test_routing_refusals_and_failures_are_json_without_the_request(base_url: str) -> None:
    assert requests.post(f"{base_url}/things/a", timeout=10).json() == {"name": "a"}
    missing = requests.post(f"{base_url}/things/{SECRET}/more", timeout=10)
    assert (missing.status_code, error_of(missing)) == (404, "not_found")
    wrong = requests.delete(f"{base_url}/things/{SECRET}", timeout=10)
    assert (wrong.status_code, error_of(wrong), wrong.headers["Allow"]) == (405, "method_not_allowed", "POST")
    merged = requests.post(f"{base_url}/things//{SECRET}", timeout=10, allow_redirects=False)  # werkzeug redirects
    assert (merged.status_code, error_of(merged)) == (404, "not_found")
    failed = requests.get(f"{base_url}/boom", timeout=10)
    assert (failed.status_code, error_of(failed)) == (500, "internal_error")


def request_with(body: bytes, content_length: bool = True) -> Request:
    environ = EnvironBuilder(method="POST", input_stream=io.BytesIO(body)).get_environ()
    if content_length:
        environ["CONTENT_LENGTH"] = str(len(body))
    else:  # a chunked body: no length announced, the stream ends where the body ends
        environ.pop("CONTENT_LENGTH", None)
        environ["wsgi.input_terminated"] = True
    return Request(environ)


@pytest.mark.parametrize("announced", [True, False])
def test_a_body_is_read_up_to_its_limit(announced: bool) -> None:
    assert read_body(request_with(b"x" * 100, announced), 100) == b"x" * 100
    with pytest.raises(PayloadTooLarge):
        read_body(request_with(b"x" * 101, announced), 100)


@pytest.mark.parametrize("body", [b"[" * 100_000 + b"]" * 100_000, b'{"a": "\xff"}', b"{", b"\x00"])
def test_what_is_not_a_json_document_is_a_value_error(body: bytes) -> None:
    with pytest.raises(ValueError):
        parse_json(body)


def test_an_empty_body_is_none() -> None:
    assert parse_json(b"") is None and parse_json(b"null") is None and parse_json(b'{"a": 1}') == {"a": 1}


def test_unknown_field_names_are_not_sent_back() -> None:
    from marshmallow import Schema, fields

    class Thing(Schema):
        name = fields.String(required=True)

    with pytest.raises(ValidationFailed) as refused:
        load(Thing(), {"name": "a", f"<b>{SECRET}</b>": 1, "plain_extra": 2})
    assert refused.value.fields == {"<unknown>": ["Unknown field."], "plain_extra": ["Unknown field."]}
