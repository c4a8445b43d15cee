"""Work items. Raising one is idempotent by its ``dedupe_key`` (INSERT ... ON CONFLICT DO NOTHING on
both SQLite and PostgreSQL), so two replicas of the reminder timer never raise the same item twice."""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from cases.adapters import mapping, orm
from cases.adapters.records import Records
from cases.domain.work import WorkItem


class SqlWorkItems(Records[WorkItem]):
    def __init__(self, session: Session) -> None:
        super().__init__(session, orm.work_items, WorkItem, "item_id")

    def raise_item(self, item: WorkItem) -> bool:
        """True when this item is new; False when one with its ``dedupe_key`` exists already."""
        dialect = self.session.get_bind().dialect.name
        builder: Any = postgresql.insert if dialect == "postgresql" else sqlite.insert
        statement = builder(self.table).on_conflict_do_nothing(index_elements=["dedupe_key"])
        result = self.session.execute(statement, mapping.values(self.table, item))
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def open_for_case(self, case_id: str, kinds: tuple[str, ...] = ()) -> list[WorkItem]:
        t = self.table
        conditions = [t.c.case_id == case_id, t.c.resolved_at.is_(None)]
        if kinds:
            conditions.append(t.c.kind.in_(kinds))
        return self.select(*conditions)

    def queue(self, user_id: str, role: str, team: str | None, limit: int) -> list[WorkItem]:
        t = self.table
        mine = t.c.assignee_id == user_id
        if role == "manager":
            shared = (t.c.assignee_id.is_(None)) & (t.c.assignee_role == "manager")
        else:
            shared = (t.c.assignee_id.is_(None)) & (t.c.assignee_role == role) & (t.c.team == team)
        query = select(t).where(t.c.resolved_at.is_(None), or_(mine, shared)).order_by(t.c.raised_at).limit(limit)
        return self.where(query)

    def keys_for(self, case_ids: list[str], kinds: tuple[str, ...]) -> set[str]:
        """Every dedupe key already raised for these cases and kinds, resolved or not."""
        if not case_ids:
            return set()
        t = self.table
        query = select(t.c.dedupe_key).where(t.c.case_id.in_(case_ids), t.c.kind.in_(kinds))
        return set(self.session.execute(query).scalars())
