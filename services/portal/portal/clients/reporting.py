"""Reporting's RPCs as the portal uses them (issue 7).

Assumed: ``get_indicators(period=None, period_start=None, period_end=None, stream=None)`` -> {period,
period_title, streams, suppressed, indicators: [{name, title, definition, source, by_stream, total,
rows: [{key, label, part_of, <stream>|total: {value, shown}}]}], reporting_target}; ``get_hot_spots(
period, level, incidents, stream, limit)`` -> {period, previous_period, level, areas: [{rank, area,
incidents: {shown}, previous: {shown}, change}], months: [YYYYMM], heat: [[count|None]], unmapped};
``list_packs(kind=None)`` -> [{pack_id, kind, period, title, audience, files: [{artefact_id, name,
media_type, size}]}]; ``generate_pack(kind, period)`` -> the same manifest; ``get_artefact(
artefact_id, offset, length)`` -> {artefact, content_base64, next_offset}.
Only the arguments given are sent, so an older reporting service answers the same page.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

from portal.clients.rpc import Call

PACK_KINDS = {"quarterly": "Quarterly, for the Operations Director", "six_monthly": "Six-monthly, for the committee",
              "annual": "Annual, for the Board"}
MAX_PIECES = 64  # 64 pieces of at most 4 MiB: far beyond any pack


def _given(**values: Any) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v not in (None, "")}


class ReportingClient:
    def __init__(self, call: Call) -> None:
        self._call = call

    def indicators(self, period: str | None = None, stream: str | None = None) -> dict[str, Any]:
        return self._call("reporting", "get_indicators", **_given(period=period, stream=stream))  # type: ignore[no-any-return]

    def hot_spots(self, period: str, stream: str | None = None, level: str = "sector") -> dict[str, Any]:
        return self._call("reporting", "get_hot_spots", **_given(period=period, stream=stream, level=level))  # type: ignore[no-any-return]

    def packs(self) -> list[dict[str, Any]]:
        return self._call("reporting", "list_packs")  # type: ignore[no-any-return]

    def generate_pack(self, kind: str, period: str | None = None) -> dict[str, Any]:
        return self._call("reporting", "generate_pack", **_given(kind=kind, period=period))  # type: ignore[no-any-return]

    def document(self, artefact_id: str) -> tuple[dict[str, Any], Iterator[bytes]]:
        """A stored pack file: its description and its bytes, fetched piece by piece as they are sent."""
        first = self._call("reporting", "get_artefact", artefact_id=artefact_id, offset=0)

        def pieces() -> Iterator[bytes]:
            piece = first
            for _ in range(MAX_PIECES):
                yield base64.b64decode(piece["content_base64"])
                if piece.get("next_offset") is None:
                    return
                piece = self._call("reporting", "get_artefact", artefact_id=artefact_id,
                                   offset=piece["next_offset"])

        return first["artefact"], pieces()
