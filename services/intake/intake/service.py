"""The intake service: thin nameko entrypoints over intake's commands and queries.

RPCs (staff portals; a signed caller token): ``submit_report``, ``get_report``, ``list_reports``,
``amend_report``, ``withdraw_report``; ``referral_extract`` for the referrals service only; the
subject access register and the expiry run in ``intake.entrypoints.privacy``.
HTTP: ``POST /reports``, the common reporting form for registered centres and partner agencies.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime
from typing import Any

from werkzeug.wrappers import Request, Response

from hcs.auth import rpc
from hcs.db import Database
from hcs.errors import HcsError, ValidationFailed, to_dict
from hcs.web import http
from intake import schemas
from intake.adapters import form
from intake.dependencies import FORM_ANSWERS, REPORTS_RECEIVED, IntakeConfig
from intake.entrypoints.privacy import PrivacyEntrypoints
from intake.service_layer import access, commands, queries
from intake.service_layer.unit_of_work import IntakeUnitOfWork
from intake.settings import IntakeSettings

log = logging.getLogger(__name__)


class IntakeService(PrivacyEntrypoints):
    name = "intake"
    db = Database(IntakeUnitOfWork)
    intake_settings: IntakeSettings = IntakeConfig()  # type: ignore[assignment]

    @rpc(sensitive_arguments=("payload",))
    def submit_report(self, payload: dict[str, Any]) -> dict[str, Any]:
        access.require_role(self.db(), self.caller, "submit_report", access.SUBMITTERS, "submit reports")
        details = schemas.load(schemas.ReportSchema(now=self._now()), payload, "report")
        receipt = commands.submit_report(self.db(), details, self.caller, self.intake_settings)
        self._count(receipt, details["channel"])
        return schemas.ReceiptSchema().dump(receipt)  # type: ignore[no-any-return]

    @rpc
    def get_report(self, report_id: str, version: int | None = None) -> dict[str, Any]:
        access.require_role(self.db(), self.caller, "get_report", access.READERS, "read reports")
        report_id, version = _report_id(report_id), _version(version)
        view = queries.get_report(self.db(), report_id, self.caller, version)
        return schemas.ReportViewSchema().dump(view)  # type: ignore[no-any-return]

    @rpc
    def list_reports(self, filters: dict[str, Any] | None = None) -> dict[str, Any]:
        access.require_role(self.db(), self.caller, "list_reports", access.READERS, "list reports")
        wanted = schemas.load(schemas.ListFilterSchema(), filters or {}, "filters")
        return schemas.PageSchema().dump(queries.list_reports(self.db(), wanted, self.caller))  # type: ignore[no-any-return]

    @rpc(sensitive_arguments=("amendment",))
    def amend_report(self, report_id: str, amendment: dict[str, Any]) -> dict[str, Any]:
        access.require_role(self.db(), self.caller, "amend_report", access.EDITORS, "amend reports")
        report_id = _report_id(report_id)
        wanted = schemas.load(schemas.AmendmentSchema(), amendment, "amendment")
        now = self._now()

        def check(document: dict[str, Any]) -> dict[str, Any]:
            return schemas.load(schemas.ReportDetailsSchema(now=now), document, "amended report", "changes")  # type: ignore[no-any-return]

        amended = commands.amend_report(self.db(), report_id, wanted, self.caller, self.intake_settings, check)
        return schemas.AmendReceiptSchema().dump(amended)  # type: ignore[no-any-return]

    @rpc(sensitive_arguments=("withdrawal",))
    def withdraw_report(self, report_id: str, withdrawal: dict[str, Any]) -> dict[str, Any]:
        access.require_role(self.db(), self.caller, "withdraw_report", access.EDITORS, "withdraw reports")
        report_id = _report_id(report_id)
        wanted = schemas.load(schemas.WithdrawalSchema(), withdrawal, "withdrawal")
        done = commands.withdraw_report(self.db(), report_id, wanted, self.caller)
        return schemas.WithdrawReceiptSchema().dump(done)  # type: ignore[no-any-return]

    @rpc
    def referral_extract(self, report_ids: list[str], fields: list[str]) -> dict[str, dict[str, Any]]:
        """For the referrals service only: ``{report_id: {field: value}}`` (see
        ``intake.domain.referral.REFERRAL_FIELDS`` for the fields offered)."""
        access.require_role(self.db(), self.caller, "referral_extract", access.EXTRACTORS, "take referral extracts")
        wanted = schemas.load(schemas.ExtractSchema(), {"report_ids": report_ids, "fields": fields}, "extract")
        return queries.referral_extract(self.db(), wanted["report_ids"], wanted["fields_"], self.caller)

    @http("POST", "/reports")
    def submit_report_form(self, request: Request) -> Response:
        """The common reporting form for third-party reporting centres and partner agencies (JSON)."""
        try:
            centre = self._centre(request)
            payload = form.read_json(request, self.intake_settings.form_max_bytes)
            details = form.load_report(payload, centre, self._now())
            receipt = commands.submit_report(self.db(), details, form.centre_caller(centre), self.intake_settings,
                                             centre.name)
        except HcsError as exc:
            return self._answer(to_dict(exc), form.HTTP_STATUS.get(exc.code, 400))
        except Exception as exc:  # never echo or log the body: it is personal data
            log.error("the reporting form failed: %s", type(exc).__name__)
            return self._answer({"error": "internal_error", "message": "the report was not stored: send it again "
                                 "with the same idempotency key"}, 500)
        self._count(receipt, details["channel"])
        return self._answer(schemas.FormReceiptSchema().dump(receipt), 200 if receipt.duplicate_submission else 201)

    def _centre(self, request: Request) -> form.Centre:
        try:
            return form.authenticate(request, self.intake_settings)
        except HcsError:
            access.refuse_unidentified(self.db(), "submit_report_form", "no registered centre key")
            log.warning("the reporting form refused a request without a registered centre's key")
            raise

    def _answer(self, body: Any, status: int) -> Response:
        FORM_ANSWERS.labels(self.name, str(status)).inc()
        return Response(json.dumps(body, default=str), status=status, content_type="application/json")

    def _count(self, receipt: commands.Receipt, channel: str) -> None:
        if not receipt.duplicate_submission:
            REPORTS_RECEIVED.labels(self.name, channel, receipt.triage.outcome).inc()

    def _now(self) -> datetime:
        return self.db.store.clock.now()


def _report_id(value: Any) -> str:
    if not isinstance(value, str) or not 1 <= len(value) <= 64:
        raise ValidationFailed("report_id is invalid", {"report_id": ["A report id: text, at most 64 characters."]})
    return value


def _version(value: Any) -> int | None:
    if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
        raise ValidationFailed("version is invalid", {"version": ["A version number: 1 or more."]})
    return value  # type: ignore[no-any-return]
