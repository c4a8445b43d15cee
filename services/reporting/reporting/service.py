"""The reporting service: a read model built only from events, the indicators, hot spots and packs
counted from it, and the anonymised export (POL-7, POL-9; code 1.2.2, 1.3.5, 1.3.6).

Documents are rendered in eventlet's native thread pool, never on the hub; they are stored and
returned as a manifest of artefacts, each fetched with ``get_artefact`` in base64 pieces.
"""

from __future__ import annotations

from typing import Any

from nameko.extensions import DependencyProvider
from werkzeug.wrappers import Response

from hcs import metrics as hcs_metrics
from hcs import schemas
from hcs.auth import rpc
from hcs.db import Database
from hcs.events import Event
from hcs.messaging import parked_rows
from hcs.web import http
from reporting import metrics
from reporting.adapters.rendering.render import ThreadedRenderer
from reporting.domain.rules import CONSUMED_EVENT_TYPES
from reporting.entrypoints.privacy import PrivacyEntrypoints
from reporting.schemas import (
    ArtefactRequestSchema,
    ArtefactSchema,
    ExportRequestSchema,
    HotSpotQuerySchema,
    IndicatorQuerySchema,
    ListPacksSchema,
    PackManifestSchema,
    PackRequestSchema,
    hot_spot_report,
    indicator_report,
)
from reporting.service_layer import areas, handlers, packs
from reporting.service_layer.unit_of_work import ReportingUnitOfWork
from reporting.settings import ReportingSettings, reporting_settings


class ReportingConfig(DependencyProvider):
    """``self.reporting``: the validated reporting settings and the off-hub renderer."""

    settings: ReportingSettings
    renderer: ThreadedRenderer

    def setup(self) -> None:
        self.settings = reporting_settings(self.container.config["HCS"].extra)
        self.renderer = ThreadedRenderer()

    def get_dependency(self, worker_ctx: Any) -> ReportingConfig:
        return self


def _given(**values: Any) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


class ReportingService(PrivacyEntrypoints):
    name = "reporting"
    db = Database(ReportingUnitOfWork)
    reporting: ReportingConfig = ReportingConfig()  # type: ignore[assignment]

    @rpc
    def get_indicators(self, period: Any = None, period_start: Any = None, period_end: Any = None,
                       stream: Any = None) -> dict[str, Any]:
        query = schemas.load(IndicatorQuerySchema(), _given(period=period, period_start=period_start,
                                                            period_end=period_end, stream=stream), "indicator query")
        return indicator_report(handlers.get_indicators(self.db(), query, self.caller, self.reporting.settings))

    @rpc
    def get_hot_spots(self, period: Any = None, level: Any = None, incidents: Any = None, stream: Any = None,
                      limit: Any = None) -> dict[str, Any]:
        query = schemas.load(HotSpotQuerySchema(), _given(period=period, level=level, incidents=incidents,
                                                          stream=stream, limit=limit), "hot spot query")
        return hot_spot_report(areas.get_hot_spots(self.db(), query, self.caller, self.reporting.settings))

    @rpc
    def generate_pack(self, kind: Any = None, period: Any = None) -> dict[str, Any]:
        request = schemas.load(PackRequestSchema(), _given(kind=kind, period=period), "pack request")
        manifest = packs.generate_pack(self.db(), request, self.caller, self.reporting.settings,
                                       self.reporting.renderer, self._parked_count)
        return PackManifestSchema().dump(manifest)  # type: ignore[no-any-return]

    @rpc
    def list_packs(self, kind: Any = None) -> list[dict[str, Any]]:
        query = schemas.load(ListPacksSchema(), _given(kind=kind), "pack list")
        return PackManifestSchema(many=True).dump(packs.list_packs(self.db(), self.caller, query["kind"]))  # type: ignore[no-any-return]

    @rpc
    def get_artefact(self, artefact_id: Any = None, offset: Any = None, length: Any = None) -> dict[str, Any]:
        asked = schemas.load(ArtefactRequestSchema(), _given(artefact_id=artefact_id, offset=offset, length=length),
                             "document request")
        piece = packs.get_artefact(self.db(), str(asked["artefact_id"]), asked["offset"], asked["length"], self.caller)
        return {**piece, "artefact": ArtefactSchema().dump(piece["artefact"])}

    @rpc
    def export_incidents(self, period: Any = None, format: Any = None) -> dict[str, Any]:
        request = schemas.load(ExportRequestSchema(), _given(period=period, format=format), "export request")
        artefact = areas.export_incidents(self.db(), request, self.caller, self.reporting.settings,
                                          self.reporting.renderer)
        return ArtefactSchema().dump(artefact)  # type: ignore[no-any-return]

    @rpc
    def rebuild(self) -> dict[str, Any]:
        return handlers.rebuild(self.db(), self.caller)

    @http("GET", "/metrics")
    def serve_metrics(self, request: Any) -> Response:
        metrics.publish(self.name, handlers.live_figures(self.db()))
        hcs_metrics.PARKED_OPEN.labels(self.name).set(self._parked_count())
        body, content_type = hcs_metrics.exposition()
        return Response(body, content_type=content_type)

    def _parked_count(self) -> int:
        return len(parked_rows(self.db.store, limit=100_000))


def _consumer(event_type: str) -> Any:
    from hcs.messaging import consumes

    def handler(self: ReportingService, event: Event, uow: Any) -> None:
        handlers.record_fact(uow, event)

    handler.__name__ = f"on_{event_type}"
    handler.__qualname__ = f"ReportingService.on_{event_type}"
    return consumes(event_type)(handler)


# One consumer (and so one queue) per event type the read model is built from.
for _event_type in sorted(CONSUMED_EVENT_TYPES):
    setattr(ReportingService, f"on_{_event_type}", _consumer(_event_type))
