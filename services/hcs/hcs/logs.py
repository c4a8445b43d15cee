"""Process logging: one JSON object per line, with the correlation id that follows a report.

A correlation id is born where a report enters the system (an RPC from a portal, which may pass
its own in context data under ``correlation_id``, or the reporting-centre form, which may send an
``X-Correlation-Id`` header) and travels on: nameko forwards context data to nested RPC calls, the
outbox writes it into every event envelope it publishes, and a consumer takes it from the envelope.
Every log line written while a worker runs carries it, so one grep follows a report from intake to
reporting. Audit rows carry the same id.

No personal data: handlers log identifiers only, and exceptions passed as log arguments are
written as their type alone (an exception's text may quote values, e.g. a database error's row),
never their message or traceback.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import sys
import uuid
from collections.abc import Iterator
from contextvars import ContextVar, Token
from datetime import UTC, datetime
from typing import Any

CORRELATION_KEY = "correlation_id"
CORRELATION_HEADER = "X-Correlation-Id"
_FORMAT = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
_current: ContextVar[dict[str, str] | None] = ContextVar("hcs_log_context", default=None)


def new_correlation_id() -> str:
    return uuid.uuid4().hex


def clean_correlation_id(value: Any) -> str | None:
    """The value if it is a well-formed id (letters, digits, ``._:-``, at most 64), else None:
    a caller cannot smuggle free text (a name, a newline) into logs and audit rows this way."""
    return value if isinstance(value, str) and _FORMAT.match(value) else None


def correlation_id_of(worker_ctx: Any) -> str:
    """The correlation id of a nameko worker, decided once and kept in its context data (so nested
    RPC calls forward it): an event's envelope, else the caller's context data or the form's
    header, else a new id."""
    cid = _carried_by_event(worker_ctx) or clean_correlation_id(worker_ctx.data.get(CORRELATION_KEY)) \
        or _carried_by_request(worker_ctx) or new_correlation_id()
    worker_ctx.data[CORRELATION_KEY] = cid
    return cid


def _carried_by_event(worker_ctx: Any) -> str | None:
    from nameko.events import EventHandler

    args = worker_ctx.args or ()
    if isinstance(worker_ctx.entrypoint, EventHandler) and args and isinstance(args[0], dict):
        # events from before correlation ids existed: their own id ties the lines together
        return clean_correlation_id(args[0].get(CORRELATION_KEY)) or clean_correlation_id(args[0].get("event_id"))
    return None


def _carried_by_request(worker_ctx: Any) -> str | None:
    from nameko.web.handlers import HttpRequestHandler

    args = worker_ctx.args or ()
    if isinstance(worker_ctx.entrypoint, HttpRequestHandler) and args and hasattr(args[0], "headers"):
        return clean_correlation_id(args[0].headers.get(CORRELATION_HEADER))
    return None


def current_correlation_id() -> str | None:
    context = _current.get()
    return context.get(CORRELATION_KEY) if context else None


def _context(correlation_id: str | None, entrypoint: str | None) -> dict[str, str]:
    return {k: v for k, v in ((CORRELATION_KEY, correlation_id), ("entrypoint", entrypoint)) if v}


@contextlib.contextmanager
def log_context(correlation_id: str | None, entrypoint: str | None = None) -> Iterator[None]:
    """Tag every log line written inside the block (in this greenlet) with these values."""
    token = _current.set(_context(correlation_id, entrypoint))
    try:
        yield
    finally:
        _current.reset(token)


def bind_log_context(correlation_id: str | None, entrypoint: str | None = None) -> Token[Any]:
    """Like ``log_context`` for hooks that open and close in two calls (nameko's worker_setup and
    worker_teardown run in the worker's own greenlet, which starts with an empty context)."""
    return _current.set(_context(correlation_id, entrypoint))


def unbind_log_context(token: Token[Any]) -> None:
    with contextlib.suppress(ValueError):  # made in another context: nothing of ours to undo
        _current.reset(token)


def _without_exception_text(args: Any) -> Any:
    def safe(value: Any) -> Any:
        return type(value).__name__ if isinstance(value, BaseException) else value

    if isinstance(args, tuple):
        return tuple(safe(a) for a in args)
    if isinstance(args, dict):
        return {k: safe(v) for k, v in args.items()}
    return args


class JsonFormatter(logging.Formatter):
    def __init__(self, service: str) -> None:
        super().__init__()
        self.service = service

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "at": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "service": self.service, "level": record.levelname, "logger": record.name,
            "message": self._message(record),
        }
        entry.update(_current.get() or {})
        if record.exc_info and record.exc_info[0] is not None:
            entry["error"] = record.exc_info[0].__name__
        return json.dumps(entry, default=str)

    @staticmethod
    def _message(record: logging.LogRecord) -> str:
        message = str(record.msg)
        if not record.args:
            return message
        try:
            return message % _without_exception_text(record.args)
        except (TypeError, ValueError, KeyError):
            return message


def configure_logging(service: str, level: int | str = logging.INFO) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter(service))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.getLogger("nameko").setLevel(logging.WARNING)
    logging.captureWarnings(True)  # a library's warning becomes a JSON line too
