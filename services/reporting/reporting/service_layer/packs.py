"""Packs (POL-9; code 1.3.5): computed from the read model, rendered off the hub, stored as artefacts
and fetched in pieces."""

from __future__ import annotations

import base64
import uuid
from dataclasses import dataclass
from typing import Any

from hcs.auth import Caller
from hcs.errors import Forbidden, NotFound, ValidationFailed
from reporting.domain import access
from reporting.domain.figures import STREAMS, TOTAL
from reporting.domain.indicators import reports
from reporting.domain.packs import PACK_KINDS, PackContent, compose
from reporting.domain.periods import Period, ReportingPeriod, add_months
from reporting.domain.targets import target_lines, trend
from reporting.service_layer.areas import hot_spot_report
from reporting.service_layer.handlers import TARGET_COUNTS, audit_read, authorise, compute, per_column
from reporting.service_layer.queries import PackRequest, pack_period
from reporting.settings import ReportingSettings

MAX_PIECE = 4 * 1024 * 1024  # bytes of an artefact per RPC reply (about 5.3 MB once base64-encoded)


@dataclass(frozen=True)
class PackManifest:
    pack_id: str
    kind: str
    period: str
    title: str
    audience: str
    files: list[Any]


def pack_content(uow: Any, kind_key: str, period: ReportingPeriod, settings: ReportingSettings,
                 parked: int) -> PackContent:
    """Call inside a unit of work: every figure a pack shows, for both streams (POL-7)."""
    kind, now, calendar = PACK_KINDS[kind_key], uow.clock.now(), settings.calendar
    homes = settings.homes(period)
    figures, counted = compute(uow, period.span, STREAMS, now, homes, kind.suppressed)
    compared = settings.compared(period)
    before = uow.read_model.count({r.measure.count for r in TARGET_COUNTS.values()}, compared.span, now)  # type: ignore[union-attr]
    columns = (*STREAMS, TOTAL)
    targets = target_lines(per_column(counted, STREAMS), per_column(before, STREAMS), columns,
                           settings.increase_target, kind.suppressed)
    window_start = add_months(period.end_day, -12)
    months = ReportingPeriod("days", window_start, period.end_day, "").months[-12:]
    monthly_by = reports().per("received_month")
    span = Period.of_days(add_months(window_start, -12), period.end_day)
    per_month = uow.read_model.count([monthly_by], span, now)[monthly_by]
    spots = hot_spot_report(uow, period, calendar.previous(period), "sector", "all", STREAMS, settings.top_areas,
                            kind.suppressed)
    clusters = None
    if kind.clusters:
        clusters = hot_spot_report(uow, period, calendar.previous(period), "cluster", "all", STREAMS,
                                   settings.top_areas, False).spots
    return PackContent(kind, settings.landlord, period, calendar.previous(period), compared, figures, targets,
                       settings.increase_target, trend(months, per_month, columns, kind.suppressed), spots.spots,
                       spots.months, spots.heat, clusters, now, uow.facts.latest(), parked, homes,
                       settings.year_starts)


def generate_pack(uow: Any, request: PackRequest, caller: Caller, settings: ReportingSettings, renderer: Any,
                  parked_count: Any = None) -> PackManifest:
    authorise(uow, caller, "reporting.generate_pack", "pack", request.kind,
              lambda: access.check_pack(caller, request.kind))
    kind = PACK_KINDS[request.kind]
    period = pack_period(settings.calendar, kind.period_kind, request.period, uow.clock.now().date())
    with uow:
        content = pack_content(uow, request.kind, period, settings, parked_count() if parked_count else 0)
    document = compose(content)
    pack_id = str(uuid.uuid4())
    files = renderer.pack(document, f"{request.kind}-{period.label}")
    with uow:
        stored = [uow.artefacts.add(pack_id=pack_id, kind=request.kind, period=period.label, name=f.name,
                                    media_type=f.media_type, content=f.content, created_at=content.generated_at,
                                    created_by=caller.user_id) for f in files]
        audit_read(uow, caller, "reporting.generate_pack", "pack", pack_id, f"{request.kind} {period.label}")
        uow.commit()
    return PackManifest(pack_id, request.kind, period.label, document.title, kind.audience, stored)


def list_packs(uow: Any, caller: Caller, kind: str | None) -> list[PackManifest]:
    readable = {k for k in PACK_KINDS if caller.role in access.PACK_READERS[k]}
    kinds = readable & {kind} if kind else readable

    def check() -> None:
        if not kinds:
            access.check_pack(caller, kind or "quarterly")

    authorise(uow, caller, "reporting.list_packs", "pack", kind, check)
    with uow:
        manifests = [PackManifest(a.pack_id, a.kind, a.period, PACK_KINDS[a.kind].title, PACK_KINDS[a.kind].audience,
                                  uow.artefacts.of_pack(a.pack_id)) for a in uow.artefacts.packs(kinds)]
        audit_read(uow, caller, "reporting.list_packs", "pack", kind)
        uow.commit()
    return manifests


def get_artefact(uow: Any, artefact_id: str, offset: int, length: int | None, caller: Caller) -> dict[str, Any]:
    """A piece of a stored document, base64-encoded; ``next_offset`` is None after the last piece."""
    def may_read_any() -> None:
        if not any(caller.role in r for r in access.PACK_READERS.values()) and caller.role not in access.EXPORTERS:
            raise Forbidden(f"role {caller.role} may not read reporting documents")

    authorise(uow, caller, "reporting.get_artefact", "artefact", artefact_id, may_read_any)
    with uow:
        artefact = uow.artefacts.get(artefact_id)
    if artefact is None:
        raise NotFound("no such document")

    def check() -> None:
        if artefact.kind == "export":
            access.check_export(caller)
        else:
            access.check_pack(caller, artefact.kind)

    authorise(uow, caller, "reporting.get_artefact", "artefact", artefact_id, check)
    if offset > artefact.size:
        raise ValidationFailed("the offset is past the end of the document", {"offset": [f"at most {artefact.size}"]})
    length = min(length or MAX_PIECE, MAX_PIECE)
    with uow:
        piece = uow.artefacts.read(artefact_id, offset, length)
        audit_read(uow, caller, "reporting.get_artefact", "artefact", artefact_id, f"offset {offset}")
        uow.commit()
    end = offset + len(piece)
    return {"artefact": artefact, "offset": offset, "content_base64": base64.b64encode(piece).decode("ascii"),
            "next_offset": end if end < artefact.size else None}
