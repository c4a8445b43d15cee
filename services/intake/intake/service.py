"""The intake service: thin nameko entrypoints over intake's handlers."""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

from nameko.web.handlers import http
from werkzeug.wrappers import Request, Response

from hcs import schemas
from hcs.auth import DATA_PROTECTION_OFFICER, PARTNER, STAFF_ROLES, Caller, require_role, rpc
from hcs.db import Database
from hcs.errors import HcsError, Unauthenticated, ValidationFailed, to_dict
from hcs.service import ServiceBase
from intake.schemas import ReceiptSchema, ReportSchema, ReportViewSchema
from intake.service_layer import handlers
from intake.service_layer.unit_of_work import IntakeUnitOfWork

MAX_FORM_BYTES = 64 * 1024
READERS = STAFF_ROLES | {DATA_PROTECTION_OFFICER}


class IntakeService(ServiceBase):
    name = "intake"
    db = Database(IntakeUnitOfWork)

    @rpc(sensitive_arguments=("payload",))
    def submit_report(self, payload: dict[str, Any]) -> dict[str, Any]:
        require_role(self.caller, STAFF_ROLES, "submit reports")
        details = schemas.load(ReportSchema(), payload, "report")
        return ReceiptSchema().dump(handlers.submit_report(self.db(), details, self.caller))  # type: ignore[no-any-return]

    @rpc
    def get_report(self, report_id: str) -> dict[str, Any]:
        require_role(self.caller, READERS, "read reports")
        return ReportViewSchema().dump(handlers.get_report(self.db(), str(report_id), self.caller))  # type: ignore[no-any-return]

    @http("POST", "/reports")
    def submit_report_form(self, request: Request) -> Response:
        """The common reporting form for third-party centres and partner agencies (JSON)."""
        try:
            centre = self._centre(request.headers.get("Authorization", ""))
            if (request.content_length or 0) > MAX_FORM_BYTES:
                raise ValidationFailed("report is too large", {"_schema": ["At most 64 KiB."]})
            try:
                payload = json.loads(request.get_data(cache=False, as_text=False) or b"null")
            except (ValueError, UnicodeDecodeError):
                raise ValidationFailed("report is not JSON", {"_schema": ["Not valid JSON."]}) from None
            details = schemas.load(ReportSchema(), payload, "report")
            receipt = handlers.submit_report(self.db(), details, centre)
        except HcsError as exc:
            status = {"unauthenticated": 401, "forbidden": 403, "conflict": 409}.get(exc.code, 400)
            return _json(to_dict(exc), status)
        return _json(ReceiptSchema().dump(receipt), 200 if receipt.duplicate_submission else 201)

    def _centre(self, authorization: str) -> Caller:
        scheme, _, key = authorization.partition(" ")
        if scheme.lower() == "bearer" and key:
            digest = hashlib.sha256(key.encode()).hexdigest()
            for name, expected in (self.settings.extra.get("centres") or {}).items():
                if expected and hmac.compare_digest(digest, str(expected)):
                    return Caller(user_id=f"centre:{name}", role=PARTNER)
        raise Unauthenticated("a reporting centre's API key is required")


def _json(body: Any, status: int) -> Response:
    return Response(json.dumps(body, default=str), status=status, content_type="application/json")
