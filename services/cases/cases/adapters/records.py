"""A small generic repository for the records that hang from a case (actions, perpetrator actions,
conferences, contacts, reviews, approvals, risk assessments, surveys, work items, staff)."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Table, insert, select, update
from sqlalchemy.orm import Session

from cases.adapters import mapping

T = TypeVar("T")


class Records(Generic[T]):
    def __init__(self, session: Session, table: Table, cls: type[T], key: str) -> None:
        self.session = session
        self.table = table
        self.cls = cls
        self.key = key

    def add(self, record: T) -> None:
        self.session.execute(insert(self.table), mapping.values(self.table, record))

    def save(self, record: T) -> None:
        column = self.table.c[self.key]
        row = mapping.values(self.table, record)
        self.session.execute(update(self.table).where(column == row.pop(self.key)), row)

    def get(self, key: str) -> T | None:
        row = self.session.execute(select(self.table).where(self.table.c[self.key] == key)).first()
        return mapping.load(self.cls, self.table, row) if row else None

    def for_case(self, case_id: str) -> list[T]:
        order = self._order_column()
        query = select(self.table).where(self.table.c.case_id == case_id)
        if order is not None:
            query = query.order_by(order, self.table.c[self.key])
        return self.where(query)

    def for_cases(self, case_ids: list[str]) -> list[T]:
        return self.select(self.table.c.case_id.in_(case_ids)) if case_ids else []

    def where(self, query: Any) -> list[T]:
        return [mapping.load(self.cls, self.table, row) for row in self.session.execute(query)]

    def select(self, *conditions: ColumnElement[bool], limit: int | None = None) -> list[T]:
        query = select(self.table).where(*conditions)
        order = self._order_column()
        if order is not None:
            query = query.order_by(order)
        if limit is not None:
            query = query.limit(limit)
        return self.where(query)

    def _order_column(self) -> Any:
        for name in ("created_at", "proposed_at", "scheduled_for", "contacted_at", "reviewed_at",
                     "requested_at", "assessed_at", "raised_at"):
            if name in self.table.c:
                return self.table.c[name]
        return None


class SqlStaff(Records[Any]):
    def in_team(self, team: str | None) -> list[Any]:
        return self.select(self.table.c.team == team, self.table.c.active.is_(True))

    def everyone(self, team: str | None = None) -> list[Any]:
        return self.select(*([self.table.c.team == team] if team else []))


class SqlApprovals(Records[Any]):
    def pending_for(self, case_id: str) -> list[Any]:
        return self.select(self.table.c.case_id == case_id, self.table.c.status == "pending")

    def pending(self, limit: int) -> list[Any]:
        return self.select(self.table.c.status == "pending", limit=limit)
