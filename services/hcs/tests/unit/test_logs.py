"""Structured logs: one JSON object a line, the correlation id on every line, no exception texts."""

import json
import logging
from datetime import UTC, datetime
from types import SimpleNamespace

import eventlet
from nameko.events import EventHandler
from nameko.rpc import Rpc

from hcs.events import new_event, parse_envelope
from hcs.logs import (
    JsonFormatter,
    clean_correlation_id,
    correlation_id_of,
    current_correlation_id,
    log_context,
)

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
LINKED = {"case_id": "c1", "report_id": "r1", "linked_at": NOW, "stream": "general_needs"}


def formatted(message, *args, exc_info=None):
    record = logging.LogRecord("hcs.test", logging.ERROR, __file__, 1, message, args, exc_info)
    return json.loads(JsonFormatter("cases").format(record))


def test_a_line_is_one_json_object_with_the_correlation_id_of_its_block():
    with log_context("corr-1", "cases.get_case"):
        line = formatted("case %s opened", "c1")
    assert line["message"] == "case c1 opened" and line["service"] == "cases"
    assert line["correlation_id"] == "corr-1" and line["entrypoint"] == "cases.get_case"
    assert "correlation_id" not in formatted("outside any worker")


def test_exception_texts_never_reach_the_log():
    error = ValueError("Jane Doe of 1 High Street, E1 6AN")
    try:
        raise error
    except ValueError:
        import sys

        line = formatted("handler failed: %s", error, exc_info=sys.exc_info())
    assert line["message"] == "handler failed: ValueError" and line["error"] == "ValueError"
    assert "Jane" not in json.dumps(line) and "traceback" not in json.dumps(line).lower()


def test_correlation_ids_are_confined_to_a_safe_format():
    assert clean_correlation_id("portal-req:42.a_b") == "portal-req:42.a_b"
    for bad in ("Jane Doe", "a\nb", "x" * 65, "", None, 42):
        assert clean_correlation_id(bad) is None


def test_each_greenlet_has_its_own_context():
    seen = {}

    def worker(cid):
        with log_context(cid):
            eventlet.sleep(0.01)
            seen[cid] = current_correlation_id()

    pool = eventlet.GreenPool()
    for cid in ("a", "b", "c"):
        pool.spawn(worker, cid)
    pool.waitall()
    assert seen == {"a": "a", "b": "b", "c": "c"} and current_correlation_id() is None


def worker_ctx(entrypoint, args=(), data=None):
    return SimpleNamespace(entrypoint=entrypoint, args=args, data=dict(data or {}))


def test_a_worker_takes_the_envelopes_id_else_the_callers_else_a_new_one():
    event = new_event("report_linked", "c1", LINKED, NOW, correlation_id="from-intake")
    handler = EventHandler.__new__(EventHandler)
    ctx = worker_ctx(handler, (event.to_envelope(),), {"correlation_id": "header-value"})
    assert correlation_id_of(ctx) == "from-intake" and ctx.data["correlation_id"] == "from-intake"

    old = new_event("report_linked", "c1", LINKED, NOW).to_envelope()  # before correlation ids
    assert correlation_id_of(worker_ctx(handler, (old,))) == old["event_id"]

    rpc = Rpc.__new__(Rpc)
    assert correlation_id_of(worker_ctx(rpc, (), {"correlation_id": "portal-7"})) == "portal-7"
    fresh = worker_ctx(rpc, (), {"correlation_id": "Jane Doe"})
    assert correlation_id_of(fresh) != "Jane Doe" and correlation_id_of(fresh) == fresh.data["correlation_id"]


def test_the_envelope_carries_the_id_and_stays_valid_without_it():
    with_id = new_event("report_linked", "c1", LINKED, NOW, correlation_id="r-1").to_envelope()
    without = new_event("report_linked", "c1", LINKED, NOW).to_envelope()
    assert with_id["correlation_id"] == "r-1" and "correlation_id" not in without
    assert parse_envelope(with_id).correlation_id == "r-1"
    assert parse_envelope(without).correlation_id is None
