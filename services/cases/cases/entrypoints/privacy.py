"""Cases' data protection entrypoints: its part of a subject access answer (data protection officer
only), the expiry run (timer, and on demand), and intake's ``report_erased``."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from cases.domain.retention import RULES
from cases.entrypoints.base import CasesBase
from cases.service_layer import retention, subject_access
from hcs.auth import ADMINISTRATOR, DATA_PROTECTION_OFFICER, rpc
from hcs.events import Event
from hcs.messaging import consumes
from hcs.retention import RetentionConfig, RetentionSettings, RetentionTimer, dry_run_flag, run_report

ROLES = ("victim", "reporter", "witness", "alleged_perpetrator")
ID = validate.Length(min=1, max=64)


class PartRequestSchema(Schema):
    """What intake found: the subject's reports with their roles in each, and their perpetrator keys."""

    request = fields.String(required=True, validate=validate.Length(min=1, max=20))
    reports = fields.Dict(keys=fields.String(validate=ID), values=fields.List(
        fields.String(validate=validate.OneOf(ROLES)), validate=validate.Length(min=1, max=4)),
        required=True, validate=validate.Length(max=1000))
    perpetrator_keys = fields.List(fields.String(validate=ID), load_default=list, validate=validate.Length(max=50))


class PrivacyEntrypoints(CasesBase):
    retention: RetentionSettings = RetentionConfig(RULES)  # type: ignore[assignment]

    @rpc
    def subject_access_part(self, request: dict[str, Any]) -> dict[str, Any]:
        """The cases of the reports intake found the subject in (``hcs-admin subject-access run``)."""
        self.allow({DATA_PROTECTION_OFFICER}, "subject_access_part")
        data = self.load(PartRequestSchema(), request, "request")
        return subject_access.subject_access_part(self.db(), self.caller, data["request"], data["reports"],
                                                  data["perpetrator_keys"])

    @rpc
    def run_retention(self, dry_run: bool = False) -> dict[str, Any]:
        """The expiry run now (``hcs-admin retention run``); ``dry_run`` counts what is due."""
        self.allow({ADMINISTRATOR, DATA_PROTECTION_OFFICER}, "run_retention")
        runs = retention.run(self.db, self.retention, self.caller, dry_run=dry_run_flag(dry_run))
        return run_report(self.name, self.db.store.clock.now(), dry_run, runs)

    @rpc
    def retention_schedule(self) -> list[dict[str, Any]]:
        self.allow({ADMINISTRATOR, DATA_PROTECTION_OFFICER}, "retention_schedule")
        return self.retention.schedule()

    @RetentionTimer.decorator(interval=3600)
    def expire_records(self) -> None:
        retention.run(self.db, self.retention, self.caller)

    @consumes("report_erased")
    def on_report_erased(self, event: Event, uow: Any) -> None:
        retention.report_erased(uow, event, self.caller)
