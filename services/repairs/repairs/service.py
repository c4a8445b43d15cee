"""The repairs service: thin nameko entrypoints over repairs' handlers (POL-6).

The data protection entrypoints (subject access, the expiry run, ``case_erased``) are in
``repairs.entrypoints.privacy``. Contractors post status callbacks to ``POST /contractor/<name>/callbacks`` (or to
``POST /contractor/callbacks`` naming themselves in an ``x-contractor`` header), signed as Standard
Webhooks with the secret registered for that name in ``extra.contractors``.
"""

from __future__ import annotations

import json
from typing import Any

from prometheus_client import Counter, Gauge
from werkzeug.wrappers import Request, Response

from hcs import metrics, schemas
from hcs.auth import ADMINISTRATOR, DATA_PROTECTION_OFFICER, OPERATIONS_DIRECTOR, STAFF_ROLES, Caller, rpc
from hcs.contracts.cases import RepairRequestedV1
from hcs.db import Database
from hcs.errors import HcsError, Unauthenticated, ValidationFailed, to_dict
from hcs.events import Event
from hcs.messaging import consumes
from hcs.web import http, parse_json, read_body
from repairs import open311
from repairs.adapters.contractors import BadSignature, verify
from repairs.adapters.systems import ContractorSystems, DispatchTimer, WatchTimer
from repairs.domain.listing import JobFilter
from repairs.entrypoints.privacy import PrivacyEntrypoints
from repairs.schemas import (
    AmendSchema,
    CancelSchema,
    ContractorReportSchema,
    ListJobsSchema,
    ReassignSchema,
    ReceiptSchema,
    StaffUpdateSchema,
)
from repairs.service_layer import amending, dispatch, jobs, queries, reports, supervision
from repairs.service_layer.access import audit_refusal, require_role
from repairs.service_layer.unit_of_work import RepairsUnitOfWork
from repairs.views import JobDetailSchema, JobSummarySchema

READERS = STAFF_ROLES | {OPERATIONS_DIRECTOR, DATA_PROTECTION_OFFICER}
WRITERS = STAFF_ROLES
DIRECTORY_READERS = STAFF_ROLES | {OPERATIONS_DIRECTOR, ADMINISTRATOR}
MAX_CALLBACK_BYTES = 32 * 1024
DELIVERIES = Counter("hcs_repair_deliveries_total", "Attempts to send a message to a contractor",
                     ["service", "outcome"])
SLA_SIGNALS = Counter("hcs_repair_sla_signals_total", "POL-6 warnings and breaches raised",
                      ["service", "kind", "milestone"])
MESSAGES_PENDING = Gauge("hcs_repair_messages_pending", "Messages waiting to reach contractors' systems",
                         ["service"])
OLDEST_MESSAGE_AGE = Gauge("hcs_repair_oldest_message_age_seconds",
                           "How long the oldest message to a contractor has waited", ["service"])
CALLBACKS = Counter("hcs_repair_callbacks_total", "Contractor callbacks by outcome", ["service", "outcome"])
_HTTP_STATUS = {"unauthenticated": 401, "forbidden": 403, "not_found": 404, "conflict": 409, "payload_too_large": 413}


