"""Repairs' data protection entrypoints: its part of a subject access answer (data protection officer
only), the expiry run (timer, and on demand), and cases' ``case_erased``."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from hcs import schemas
from hcs.auth import ADMINISTRATOR, DATA_PROTECTION_OFFICER, rpc
from hcs.events import Event
from hcs.messaging import consumes
from hcs.retention import RetentionConfig, RetentionSettings, RetentionTimer, dry_run_flag, run_report
from hcs.service import ServiceBase
from repairs.domain.retention import RULES
from repairs.service_layer import retention, subject_access
from repairs.service_layer.access import require_role

ROLES = ("victim", "reporter", "witness", "alleged_perpetrator")
ID = validate.Length(min=1, max=64)


class CasesPartSchema(Schema):
    """The subject's cases (found by cases) with the subject's roles in each."""

    request = fields.String(required=True, validate=validate.Length(min=1, max=20))
    cases = fields.Dict(keys=fields.String(validate=ID), values=fields.List(
        fields.String(validate=validate.OneOf(ROLES)), validate=validate.Length(min=1, max=4)),
        required=True, validate=validate.Length(max=1000))
    reports = fields.Dict(keys=fields.String(validate=ID), values=fields.List(
        fields.String(validate=validate.OneOf(ROLES)), validate=validate.Length(max=4)),
        load_default=dict, validate=validate.Length(max=1000))


class PrivacyEntrypoints(ServiceBase):
    retention: RetentionSettings = RetentionConfig(RULES)  # type: ignore[assignment]

    @rpc
    def subject_access_part(self, request: dict[str, Any]) -> dict[str, Any]:
        """The jobs of the subject's cases as victim (``hcs-admin subject-access run``)."""
        require_role(self.db(), self.caller, frozenset({DATA_PROTECTION_OFFICER}), "subject_access_part")
        data = schemas.load(CasesPartSchema(), request, "request")
        return subject_access.subject_access_part(self.db(), self.caller, data["request"], data["cases"])

    @rpc
    def run_retention(self, dry_run: bool = False) -> dict[str, Any]:
        """The expiry run now (``hcs-admin retention run``); ``dry_run`` counts what is due."""
        require_role(self.db(), self.caller, frozenset({ADMINISTRATOR, DATA_PROTECTION_OFFICER}), "run_retention")
        runs = retention.run(self.db, self.retention, self.caller, dry_run=dry_run_flag(dry_run))
        return run_report(self.name, self.db.store.clock.now(), dry_run, runs)

    @rpc
    def retention_schedule(self) -> list[dict[str, Any]]:
        require_role(self.db(), self.caller, frozenset({ADMINISTRATOR, DATA_PROTECTION_OFFICER}),
                     "retention_schedule")
        return self.retention.schedule()

    @RetentionTimer.decorator(interval=3600)
    def expire_records(self) -> None:
        retention.run(self.db, self.retention, self.caller)

    @consumes("case_erased")
    def on_case_erased(self, event: Event, uow: Any) -> None:
        retention.case_erased(uow, event, self.caller)
