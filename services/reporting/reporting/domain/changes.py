"""A change to one row of the read model, said so that it gives the same row whatever order events
arrive in (each event type has its own queue, so a job can be completed here before it is created).

- ``create``: written only when the row is made (the row is made by whichever event comes first);
- ``always``: written by every event that carries it;
- ``first``: written only while the column is still empty;
- ``guards``: a group of columns written only when this event is newer (``latest``) or older
  (``earliest``) than the one that last wrote them, judged by the guard column's value.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Guard:
    column: str
    value: Any
    keep: str  # latest | earliest
    values: Mapping[str, Any] = field(default_factory=dict)

    def wins_over(self, stored: Any) -> bool:
        if stored is None:
            return True
        return bool(self.value >= stored) if self.keep == "latest" else bool(self.value <= stored)


@dataclass(frozen=True)
class Change:
    table: str
    key: Mapping[str, Any]
    create: Mapping[str, Any] = field(default_factory=dict)
    always: Mapping[str, Any] = field(default_factory=dict)
    first: Mapping[str, Any] = field(default_factory=dict)
    guards: tuple[Guard, ...] = ()


def apply_to_row(row: dict[str, Any] | None, change: Change) -> dict[str, Any]:
    """The reference meaning of a change, used by the in-memory read model; the SQL read model does
    the same with an insert-if-missing and guarded updates."""
    out = dict(row) if row is not None else {**change.key, **change.create}
    out.update(change.always)
    for column, value in change.first.items():
        if out.get(column) is None:
            out[column] = value
    for guard in change.guards:
        if guard.wins_over(out.get(guard.column)):
            out[guard.column] = guard.value
            out.update(guard.values)
    return out
