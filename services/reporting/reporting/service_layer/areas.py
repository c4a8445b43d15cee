"""Hot spots (code 1.2.2) and the anonymised incident export (POL-11; code 1.3.2)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from hcs.auth import Caller
from reporting.domain import access, export
from reporting.domain.hotspots import Cluster, HotSpots, heat, rank
from reporting.domain.indicators import reports
from reporting.domain.measures import Count, Is
from reporting.domain.periods import Period, ReportingPeriod
from reporting.service_layer.handlers import audit_read, authorise
from reporting.service_layer.queries import ExportRequest, HotSpotQuery, resolve
from reporting.settings import ReportingSettings

INCIDENTS = {"all": reports(), "hate": reports(Is("hate", True)), "racist": reports(Is("racist", True))}


@dataclass(frozen=True)
class HotSpotReport:
    period: ReportingPeriod
    previous: ReportingPeriod
    incidents: str
    spots: HotSpots
    months: list[int]
    heat: list[list[int | None]]


def _areas(uow: Any, count: Count, span: Period, streams: tuple[str, ...], now: Any) -> Counter[Any]:
    """Incidents per area (and month, when grouped by both), over the given streams."""
    out: Counter[Any] = Counter()
    for key, n in uow.read_model.count([count], span, now)[count].items():
        if key[0] in streams:
            out[key[1] if len(key) == 2 else key[1:]] += n
    return out


def hot_spot_report(uow: Any, period: ReportingPeriod, previous: ReportingPeriod, level: str, incidents: str,
                    streams: tuple[str, ...], top: int, suppressed: bool) -> HotSpotReport:
    """Call inside a unit of work. Sectors or clusters ranked, the change since ``previous``, and the heat
    of the top sectors over both periods' months."""
    now, base = uow.clock.now(), INCIDENTS[incidents]
    column = "postcode_unit" if level == "cluster" else "postcode_sector"
    months = previous.months + period.months
    # one pass over both periods, by area and month: this period, the one before, and the heat grid
    grid = _areas(uow, base.per(column, "received_month"), Period(previous.span.starts, period.span.ends), streams,
                  now)
    current: Counter[Any] = Counter()
    before: Counter[Any] = Counter()
    this_period = set(period.months)
    for (area, month), n in grid.items():
        (current if month in this_period else before)[area] += n
    clusters: Mapping[str, Cluster] | None = uow.read_model.clusters(period.span) if level == "cluster" else None
    spots = rank(current, before, top, suppressed, level, clusters)
    return HotSpotReport(period, previous, incidents, spots, months, heat(spots.spots, grid, months, suppressed))


def get_hot_spots(uow: Any, query: HotSpotQuery, caller: Caller, settings: ReportingSettings) -> HotSpotReport:
    def check() -> tuple[str, ...]:
        access.check_hot_spots(caller, query.level)
        return access.streams_for(caller, query.stream)

    streams = authorise(uow, caller, "reporting.get_hot_spots", "hot_spots", query.period, check)
    period = resolve(settings.calendar, query.period, uow.clock.now().date())
    with uow:
        report = hot_spot_report(uow, period, settings.calendar.previous(period), query.level, query.incidents,
                                 streams, query.limit or settings.top_areas, access.suppressed_for(caller))
        audit_read(uow, caller, "reporting.get_hot_spots", "hot_spots", period.label, query.level)
        uow.commit()
    return report


def export_incidents(uow: Any, request: ExportRequest, caller: Caller, settings: ReportingSettings,
                     renderer: Any) -> Any:
    """The anonymised export of the period's incidents, stored as an artefact; returns the artefact."""
    authorise(uow, caller, "reporting.export_incidents", "export", request.period, lambda: access.check_export(caller))
    now = uow.clock.now()
    period = resolve(settings.calendar, request.period, now.date())
    with uow:
        rows = export.anonymise(uow.read_model.export_rows(period.span), settings.export_key, settings.export_min_area)
    header = export.header(period.label, period.first_day, period.last_day, settings.landlord, now.date(), len(rows))
    content = renderer.export(request.format, header, rows)
    name = f"incidents-{period.label}.{request.format}"
    media = "text/csv; charset=utf-8" if request.format == "csv" else "application/json"
    with uow:
        artefact = uow.artefacts.add(pack_id=None, kind="export", period=period.label, name=name, media_type=media,
                                     content=content, created_at=now, created_by=caller.user_id)
        audit_read(uow, caller, "reporting.export_incidents", "export", artefact.artefact_id,
                   f"{len(rows)} incidents, {period.label}")
        uow.commit()
    return artefact