class RepairsService(PrivacyEntrypoints):
    name = "repairs"
    db = Database(RepairsUnitOfWork)
    repairs = ContractorSystems()

    @consumes("repair_requested")
    def create_job(self, event: Event, uow: Any) -> None:
        jobs.create_job(uow, self.repairs.rules, RepairRequestedV1().load(event.data))

    @DispatchTimer.decorator(interval=0.2)
    def dispatch_messages(self) -> None:
        settings = self.repairs.settings
        tick = dispatch.dispatch_due(
            self.db, {c.name: c for c in settings.contractors}, self.repairs.client.send,
            batch_size=settings.dispatch.batch_size, lease_seconds=settings.dispatch.timeout_seconds * 2 + 1,
            max_backoff_seconds=settings.dispatch.max_backoff_seconds)
        DELIVERIES.labels(self.name, "delivered").inc(tick.delivered)
        DELIVERIES.labels(self.name, "failed").inc(tick.failed)

    @WatchTimer.decorator(interval=10)
    def watch_jobs(self) -> None:
        tick = supervision.watch(self.db, self.repairs.rules)
        for _job_id, signal in tick.signals:
            SLA_SIGNALS.labels(self.name, signal.kind, signal.milestone).inc()
        for stream in tick.breached_streams:
            metrics.REPAIR_SLA_BREACHES.labels(self.name, stream).inc()
        MESSAGES_PENDING.labels(self.name).set(tick.messages_pending)
        OLDEST_MESSAGE_AGE.labels(self.name).set(tick.oldest_message_age)

    @http("POST", "/contractor/callbacks")
    def contractor_callback(self, request: Request) -> Response:
        return self._record_callback(request, request.headers.get("x-contractor", ""))

    @http("POST", "/contractor/<name>/callbacks")
    def named_contractor_callback(self, request: Request, name: str) -> Response:
        return self._record_callback(request, name)

    @rpc
    def get_job(self, job_id: str) -> dict[str, Any]:
        require_role(self.db(), self.caller, READERS, "get_job")
        return JobDetailSchema().dump(queries.get_job(self.db(), job_ref(job_id), self.caller))  # type: ignore[no-any-return]

    @rpc
    def list_jobs(self, case_id: str | None = None, **filters: Any) -> list[dict[str, Any]]:
        """Jobs of a case, of a contractor, or in a state (open, at_risk, breached, unassigned,
        follow_on, closed, all); most urgent target first; ``limit`` (at most 200) and ``offset``."""
        require_role(self.db(), self.caller, READERS, "list_jobs")
        wanted = schemas.load(ListJobsSchema(), {**filters, "case_id": case_id}, "filters")
        page = queries.list_jobs(self.db(), JobFilter(streams=self.caller.streams, **wanted), self.caller)
        return JobSummarySchema(many=True).dump(page.jobs)  # type: ignore[no-any-return]

    @rpc
    def reassign_job(self, job_id: str, command: dict[str, Any]) -> dict[str, Any]:
        require_role(self.db(), self.caller, WRITERS, "reassign_job")
        loaded = schemas.load(ReassignSchema(), command, "command")
        jobs.reassign_job(self.db(), self.repairs.rules, job_ref(job_id), self.caller, loaded["idempotency_key"],
                          loaded["contractor"], loaded["reason"])
        return self.get_job(job_id)

    @rpc
    def amend_job(self, job_id: str, command: dict[str, Any]) -> dict[str, Any]:
        """Correct the job's type, attributes (checked per type), location or access notes."""
        require_role(self.db(), self.caller, WRITERS, "amend_job")
        loaded = schemas.load(AmendSchema(), command, "command")
        amending.amend_job(self.db(), self.repairs.rules, job_ref(job_id), self.caller, loaded.pop("idempotency_key"),
                           loaded)
        return self.get_job(job_id)

    @rpc
    def cancel_job(self, job_id: str, command: dict[str, Any]) -> dict[str, Any]:
        require_role(self.db(), self.caller, WRITERS, "cancel_job")
        loaded = schemas.load(CancelSchema(), command, "command")
        jobs.cancel_job(self.db(), self.repairs.rules, job_ref(job_id), self.caller, loaded["idempotency_key"],
                        loaded["reason"])
        return self.get_job(job_id)

    @rpc
    def record_contractor_update(self, job_id: str, update: dict[str, Any]) -> dict[str, Any]:
        """What a contractor told staff on the phone (accepted, on site, made safe, completed ...)."""
        require_role(self.db(), self.caller, WRITERS, "record_contractor_update")
        loaded = schemas.load(StaffUpdateSchema(), update, "update")
        receipt = reports.record_staff_update(self.db(), self.repairs.rules, job_ref(job_id), self.caller,
                                              loaded.pop("idempotency_key"), loaded)
        return ReceiptSchema().dump(receipt)  # type: ignore[no-any-return]

    @rpc
    def contractor_directory(self) -> list[dict[str, Any]]:
        require_role(self.db(), self.caller, DIRECTORY_READERS, "contractor_directory")
        return queries.contractor_directory(self.db(), self.repairs.rules, self.caller)

    @rpc
    def job_types(self) -> list[dict[str, Any]]:
        """The Open311-shaped catalogue of job types and their attributes (no personal data)."""
        require_role(self.db(), self.caller, READERS | DIRECTORY_READERS, "job_types")
        return open311.services()

    def _record_callback(self, request: Request, name: str) -> Response:
        try:
            body = self._verified_body(request, name)
            report = schemas.load(ContractorReportSchema(), _json_body(body), "callback")
            receipt = reports.record_contractor_report(self.db(), self.repairs.rules, name,
                                                       request.headers["webhook-id"], report)
        except HcsError as exc:
            CALLBACKS.labels(self.name, exc.code).inc()
            if isinstance(exc, Unauthenticated):
                audit_refusal(self.db(), Caller(f"claimed:contractor:{name[:64]}", "unknown"), "contractor_report",
                              None, exc.message)
            return _json(to_dict(exc), _HTTP_STATUS.get(exc.code, 400))
        CALLBACKS.labels(self.name, receipt.outcome).inc()
        return _json(ReceiptSchema().dump(receipt), 200)

    def _verified_body(self, request: Request, name: str) -> bytes:
        body = read_body(request, MAX_CALLBACK_BYTES)
        contractor = self.repairs.settings.contractor(name)
        try:
            if contractor is None:
                raise BadSignature("unknown contractor")
            verify(contractor.secret, body, request.headers)
        except BadSignature:
            raise Unauthenticated("the callback's signature could not be verified") from None
        if len(request.headers["webhook-id"]) > 120:
            raise ValidationFailed("callback is invalid", {"webhook-id": ["At most 120 characters."]})
        return body


def _json_body(body: bytes) -> Any:
    try:
        return parse_json(body)
    except ValueError:
        raise ValidationFailed("callback is not JSON", {"_schema": ["Not valid JSON."]}) from None


def _json(body: Any, status: int) -> Response:
    return Response(json.dumps(body, default=str), status=status, content_type="application/json")


def job_ref(value: Any) -> str:
    """A job's id as a caller gives it: a string of 1 to 64 characters, or a clear error (an id of a
    megabyte, or a structure, would be repeated in the NotFound and overflow the audit row)."""
    if not isinstance(value, str) or not 1 <= len(value) <= 64:
        raise ValidationFailed("job_id is invalid", {"job_id": ["An id of 1 to 64 characters."]})
    return value
