"""The read model in SQL: changes applied as an insert-if-missing and guarded updates; counts run as
one query per table and moment, with one filtered aggregate per count (``count(*) FILTER (WHERE
...)``), grouped by stream. Works the same on SQLite and PostgreSQL."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Table, and_, delete, func, literal, not_, or_, select, true, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from hcs.clock import as_utc
from reporting.adapters.orm import READ_MODEL, TS, case_reports, cases, incidents, rollup_counts
from reporting.domain.changes import Change
from reporting.domain.hotspots import Cluster
from reporting.domain.measures import NOW, All, Before, Condition, Count, Either, HasBits, Is, Not, OneOf, Present
from reporting.domain.periods import Period
from reporting.domain.rollups import BY_TABLE, Rollup, month_bounds, rollup_for

Counts = dict[Count, dict[Any, int]]


def condition_sql(condition: Condition, table: Table, now: datetime) -> ColumnElement[bool]:
    """A domain condition as SQL, false on an empty column just as ``Condition.holds`` is."""
    c = table.c
    if isinstance(condition, Is):
        if condition.value is None:
            return c[condition.column].is_(None)
        return and_(c[condition.column].is_not(None), c[condition.column] == condition.value)
    if isinstance(condition, OneOf):
        return and_(c[condition.column].is_not(None), c[condition.column].in_(condition.values))
    if isinstance(condition, HasBits):
        return and_(c[condition.column].is_not(None), c[condition.column].op("&")(condition.bits) != 0)
    if isinstance(condition, Present):
        return c[condition.column].is_not(None)
    if isinstance(condition, Before):
        other = literal(now, TS) if condition.than == NOW else c[condition.than]
        return and_(c[condition.column].is_not(None), other.is_not(None), c[condition.column] < other)
    if isinstance(condition, All):
        return and_(true(), *(condition_sql(p, table, now) for p in condition.parts))
    if isinstance(condition, Either):
        return or_(*(condition_sql(p, table, now) for p in condition.parts))
    if isinstance(condition, Not):
        return not_(condition_sql(condition.part, table, now))
    raise TypeError(f"no SQL for {type(condition).__name__}")


def _in_period(table: Table, when: str, period: Period) -> ColumnElement[bool]:
    column = table.c[when]
    parts: list[ColumnElement[bool]] = [column.is_not(None)]
    if period.starts is not None:
        parts.append(column >= period.starts.astimezone(UTC))
    if period.ends is not None:
        parts.append(column < period.ends.astimezone(UTC))
    return and_(*parts)


class SqlReadModel:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _insert(self) -> Any:
        return pg_insert if self.session.get_bind().dialect.name == "postgresql" else sqlite_insert

    def apply(self, change: Change) -> None:
        """Insert the row if missing, lock it, change it, and move its count in each month roll-up
        from where it was counted before to where it is counted now."""
        table = READ_MODEL[change.table]
        self.session.execute(self._insert()(table).values(**change.key, **change.create).on_conflict_do_nothing())
        where = and_(*(table.c[k] == v for k, v in change.key.items()))
        rollups = BY_TABLE.get(change.table, [])
        watched = sorted({"stream"} | {r.when for r in rollups} | set().union(*(r.columns for r in rollups)))
        before = self._watched(table, where, watched, lock=True) if rollups else None
        self._change(table, where, change)
        if rollups:
            after = self._watched(table, where, watched, lock=False)
            for rollup in rollups:
                self._move(rollup, rollup.key(before), rollup.key(after))

    def _watched(self, table: Table, where: Any, columns: list[str], lock: bool) -> dict[str, Any] | None:
        query = select(*(table.c[c] for c in columns)).where(where)
        row = self.session.execute(query.with_for_update() if lock else query).first()
        return _utc_row(row._mapping) if row is not None else None

    def _move(self, rollup: Rollup, old: Any, new: Any) -> None:
        if old == new:
            return
        for key, delta in ((old, -1), (new, 1)):
            if key is not None:
                month, stream, dims = key
                statement = self._insert()(rollup_counts).values(rollup=rollup.name, month=month, stream=stream,
                                                                 dims=dims, n=delta)
                self.session.execute(statement.on_conflict_do_update(
                    index_elements=["rollup", "month", "stream", "dims"],
                    set_={"n": rollup_counts.c.n + statement.excluded.n}))

    def _change(self, table: Table, where: Any, change: Change) -> None:
        values: dict[str, Any] = dict(change.always)
        values.update({k: func.coalesce(table.c[k], literal(v, table.c[k].type)) for k, v in change.first.items()
                       if v is not None})
        if values:
            self.session.execute(update(table).where(where).values(**values))
        for guard in change.guards:
            column = table.c[guard.column]
            newer = column <= guard.value if guard.keep == "latest" else column >= guard.value
            self.session.execute(update(table).where(where, or_(column.is_(None), newer))
                                 .values({guard.column: guard.value, **guard.values}))

    def clear(self) -> None:
        for table in (*READ_MODEL.values(), rollup_counts):
            self.session.execute(delete(table))

    def count(self, counts: Iterable[Count], period: Period, now: datetime) -> Counts:
        """Each count per stream (``{stream: n}``), or with ``by`` per stream and value
        (``{(stream, *values): n}``)."""
        out: Counts = {}
        plain: dict[tuple[str, str], list[Count]] = defaultdict(list)
        months = month_bounds(period)
        rolled: dict[Rollup, list[Count]] = defaultdict(list)
        for count in set(counts):
            rollup = rollup_for(count) if months is not None else None
            if rollup is not None:
                rolled[rollup].append(count)
            elif count.by:
                out[count] = self._grouped(count, period, now)
            else:
                plain[(count.table, count.when)].append(count)
        for (table_name, when), group in plain.items():
            table = READ_MODEL[table_name]
            aggregates = [func.count().filter(condition_sql(c.where, table, now)) for c in group]
            query = select(table.c.stream, *aggregates).where(_in_period(table, when, period)).group_by(table.c.stream)
            for c in group:
                out[c] = {}
            for row in self.session.execute(query):
                for index, c in enumerate(group):
                    if row.stream is not None:
                        out[c][row.stream] = int(row[index + 1])
        for rollup, group in rolled.items():
            out.update(self._from_rollup(rollup, group, months, now))  # type: ignore[arg-type]
        return out

    def _from_rollup(self, rollup: Rollup, counts: list[Count], months: tuple[int | None, int | None],
                     now: datetime) -> Counts:
        """Counts over whole months from one roll-up: its rows for those months, each tested in Python
        with the same conditions (there are a few hundred rows a month, not thousands)."""
        r = rollup_counts.c
        query = select(r.month, r.stream, r.dims, r.n).where(r.rollup == rollup.name, r.n != 0)
        if months[0] is not None:
            query = query.where(r.month >= months[0])
        if months[1] is not None:
            query = query.where(r.month < months[1])
        tallies: list[defaultdict[Any, int]] = [defaultdict(int) for _ in counts]
        decoded: dict[str, tuple[dict[str, Any], list[int]]] = {}  # many months share each combination
        for month, stream, dims, n in self.session.execute(query).tuples():
            if dims not in decoded:
                values = rollup.dims(dims)
                decoded[dims] = (values, [i for i, c in enumerate(counts) if c.where.holds(values, now)])
            values, holding = decoded[dims]
            for i in holding:
                by = counts[i].by
                key = (stream, *(month if b == "received_month" else values[b] for b in by)) if by else stream
                tallies[i][key] += n
        return {c: dict(t) for c, t in zip(counts, tallies, strict=True)}

    def _grouped(self, count: Count, period: Period, now: datetime) -> dict[Any, int]:
        table = READ_MODEL[count.table]
        keys = [table.c.stream, *(table.c[b] for b in count.by)]
        query = (select(*keys, func.count()).where(_in_period(table, count.when, period),
                                                   condition_sql(count.where, table, now)).group_by(*keys))
        return {tuple(row[:-1]): int(row[-1]) for row in self.session.execute(query) if row[0] is not None}

    def clusters(self, period: Period) -> dict[str, Cluster]:
        """Incidents per postcode unit, with the homes (UPRNs) that reported and those that reported twice or more."""
        per_home = (select(incidents.c.postcode_unit, incidents.c.uprn, func.count().label("n"))
                    .where(_in_period(incidents, "received_at", period), incidents.c.void.is_(False),
                           incidents.c.postcode_unit.is_not(None))
                    .group_by(incidents.c.postcode_unit, incidents.c.uprn).subquery())
        query = select(per_home.c.postcode_unit, func.sum(per_home.c.n), func.count(per_home.c.uprn),
                       func.count(per_home.c.uprn).filter(per_home.c.n >= 2)).group_by(per_home.c.postcode_unit)
        return {row[0]: Cluster(int(row[1]), int(row[2]), int(row[3])) for row in self.session.execute(query)}

    def export_rows(self, period: Period) -> list[dict[str, Any]]:
        """Reports of the period joined to the case they were opened or linked into."""
        query = (select(incidents, case_reports.c.case_id, cases.c.closed_at.label("case_closed_at"),
                        cases.c.outcome.label("case_outcome"))
                 .select_from(incidents.outerjoin(case_reports, case_reports.c.report_id == incidents.c.report_id)
                              .outerjoin(cases, cases.c.case_id == case_reports.c.case_id))
                 .where(_in_period(incidents, "received_at", period), incidents.c.void.is_(False)))
        return [_utc_row(row._mapping) for row in self.session.execute(query)]

    def find(self, table_name: str, column: str, values: Iterable[Any]) -> list[dict[str, Any]]:
        """The rows of one table whose ``column`` is one of ``values`` (subject access)."""
        wanted = sorted(set(values))
        if not wanted:
            return []
        table = READ_MODEL[table_name]
        return [_utc_row(r._mapping) for r in self.session.execute(select(table).where(table.c[column].in_(wanted)))]

    def rows(self, table_name: str) -> list[dict[str, Any]]:
        """Every row of one table (tests and rebuild checks)."""
        return [_utc_row(r._mapping) for r in self.session.execute(select(READ_MODEL[table_name]))]


def _utc_row(mapping: Any) -> dict[str, Any]:
    return {k: as_utc(v) if isinstance(v, datetime) else v for k, v in mapping.items()}
