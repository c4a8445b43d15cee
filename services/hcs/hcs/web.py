"""The HTTP side every service shares: ``@http`` entrypoints whose every refusal is JSON.

nameko's own web server answers an address it has no entrypoint for, or a method an entrypoint does
not take, with werkzeug's HTML pages (a redirect page repeats the address it was sent), and an
exception that escapes an entrypoint with a plain-text 500 repeating the exception's message. Here
each is ``{"error": ..., "message": ...}`` with a fixed message: nothing of the request comes back.

Every service class uses ``hcs.web.http`` (never ``nameko.web.handlers.http``): the entrypoints of a
container share one web server, found by its class.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from nameko.web.handlers import HttpRequestHandler
from nameko.web.server import WebServer, WsgiApp
from werkzeug.exceptions import BadRequest, HTTPException, MethodNotAllowed
from werkzeug.routing import RequestRedirect
from werkzeug.wrappers import Request, Response

from hcs.errors import HcsError

log = logging.getLogger(__name__)

_ROUTING = {404: ("not_found", "there is no endpoint at this address"),
            405: ("method_not_allowed", "this endpoint does not take that method")}


class PayloadTooLarge(HcsError):
    """A request body above the endpoint's limit (HTTP 413)."""

    code = "payload_too_large"


def error_response(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> Response:
    body = json.dumps({"error": code, "message": message})
    return Response(body, status=status, headers=headers, content_type="application/json")


def read_body(request: Request, max_bytes: int) -> bytes:
    """The request body, at most ``max_bytes`` (whatever Content-Length says, or without one)."""
    if request.content_length is not None and request.content_length > max_bytes:
        raise PayloadTooLarge(f"a request body is at most {max_bytes} bytes")
    body: bytes = request.stream.read(max_bytes + 1)
    if len(body) > max_bytes:
        raise PayloadTooLarge(f"a request body is at most {max_bytes} bytes")
    return body


def parse_json(body: bytes) -> Any:
    """A JSON document, or None for an empty body; ValueError for anything else (invalid UTF-8,
    not JSON, nested too deep to parse)."""
    if not body:
        return None
    try:
        return json.loads(body.decode("utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise ValueError("not a JSON document (UTF-8)") from exc


def _routing_error(exc: HTTPException) -> Response:
    if isinstance(exc, RequestRedirect):  # an address that is not canonical: not an endpoint's
        return error_response(404, *_ROUTING[404])
    status = exc.code or 400
    code, message = _ROUTING.get(status, ("bad_request", "the request could not be understood"))
    headers = {"Allow": ", ".join(exc.valid_methods)} if isinstance(exc, MethodNotAllowed) and exc.valid_methods \
        else None
    return error_response(status, code, message, headers)


class JsonWsgiApp(WsgiApp):  # type: ignore[misc]
    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ, shallow=True)
        try:
            provider, values = self.url_map.bind_to_environ(environ).match()
        except HTTPException as exc:
            return _routing_error(exc)(environ, start_response)
        request.path_values = values  # type: ignore[attr-defined]  # what nameko passes to entrypoints
        return provider.handle_request(request)(environ, start_response)


class JsonWebServer(WebServer):  # type: ignore[misc]
    def get_wsgi_app(self) -> JsonWsgiApp:
        return JsonWsgiApp(self)


class JsonHttpEntrypoint(HttpRequestHandler):  # type: ignore[misc]
    server = JsonWebServer()

    def response_from_exception(self, exc: Exception) -> Response:
        if isinstance(exc, BadRequest):
            return error_response(400, "bad_request", "the request could not be understood")
        log.error("an HTTP entrypoint failed: %s", type(exc).__name__)
        return error_response(500, "internal_error", "the request could not be handled")


http = JsonHttpEntrypoint.decorator
