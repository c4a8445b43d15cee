"""The reporting service: a read model of every event, and the indicators counted from it."""

from __future__ import annotations

from typing import Any

from hcs import schemas
from hcs.auth import ADMINISTRATOR, require_role, rpc
from hcs.db import Database
from hcs.events import Event
from hcs.messaging import consumes
from hcs.service import ServiceBase
from reporting.schemas import IndicatorQuerySchema, IndicatorReportSchema
from reporting.service_layer import handlers
from reporting.service_layer.unit_of_work import ReportingUnitOfWork


class ReportingService(ServiceBase):
    name = "reporting"
    db = Database(ReportingUnitOfWork)

    @rpc
    def get_indicators(self, period_start: Any = None, period_end: Any = None,
                       stream: Any = None) -> dict[str, Any]:
        given = {"period_start": period_start, "period_end": period_end, "stream": stream}
        query = schemas.load(IndicatorQuerySchema(), {k: v for k, v in given.items() if v is not None},
                             "indicator query")
        report = handlers.get_indicators(self.db(), query, self.caller)
        return IndicatorReportSchema().dump(report)  # type: ignore[no-any-return]

    @rpc
    def rebuild(self) -> dict[str, Any]:
        require_role(self.caller, {ADMINISTRATOR}, "rebuild the read model")
        return IndicatorReportSchema().dump(handlers.rebuild(self.db(), self.caller))  # type: ignore[no-any-return]

    @consumes("report_received")
    def on_report_received(self, event: Event, uow: Any) -> None:
        handlers.record_fact(uow, event)

    @consumes("case_opened")
    def on_case_opened(self, event: Event, uow: Any) -> None:
        handlers.record_fact(uow, event)

    @consumes("report_linked")
    def on_report_linked(self, event: Event, uow: Any) -> None:
        handlers.record_fact(uow, event)

    @consumes("job_created")
    def on_job_created(self, event: Event, uow: Any) -> None:
        handlers.record_fact(uow, event)

    @consumes("job_dispatched")
    def on_job_dispatched(self, event: Event, uow: Any) -> None:
        handlers.record_fact(uow, event)

    @consumes("referral_requested")
    def on_referral_requested(self, event: Event, uow: Any) -> None:
        handlers.record_fact(uow, event)

    @consumes("referral_refused")
    def on_referral_refused(self, event: Event, uow: Any) -> None:
        handlers.record_fact(uow, event)
