"""Reporting's RPCs as the portal uses them (issue 7; ``services/reporting/reporting/service.py``).

- ``get_indicators(period=None, period_start=None, period_end=None, stream=None)`` -> {period,
  period_title, period_start, period_end, stream, streams, suppressed, figures_as_at, indicators:
  [{name, title, definition, source, by_stream {stream: value}, total, rows: [{key, label, part_of,
  <stream>|total: {value, numerator, denominator, shown}}]}], reporting_target}; no period: all time;
- ``get_hot_spots(period, level=sector|cluster, incidents=all|hate|racist, stream, limit)`` -> {period,
  previous_period, level, incidents, areas_with_incidents, unmapped {shown ...}, areas: [{rank, area,
  incidents {value, shown}, previous {...}, change, addresses, repeat_addresses}], months [YYYYMM],
  heat [[count|None]]};
- ``list_packs(kind=None)`` and ``generate_pack(kind, period)`` -> manifests {pack_id, kind, period,
  title, audience, files: [{artefact_id, name, media_type, size, sha256, kind, period, created_at}]};
- ``export_incidents(period, format=csv|json)`` -> the stored file's description;
- ``get_artefact(artefact_id, offset, length)`` -> {artefact, content_base64, next_offset}.

Only the arguments given are sent: the service's own defaults stand for the rest.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

from portal.clients.port import Payload, Port, given

PACK_KINDS = {"quarterly": "Quarterly, for the Operations Director", "six_monthly": "Six-monthly, for the committee",
              "annual": "Annual, for the Board"}
HOT_SPOT_LEVELS = ("sector", "cluster")
HOT_SPOT_INCIDENTS = ("all", "hate", "racist")
EXPORT_FORMATS = ("csv", "json")
MAX_PIECES = 64  # 64 pieces of at most 4 MiB: far beyond any pack


class ReportingClient(Port):
    service = "reporting"

    def indicators(self, period: str | None = None, stream: str | None = None) -> Payload:
        return self._rpc("get_indicators", **given(period=period, stream=stream))  # type: ignore[no-any-return]

    def hot_spots(self, period: str, stream: str | None = None, level: str = "sector",
                  incidents: str = "all") -> Payload:
        return self._rpc("get_hot_spots", period=period,  # type: ignore[no-any-return]
                         **given(stream=stream, level=level, incidents=incidents))

    def packs(self, kind: str | None = None) -> list[Payload]:
        return self._rpc("list_packs", **given(kind=kind))  # type: ignore[no-any-return]

    def generate_pack(self, kind: str, period: str | None = None) -> Payload:
        return self._rpc("generate_pack", kind=kind, **given(period=period))  # type: ignore[no-any-return]

    def export_incidents(self, period: str, format: str = "csv") -> Payload:  # noqa: A002 - the RPC's name
        return self._rpc("export_incidents", period=period, format=format)  # type: ignore[no-any-return]

    def document(self, artefact_id: str) -> tuple[Payload, Iterator[bytes]]:
        """A stored file: its description and its bytes, fetched piece by piece as they are sent."""
        first = self._rpc("get_artefact", artefact_id=artefact_id, offset=0)

        def pieces() -> Iterator[bytes]:
            piece: Any = first
            for _ in range(MAX_PIECES):
                yield base64.b64decode(piece["content_base64"])
                if piece.get("next_offset") is None:
                    return
                piece = self._rpc("get_artefact", artefact_id=artefact_id, offset=piece["next_offset"])

        return first["artefact"], pieces()
