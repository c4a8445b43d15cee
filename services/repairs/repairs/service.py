"""The repairs service: thin nameko entrypoints over repairs' handlers.

Contractors post status callbacks to ``POST /contractor/<name>/callbacks`` (or to
``POST /contractor/callbacks`` naming themselves in an ``x-contractor`` header), signed as Standard
Webhooks with the secret registered for that name in ``extra.contractors``.
"""

from __future__ import annotations

import json
from typing import Any

from nameko.web.handlers import http
from prometheus_client import Counter
from werkzeug.wrappers import Request, Response

from hcs import schemas
from hcs.auth import STAFF_ROLES, require_role, rpc
from hcs.contracts.cases import RepairRequestedV1
from hcs.db import Database
from hcs.errors import HcsError, Unauthenticated, ValidationFailed, to_dict
from hcs.events import Event
from hcs.messaging import consumes
from hcs.service import ServiceBase
from repairs.adapters.contractors import BadSignature, verify
from repairs.adapters.systems import ContractorSystems, DispatchTimer
from repairs.domain.delivery import choose_contractor
from repairs.schemas import CallbackReceiptSchema, ContractorReportSchema, JobViewSchema
from repairs.service_layer import dispatch, handlers
from repairs.service_layer.unit_of_work import RepairsUnitOfWork

MAX_CALLBACK_BYTES = 16 * 1024
DELIVERIES = Counter("hcs_repair_deliveries_total", "Attempts to send a job to a contractor",
                     ["service", "outcome"])
_HTTP_STATUS = {"unauthenticated": 401, "forbidden": 403, "not_found": 404, "conflict": 409}


class RepairsService(ServiceBase):
    name = "repairs"
    db = Database(RepairsUnitOfWork)
    contractors = ContractorSystems()

    @consumes("repair_requested")
    def create_job(self, event: Event, uow: Any) -> None:
        request = RepairRequestedV1().load(event.data)
        contractor = choose_contractor(list(self.contractors.settings.contractors), request)
        handlers.create_job(uow, request, contractor.name)

    @DispatchTimer.decorator(interval=0.2)
    def dispatch_jobs(self) -> None:
        settings = self.contractors.settings
        tick = dispatch.dispatch_due_jobs(
            self.db, {c.name: c for c in settings.contractors}, self.contractors.client.send,
            batch_size=settings.dispatch.batch_size,
            lease_seconds=settings.dispatch.timeout_seconds * 2 + 1,
            max_backoff_seconds=settings.dispatch.max_backoff_seconds)
        DELIVERIES.labels(self.name, "delivered").inc(tick.delivered)
        DELIVERIES.labels(self.name, "failed").inc(tick.failed)

    @http("POST", "/contractor/callbacks")
    def contractor_callback(self, request: Request) -> Response:
        return self._record_callback(request, request.headers.get("x-contractor", ""))

    @http("POST", "/contractor/<name>/callbacks")
    def named_contractor_callback(self, request: Request, name: str) -> Response:
        return self._record_callback(request, name)

    def _record_callback(self, request: Request, name: str) -> Response:
        try:
            body = self._verified_body(request, name)
            report = schemas.load(ContractorReportSchema(), _json_body(body), "callback")
            receipt = handlers.record_contractor_report(self.db(), name, request.headers["webhook-id"],
                                                        report)
        except HcsError as exc:
            return _json(to_dict(exc), _HTTP_STATUS.get(exc.code, 400))
        return _json(CallbackReceiptSchema().dump(receipt), 200)

    @rpc
    def get_job(self, job_id: str) -> dict[str, Any]:
        require_role(self.caller, STAFF_ROLES, "read repair jobs")
        return JobViewSchema().dump(handlers.get_job(self.db(), str(job_id), self.caller))  # type: ignore[no-any-return]

    @rpc
    def list_jobs(self, case_id: str) -> list[dict[str, Any]]:
        require_role(self.caller, STAFF_ROLES, "read repair jobs")
        return JobViewSchema(many=True).dump(handlers.list_jobs(self.db(), str(case_id), self.caller))  # type: ignore[no-any-return]

    def _verified_body(self, request: Request, name: str) -> bytes:
        if (request.content_length or 0) > MAX_CALLBACK_BYTES:
            raise ValidationFailed("callback is too large", {"_schema": ["At most 16 KiB."]})
        body = request.get_data(cache=False)
        contractor = self.contractors.settings.contractor(name)
        try:
            if contractor is None:
                raise BadSignature("unknown contractor")
            verify(contractor.secret, body, request.headers)
        except BadSignature:
            raise Unauthenticated("the callback's signature could not be verified") from None
        if len(request.headers["webhook-id"]) > 100:
            raise ValidationFailed("callback is invalid", {"webhook-id": ["At most 100 characters."]})
        return body


def _json_body(body: bytes) -> Any:
    try:
        return json.loads(body or b"null")
    except (ValueError, UnicodeDecodeError):
        raise ValidationFailed("callback is not JSON", {"_schema": ["Not valid JSON."]}) from None


def _json(body: Any, status: int) -> Response:
    return Response(json.dumps(body, default=str), status=status, content_type="application/json")
