"""From HTML forms to RPC payloads, and from the services' field errors back to the fields.

Form fields are named by the payload path they fill (``victims.0.address.postcode``), so an error the
service returns for that path lands next to that field. An error for a path the form has no field for
(``victims.0.address._schema``, a rule across fields) goes to the nearest enclosing field or group,
and every error is listed in the summary at the top of the page, linked to its field (WCAG 3.3.1).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from werkzeug.datastructures import MultiDict

LANDLORD_TIME = ZoneInfo("Europe/London")
FORM = ""  # errors about the whole form


def field_id(name: str) -> str:
    """The HTML id of the field named ``name`` (dots are awkward in CSS and fragment links)."""
    return "f-" + name.replace(".", "-").replace("_", "-")


@dataclass
class FormState:
    """What a page needs to show a form again: the values sent, and the errors by field name."""

    values: MultiDict[str, str] = field(default_factory=MultiDict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    summary: list[tuple[str, str, str]] = field(default_factory=list)  # (field id, label, message)

    def value(self, name: str, default: str = "") -> str:
        return self.values.get(name, default)

    def chosen(self, name: str) -> list[str]:
        return self.values.getlist(name)

    @property
    def failed(self) -> bool:
        return bool(self.errors)


def map_errors(fields: Mapping[str, Iterable[str]], labels: Mapping[str, str],
               values: MultiDict[str, str] | None = None) -> FormState:
    """Place each ``{path: [messages]}`` from a ``ValidationFailed`` on the form field ``labels``
    knows that is nearest to it (``labels`` maps field names, groups included, to their labels)."""
    state = FormState(values if values is not None else MultiDict())
    for path, messages in fields.items():
        name = nearest(path, labels)
        label = labels.get(name, "This form")
        for message in messages:
            state.errors.setdefault(name, []).append(str(message))
            state.summary.append((field_id(name) if name else "form-errors", label, str(message)))
    return state


def nearest(path: str, labels: Mapping[str, str]) -> str:
    parts = [p for p in path.split(".") if p != "_schema"]
    while parts:
        name = ".".join(parts)
        if name in labels:
            return name
        parts.pop()
    return FORM


def text(form: MultiDict[str, str], name: str) -> str | None:
    value = form.get(name, "").strip()
    return value or None


def lines(form: MultiDict[str, str], name: str) -> list[str]:
    """A textarea with one entry per line (vulnerabilities, support needs ...)."""
    return [line.strip() for line in form.get(name, "").splitlines() if line.strip()]


def words(form: MultiDict[str, str], name: str) -> list[str]:
    return [w for w in form.getlist(name) if w]


def flag(form: MultiDict[str, str], name: str) -> bool | None:
    """A yes / no / not known answer (radio buttons valued yes, no or empty)."""
    return {"yes": True, "no": False}.get(form.get(name, ""))


def checked(form: MultiDict[str, str], name: str) -> bool:
    return form.get(name) in ("yes", "on", "true")


def integer(form: MultiDict[str, str], name: str) -> int | str | None:
    """A whole number; anything else is sent as typed, for the service to name the field."""
    value = form.get(name, "").strip()
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        return value


def moment(form: MultiDict[str, str], name: str) -> str | None:
    """A ``datetime-local`` value as an aware ISO time in UK local time; a value that does not parse
    is sent as typed, so the service names the field."""
    value = form.get(name, "").strip()
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return value
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=LANDLORD_TIME)
    return parsed.isoformat()


def prune(value: Any) -> Any:
    """Leave out what was not filled in: None, blank text, empty lists and groups."""
    if isinstance(value, dict):
        kept = {k: prune(v) for k, v in value.items()}
        return {k: v for k, v in kept.items() if v not in (None, "", [], {})}
    if isinstance(value, list):
        kept_items = [prune(v) for v in value]
        return [v for v in kept_items if v not in (None, "", [], {})]
    return value


def day_start(value: str) -> str | None:
    """A date typed as ``2026-04-01`` as the start of that day in UK time (aware ISO), or None."""
    try:
        parsed = datetime.strptime(value.strip(), "%Y-%m-%d")
    except ValueError:
        return None
    return parsed.replace(tzinfo=LANDLORD_TIME).isoformat()
