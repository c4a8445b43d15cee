"""Moving domain dataclasses in and out of rows whose columns carry the same names.

Datetimes come back from SQLite naive: every one is read back as UTC. JSON columns hold plain JSON,
so datetimes and dates inside them (the ``at`` of each history line) are written as ISO strings and
read back as datetimes.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import Table
from sqlalchemy.types import JSON, Date, DateTime

from hcs.clock import as_utc

T = TypeVar("T")


def to_json(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    return value


def _history_from_json(value: Any) -> Any:
    if isinstance(value, list):
        return [{**item, "at": datetime.fromisoformat(item["at"])} if isinstance(item, dict)
                and isinstance(item.get("at"), str) else item for item in value]
    return value


def values(table: Table, obj: Any) -> dict[str, Any]:
    """The row for ``obj``: every column of ``table`` that ``obj`` has a field for."""
    out: dict[str, Any] = {}
    for column in table.columns:
        if not hasattr(obj, column.name):
            continue
        value = getattr(obj, column.name)
        out[column.name] = to_json(value) if isinstance(column.type, JSON) else value
    return out


def load(cls: type[T], table: Table, row: Any, **extra: Any) -> T:
    mapping = row._mapping
    names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    kwargs: dict[str, Any] = {}
    for column in table.columns:
        if column.name not in names:
            continue
        value = mapping[column.name]
        if value is not None and isinstance(column.type, DateTime):
            value = as_utc(value)
        elif value is not None and isinstance(column.type, Date) and isinstance(value, datetime):
            value = value.date()
        elif column.name == "history":
            value = _history_from_json(value)
        kwargs[column.name] = value
    kwargs.update(extra)
    return cls(**kwargs)
