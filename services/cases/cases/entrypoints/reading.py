"""RPCs for the portals' reads, the staff directory, and the referrals service's shareable view."""

from __future__ import annotations

from typing import Any

from cases import schemas as s
from cases import views as v
from cases.entrypoints.base import OFFICERS, READERS, SUPERVISORS, CasesBase, ref
from cases.service_layer import queries, sharing, staff
from hcs.auth import SERVICE, rpc

KEEPERS = frozenset({"manager", "administrator"})


class ReadingEntrypoints(CasesBase):
    @rpc
    def get_case(self, case_id: str) -> dict[str, Any]:
        """A case in full, with its timeline (newest first) and what it is waiting for."""
        self.allow(READERS, "get_case", case_id)
        return v.case_detail(queries.case_detail(self.db(), self.caller, ref(case_id)))

    @rpc
    def case_for_report(self, report_id: str) -> dict[str, Any]:
        self.allow(READERS, "case_for_report", report_id)
        return queries.case_for_report(self.db(), self.caller, ref(report_id, "report_id"))

    @rpc
    def my_cases(self, options: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        self.allow(OFFICERS, "my_cases")
        data = self.load(s.ListSchema(), options, "options")
        found = queries.my_cases(self.db(), self.caller, data["status"] or "open", data["limit"])
        return v.CaseSummarySchema(many=True).dump(found)  # type: ignore[no-any-return]

    @rpc
    def team_queue(self, options: dict[str, Any] | None = None) -> dict[str, Any]:
        self.allow(SUPERVISORS, "team_queue")
        data = self.load(s.ListSchema(), options, "options")
        return v.TeamQueueSchema().dump(queries.team_queue(self.db(), self.caller, data["team"], data["limit"]))  # type: ignore[no-any-return]

    @rpc
    def overdue_work(self, options: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        self.allow(OFFICERS, "overdue_work")
        data = self.load(s.ListSchema(), options, "options")
        found = queries.overdue_work(self.db(), self.caller, data["team"], data["limit"])
        return v.OverdueSchema(many=True).dump(found)  # type: ignore[no-any-return]

    @rpc
    def save_staff(self, payload: dict[str, Any]) -> dict[str, Any]:
        self.allow(KEEPERS, "save_staff")
        data = self.load(s.StaffSchema(), payload, "staff member")
        return v.StaffViewSchema().dump(staff.save_staff(self.db(), self.caller, data, self.cases_config))  # type: ignore[no-any-return]

    @rpc
    def list_staff(self, options: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        self.allow(KEEPERS | {"senior", "data_protection_officer"}, "list_staff")
        data = self.load(s.ListSchema(), options, "options")
        found = staff.list_staff(self.db(), self.caller, data["team"], data["training_overdue_only"], self.cases_config)
        return v.StaffViewSchema(many=True).dump(found)  # type: ignore[no-any-return]

    @rpc
    def shareable_case(self, case_id: str) -> dict[str, Any]:
        """For the referrals service only: the fields a sharing agreement may project."""
        self.allow({SERVICE}, "shareable_case", case_id)
        return sharing.shareable_case(self.db(), self.caller, ref(case_id))
