"""What every group of cases' entrypoints shares: the database, the settings, and the first,
role-only check (deny by default, audited) before any payload is even read."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from cases.dependencies import CasesConfig
from cases.service_layer.unit_of_work import CasesUnitOfWork
from cases.settings import CasesSettings
from hcs import schemas
from hcs.audit import AuditEntry
from hcs.db import Database
from hcs.errors import Forbidden
from hcs.service import ServiceBase

OFFICERS = frozenset({"housing_officer", "senior", "manager"})
SUPERVISORS = frozenset({"senior", "manager"})
READERS = OFFICERS | {"data_protection_officer"}


class CasesBase(ServiceBase):
    name = "cases"
    db = Database(CasesUnitOfWork)
    cases_config: CasesSettings = CasesConfig()  # type: ignore[assignment]

    def allow(self, roles: Iterable[str], action: str, record_id: str | None = None) -> None:
        """Refuse (and audit the refusal) unless the caller's role is one of ``roles``."""
        if self.caller.role in set(roles):
            return
        with self.db() as uow:
            uow.audit.record(AuditEntry(self.caller.user_id, self.caller.role, f"cases.{action}", "refused",
                                        "case", str(record_id)[:64] if record_id else None,
                                        f"role {self.caller.role}"))
            uow.commit()
        raise Forbidden(f"role {self.caller.role} may not {action.replace('_', ' ')}")

    def load(self, schema: Any, payload: Any, what: str) -> Any:
        return schemas.load(schema, payload if payload is not None else {}, what)


def ref(value: Any, field: str = "case_id") -> str:
    """A record's id as given by a caller (``hcs.schemas.record_id``), or a clear error."""
    return schemas.record_id(value, field)
