"""Rules across the fields of a report, beyond what each field says on its own.

``problems`` returns ``{"incident.occurred_until": ["..."]}`` for every rule broken; the schema
adds them to its field errors, so a caller gets every bad field in one answer. It is given the
fields that loaded and, as ``given``, the payload as sent, so that a field already refused on its own
is not also reported as missing. Messages never repeat a submitted value.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

from intake.domain.times import moment

FUTURE_LEEWAY = timedelta(minutes=5)
Add = Callable[[str, str], None]


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _items(value: Any) -> list[Mapping[str, Any]]:
    return [v if isinstance(v, Mapping) else {} for v in value] if isinstance(value, list) else []


def problems(details: Mapping[str, Any], now: datetime | None = None,
             given: Mapping[str, Any] | None = None) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}

    def add(path: str, message: str) -> None:
        found.setdefault(path, []).append(message)

    given = _mapping(given) if given is not None else details
    if "incident" in details or isinstance(given.get("incident"), Mapping):
        _incident_times(_mapping(details.get("incident")), _mapping(given.get("incident")), now, add)
    _perception(_mapping(details.get("perception")), _mapping(given.get("perception")), add)
    police = _mapping(details.get("police"))
    if police.get("crime_reference") and police.get("informed") is False:
        add("police.crime_reference", "A crime reference means the police were informed: set informed to true.")
    offer = _mapping(details.get("officer_offer"))
    answer_sent = _mapping(given.get("officer_offer")).get("answer") is not None
    if offer.get("offered") is True and not offer.get("answer") and not answer_sent:
        add("officer_offer.answer", "Record the answer to the offer of an officer of the same sex or ethnic "
                                    "origin (POL-3).")
    if offer.get("offered") is False and offer.get("answer"):
        add("officer_offer.answer", "There is no answer when no offer was made.")
    if details.get("anonymous"):
        _anonymous(details, add)
    for i, perpetrator in enumerate(_items(details.get("perpetrators"))):
        if perpetrator.get("known") is False and perpetrator.get("name"):
            add(f"perpetrators.{i}.name", "An unknown perpetrator has no name: set known to true.")
    reporter = _mapping(details.get("reporter"))
    if details.get("channel") == "staff_observed" and reporter.get("role") not in (None, "staff"):
        add("reporter.role", "What staff observed is reported by staff.")
    return found


def _incident_times(incident: Mapping[str, Any], given: Mapping[str, Any], now: datetime | None, add: Add) -> None:
    at, start, end = (moment(incident.get(k)) for k in ("occurred_at", "occurred_from", "occurred_until"))
    sent = {k for k in ("occurred_at", "occurred_from", "occurred_until") if given.get(k) is not None}
    if at is None and start is None and end is None and not sent:
        add("incident.occurred_at", "Say when it happened: occurred_at, or a range from occurred_from to "
                                    "occurred_until.")
    if at is not None and (start is not None or end is not None):
        add("incident.occurred_at", "Give an exact time or a range, not both.")
    if end is not None and start is None and at is None and "occurred_from" not in sent:
        add("incident.occurred_from", "A range needs its start.")
    if start is not None and end is not None and end < start:
        add("incident.occurred_until", "Must not be before occurred_from.")
    if now is not None:
        for name, value in (("occurred_at", at), ("occurred_from", start), ("occurred_until", end)):
            if value is not None and value > now + FUTURE_LEEWAY:
                add(f"incident.{name}", "Must not be in the future.")


def _perception(perception: Mapping[str, Any], given: Mapping[str, Any], add: Add) -> None:
    if perception.get("strands") and not perception.get("perceived_by") and given.get("perceived_by") is None:
        add("perception.perceived_by", "Say who perceived it: victim, witness, reporter, staff or other (POL-2).")


def _anonymous(details: Mapping[str, Any], add: Add) -> None:
    for i, victim in enumerate(_items(details.get("victims"))):
        for name in ("name", "contact", "safe_contact"):
            if victim.get(name):
                add(f"victims.{i}.{name}", "An anonymous report holds no victim's name or contact details.")
    reporter = _mapping(details.get("reporter"))
    if reporter.get("role") == "victim":
        for name in ("name", "contact"):
            if reporter.get(name):
                add(f"reporter.{name}", "An anonymous victim's report holds no name or contact details.")
