"""Intake's data protection entrypoints: the subject access register and intake's part of an answer
(data protection officer only), the expiry run (timer, and on demand), and cases' events that decide
how long a report is kept (``intake.domain.retention``) and which team holds a report's case
(``intake.service_layer.case_teams``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from hcs.auth import ADMINISTRATOR, DATA_PROTECTION_OFFICER, rpc
from hcs.events import Event
from hcs.messaging import consumes
from hcs.retention import RetentionConfig, RetentionSettings, RetentionTimer, dry_run_flag, run_report
from hcs.service import ServiceBase
from intake import schemas
from intake.dependencies import SubjectAccessConfig
from intake.domain.retention import RULES
from intake.schemas.privacy import (
    CloseSchema,
    ExtendSchema,
    ListRequestsSchema,
    OpenRequestSchema,
    SearchSchema,
    dump_request,
)
from intake.service_layer import access, case_teams, retention, subject_access
from intake.settings import IntakeSettings

DPO = frozenset({DATA_PROTECTION_OFFICER})
RETENTION_RUNNERS = frozenset({ADMINISTRATOR, DATA_PROTECTION_OFFICER})


class PrivacyEntrypoints(ServiceBase):
    intake_settings: IntakeSettings
    working_day: Any = SubjectAccessConfig()
    retention: RetentionSettings = RetentionConfig(RULES)  # type: ignore[assignment]

    @rpc(sensitive_arguments=("payload",))
    def open_subject_access_request(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Enter a request in the register: who it is about (names, addresses, contact details), when it
        was received (and when the clock starts, if identity had to be confirmed first)."""
        access.require_role(self.db(), self.caller, "open_subject_access_request", DPO, "register requests")
        data = schemas.load(OpenRequestSchema(), payload, "request")
        return dump_request(subject_access.open_request(self.db(), data, self.caller, self.working_day), self._today())

    @rpc
    def get_subject_access_request(self, request_id: str) -> dict[str, Any]:
        access.require_role(self.db(), self.caller, "get_subject_access_request", DPO, "read the register")
        found = subject_access.get_request(self.db(), _request_id(request_id), self.caller)
        return dump_request(found, self._today(), full=True)

    @rpc
    def list_subject_access_requests(self, filters: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """The register: open (soonest due first), overdue, closed or all."""
        access.require_role(self.db(), self.caller, "list_subject_access_requests", DPO, "read the register")
        wanted = schemas.load(ListRequestsSchema(), filters or {}, "filters")
        found = subject_access.list_requests(self.db(), wanted["status"], wanted["limit"], self.caller)
        return [dump_request(r, self._today()) for r in found]

    @rpc
    def extend_subject_access_request(self, request_id: str, extension: dict[str, Any]) -> dict[str, Any]:
        access.require_role(self.db(), self.caller, "extend_subject_access_request", DPO, "extend requests")
        reason = schemas.load(ExtendSchema(), extension, "extension")["reason"]
        done = subject_access.extend_request(self.db(), _request_id(request_id), reason, self.caller,
                                             self.working_day)
        return dump_request(done, self._today())

    @rpc
    def record_subject_access_search(self, request_id: str, search: dict[str, Any]) -> dict[str, Any]:
        access.require_role(self.db(), self.caller, "record_subject_access_search", DPO, "record searches")
        data = schemas.load(SearchSchema(), search, "search")
        return dump_request(subject_access.record_search(self.db(), _request_id(request_id), data, self.caller),
                            self._today())

    @rpc(sensitive_arguments=("closure",))
    def close_subject_access_request(self, request_id: str, closure: dict[str, Any]) -> dict[str, Any]:
        access.require_role(self.db(), self.caller, "close_subject_access_request", DPO, "close requests")
        data = schemas.load(CloseSchema(), closure, "closure")
        return dump_request(subject_access.close_request(self.db(), _request_id(request_id), data, self.caller),
                            self._today())

    @rpc
    def subject_access_part(self, request_id: str) -> dict[str, Any]:
        """Intake's part of the answer to an open request (``hcs-admin subject-access run``)."""
        access.require_role(self.db(), self.caller, "subject_access_part", DPO, "answer subject access requests")
        return subject_access.subject_access_part(self.db(), _request_id(request_id), self.caller,
                                                  self.intake_settings.place_key_secret)

    @rpc
    def run_retention(self, dry_run: bool = False) -> dict[str, Any]:
        """The expiry run now (``hcs-admin retention run``); ``dry_run`` counts what is due."""
        access.require_role(self.db(), self.caller, "run_retention", RETENTION_RUNNERS, "run the retention schedule")
        runs = retention.run(self.db, self.retention, self.caller, dry_run=dry_run_flag(dry_run))
        return run_report(self.name, self.db.store.clock.now(), dry_run, runs)

    @rpc
    def retention_schedule(self) -> list[dict[str, Any]]:
        access.require_role(self.db(), self.caller, "retention_schedule", RETENTION_RUNNERS, "read the schedule")
        return self.retention.schedule()

    @RetentionTimer.decorator(interval=3600)
    def expire_records(self) -> None:
        retention.run(self.db, self.retention, self.caller)

    @consumes("case_opened")
    def on_case_opened(self, event: Event, uow: Any) -> None:
        retention.report_in_case(uow, event.data)
        case_teams.case_team(uow, event)

    @consumes("report_linked")
    def on_report_linked(self, event: Event, uow: Any) -> None:
        retention.report_in_case(uow, event.data)
        case_teams.case_team(uow, event)

    @consumes("case_allocated")
    def on_case_allocated(self, event: Event, uow: Any) -> None:
        """A handover may move the case, and so its reports, to another team."""
        case_teams.case_team(uow, event)

    @consumes("case_erased")
    def on_case_erased(self, event: Event, uow: Any) -> None:
        retention.case_erased(uow, event, self.caller)

    def _today(self) -> date:
        return self.db.store.clock.now().date()


def _request_id(value: Any) -> str:
    from hcs.errors import ValidationFailed

    if not isinstance(value, str) or not 1 <= len(value) <= 64:
        raise ValidationFailed("request_id is invalid", {"request_id": ["A request id: text, at most 64 characters."]})
    return value
