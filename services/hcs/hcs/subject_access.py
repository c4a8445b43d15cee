"""Answering a subject access request (UK GDPR art. 15) across the five services, as the data
protection officer: ``hcs-admin subject-access run SAR_ID``.

Each service answers for what it holds (its ``subject_access_part`` RPC, data protection officer
only) with its records already redacted for the requester's role in them, what it withheld and why,
and what the officer should read before release. The parts depend on each other, so they are asked
in order, each with a timeout:

1. intake finds the person in the reports (by name and a corroborating address or contact detail,
   ``intake.domain.people``) and says which reports, in which role, with their perpetrator keys;
2. cases answers for the cases of those reports, and says which cases, in which role;
3. repairs, referrals and reporting answer for those cases and reports, at the same time.

A service that does not answer in time is named in the document as missing, and the search is
recorded as incomplete: the officer runs it again before the deadline. The document is JSON (the
officer's copy, with what was withheld and the review list) and HTML (the response draft, see
``hcs.subject_access_render``). Its SHA-256 and counts, never its content, go into the register.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import eventlet

from hcs.errors import HcsError

Call = Callable[..., Any]  # call(service, method, *args) -> the RPC's answer; raises on failure or timeout
SERVICES = ("intake", "cases", "repairs", "referrals", "reporting")
FORMAT = "hcs-subject-access"


class IntakeUnavailable(Exception):
    """Without intake nobody can be found: the search stops and nothing is recorded."""


@dataclass
class Gathered:
    parts: dict[str, dict[str, Any]] = field(default_factory=dict)
    missing: dict[str, str] = field(default_factory=dict)  # service -> why it is not in the document

    @property
    def complete(self) -> bool:
        return not self.missing


def _ask(call: Call, service: str, request: Any, gathered: Gathered, schedule: dict[str, Any]) -> None:
    try:
        gathered.parts[service] = call(service, "subject_access_part", request)
    except HcsError as exc:  # a refusal or a bad request: said as the service said it
        gathered.missing[service] = f"refused ({exc.code}: {exc.message[:200]})"
    except Exception as exc:  # a timeout, a service not running: named, never fatal here
        gathered.missing[service] = f"did not answer ({type(exc).__name__})"
    try:
        schedule[service] = call(service, "retention_schedule")
    except Exception:  # the schedule is a courtesy to the requester; the parts are what matter
        schedule[service] = []


def gather(call: Call, request_id: str, reference: str) -> tuple[Gathered, dict[str, Any]]:
    """Every service's part, in order; and the retention schedule each has (for the response)."""
    gathered, schedule = Gathered(), dict[str, Any]()
    try:
        intake = call("intake", "subject_access_part", request_id)
    except HcsError:
        raise  # the request is closed, unknown, or the caller is not the data protection officer
    except Exception as exc:
        raise IntakeUnavailable(f"intake did not answer ({type(exc).__name__}): nothing was searched") from None
    gathered.parts["intake"] = intake
    reports, perpetrator_keys = intake["links"]["reports"], intake["links"]["perpetrator_keys"]
    _ask(call, "cases", {"request": reference, "reports": reports, "perpetrator_keys": perpetrator_keys}, gathered,
         schedule)
    cases = (gathered.parts.get("cases") or {}).get("links", {}).get("cases", {})
    asks: list[tuple[str, dict[str, Any]]] = [("reporting", {"request": reference, "reports": reports,
                                                             "cases": cases})]
    for service in ("repairs", "referrals"):
        if "cases" in gathered.missing:
            gathered.missing[service] = "not asked: it finds records by the cases, and cases did not answer"
        else:
            asks.append((service, {"request": reference, "cases": cases}))
    pool = eventlet.GreenPool(len(asks) + 1)
    pool.spawn(lambda: schedule.__setitem__("intake", _schedule(call, "intake")))
    for service, request in asks:
        pool.spawn(_ask, call, service, request, gathered, schedule)
    pool.waitall()
    return gathered, schedule


def _schedule(call: Call, service: str) -> list[dict[str, Any]]:
    try:
        return call(service, "retention_schedule")  # type: ignore[no-any-return]
    except Exception:
        return []


def document(request: dict[str, Any], gathered: Gathered, schedule: dict[str, Any], now: datetime) -> dict[str, Any]:
    """The whole answer: the officer's copy (JSON). ``request`` is the register's view of it."""
    parts = {s: {"records": p.get("records", {}), "notes": p.get("notes", [])} for s, p in gathered.parts.items()}
    return {
        "format": FORMAT, "version": 1, "generated_at": now.isoformat(),
        "request": {k: request.get(k) for k in ("request_id", "reference", "received_on", "clock_starts_on",
                                                 "due_on", "extended_due_on", "current_due_on", "requester",
                                                 "channel")},
        "subject": {"names": (request.get("subject") or {}).get("names", [])},
        "complete": gathered.complete, "missing": dict(gathered.missing),
        "parts": parts,
        "withheld": {s: p.get("withheld", []) for s, p in gathered.parts.items() if p.get("withheld")},
        "review": {s: p.get("review", []) for s, p in gathered.parts.items() if p.get("review")},
        "summary": summary(gathered),
        "retention": {s: rules for s, rules in schedule.items() if rules},
    }


def summary(gathered: Gathered) -> dict[str, Any]:
    """Counts per service (what the register keeps of a search): never the records themselves."""
    out: dict[str, Any] = {}
    for service in SERVICES:
        part = gathered.parts.get(service)
        if part is None:
            out[service] = {"missing": gathered.missing.get(service, "not asked")}
            continue
        records = {kind: len(items) if isinstance(items, list) else len(items or {})
                   for kind, items in (part.get("records") or {}).items()}
        out[service] = {"records": records, "withheld": len(part.get("withheld") or []),
                        "to_review": len(part.get("review") or [])}
    return out


def digest(body: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()
