"""What a figure counts, said once as data: a table of the read model, the moment that places a row
in a period, and a condition on the row's typed columns.

The same ``Count`` is run by the SQL read model (as one filtered aggregate per count, one query per
table and moment) and by the in-memory fake; ``holds`` below is the reference meaning. Every test on
a column is false when the column is empty (except ``Is(column, None)``, which asks exactly that), so
``Not`` never meets an unknown and SQL and Python agree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

NOW = "__now__"  # stands for the moment the figures are computed


class Condition:
    def holds(self, row: Mapping[str, Any], now: datetime) -> bool:
        raise NotImplementedError


@dataclass(frozen=True)
class Is(Condition):
    """``column`` equals ``value``; ``Is(c, None)`` means the column is empty."""

    column: str
    value: Any

    def holds(self, row: Mapping[str, Any], now: datetime) -> bool:
        stored = row.get(self.column)
        if self.value is None:
            return stored is None
        return stored is not None and bool(stored == self.value)


@dataclass(frozen=True)
class OneOf(Condition):
    column: str
    values: tuple[Any, ...]

    def holds(self, row: Mapping[str, Any], now: datetime) -> bool:
        stored = row.get(self.column)
        return stored is not None and stored in self.values


@dataclass(frozen=True)
class HasBits(Condition):
    """An integer bit mask column shares at least one bit with ``bits`` (strands)."""

    column: str
    bits: int

    def holds(self, row: Mapping[str, Any], now: datetime) -> bool:
        stored = row.get(self.column)
        return stored is not None and bool(int(stored) & self.bits)


@dataclass(frozen=True)
class Present(Condition):
    column: str

    def holds(self, row: Mapping[str, Any], now: datetime) -> bool:
        return row.get(self.column) is not None


@dataclass(frozen=True)
class Before(Condition):
    """``column`` is earlier than ``than``: another column, or ``NOW``."""

    column: str
    than: str = NOW

    def holds(self, row: Mapping[str, Any], now: datetime) -> bool:
        stored = row.get(self.column)
        other = now if self.than == NOW else row.get(self.than)
        return stored is not None and other is not None and bool(stored < other)


@dataclass(frozen=True)
class All(Condition):
    parts: tuple[Condition, ...] = ()

    def holds(self, row: Mapping[str, Any], now: datetime) -> bool:
        return all(p.holds(row, now) for p in self.parts)


@dataclass(frozen=True)
class Either(Condition):
    parts: tuple[Condition, ...]

    def holds(self, row: Mapping[str, Any], now: datetime) -> bool:
        return any(p.holds(row, now) for p in self.parts)


@dataclass(frozen=True)
class Not(Condition):
    part: Condition

    def holds(self, row: Mapping[str, Any], now: datetime) -> bool:
        return not self.part.holds(row, now)


EVERY = All()


def every(*parts: Condition) -> Condition:
    return parts[0] if len(parts) == 1 else All(tuple(parts))  # every() is EVERY


def either(*parts: Condition) -> Condition:
    return parts[0] if len(parts) == 1 else Either(tuple(parts))


@dataclass(frozen=True)
class Count:
    """Rows of ``table`` whose ``when`` falls in the period and for which ``where`` holds, per stream;
    with ``by``, per stream and per value of that column."""

    table: str
    when: str
    where: Condition = EVERY
    by: tuple[str, ...] = ()

    def per(self, *columns: str) -> Count:
        """The same count, per value of ``columns`` (and per stream)."""
        return Count(self.table, self.when, self.where, by=columns)

    def matches(self, row: Mapping[str, Any], now: datetime) -> bool:
        return self.where.holds(row, now)
