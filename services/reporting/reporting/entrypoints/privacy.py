"""Reporting's data protection entrypoints: its part of a subject access answer (data protection
officer only) and its part of the retention schedule (it follows the owners' erasure events)."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from hcs import schemas
from hcs.audit import AuditEntry
from hcs.auth import ADMINISTRATOR, DATA_PROTECTION_OFFICER, rpc
from hcs.errors import Forbidden
from hcs.retention import RetentionConfig, RetentionSettings
from hcs.service import ServiceBase
from reporting.domain.retention import RULES
from reporting.service_layer import subject_access

ROLES = ("victim", "reporter", "witness", "alleged_perpetrator")
ID = validate.Length(min=1, max=64)


def _roles() -> fields.Dict:
    return fields.Dict(keys=fields.String(validate=ID), values=fields.List(
        fields.String(validate=validate.OneOf(ROLES)), validate=validate.Length(max=4)),
        load_default=dict, validate=validate.Length(max=1000))


class PartSchema(Schema):
    request = fields.String(required=True, validate=validate.Length(min=1, max=20))
    reports = _roles()
    cases = _roles()


class PrivacyEntrypoints(ServiceBase):
    retention: RetentionSettings = RetentionConfig(RULES)  # type: ignore[assignment]

    @rpc
    def subject_access_part(self, request: dict[str, Any]) -> dict[str, Any]:
        """The subject's reports as counted (``hcs-admin subject-access run``)."""
        self._only({DATA_PROTECTION_OFFICER}, "subject_access_part")
        data = schemas.load(PartSchema(), request, "request")
        return subject_access.subject_access_part(self.db(), self.caller, data["request"], data["reports"],
                                                  data["cases"])

    @rpc
    def retention_schedule(self) -> list[dict[str, Any]]:
        self._only({ADMINISTRATOR, DATA_PROTECTION_OFFICER}, "retention_schedule")
        return self.retention.schedule()

    def _only(self, roles: set[str], action: str) -> None:
        if self.caller.role in roles:
            return
        with self.db() as uow:
            uow.audit.record(AuditEntry(self.caller.user_id, self.caller.role, f"reporting.{action}", "refused",
                                        reason=f"role {self.caller.role}"))
            uow.commit()
        raise Forbidden(f"role {self.caller.role} may not {action.replace('_', ' ')}")
