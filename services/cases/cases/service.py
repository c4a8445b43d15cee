"""The cases service: thin nameko entrypoints over cases' handlers."""

from __future__ import annotations

from typing import Any

from cases.schemas import CaseViewSchema
from cases.service_layer import handlers
from cases.service_layer.unit_of_work import CasesUnitOfWork
from hcs.auth import DATA_PROTECTION_OFFICER, STAFF_ROLES, require_role, rpc
from hcs.db import Database
from hcs.events import Event
from hcs.messaging import consumes
from hcs.service import ServiceBase

READERS = STAFF_ROLES | {DATA_PROTECTION_OFFICER}


class CasesService(ServiceBase):
    name = "cases"
    db = Database(CasesUnitOfWork)

    @consumes("report_received")
    def on_report_received(self, event: Event, uow: CasesUnitOfWork) -> None:
        handlers.take_report(uow, event.data)

    @rpc
    def get_case(self, case_id: str) -> dict[str, Any]:
        require_role(self.caller, READERS, "read cases")
        return CaseViewSchema().dump(handlers.get_case(self.db(), str(case_id), self.caller))  # type: ignore[no-any-return]

    @rpc
    def case_for_report(self, report_id: str) -> dict[str, Any]:
        require_role(self.caller, READERS, "read cases")
        return handlers.case_for_report(self.db(), str(report_id), self.caller)
