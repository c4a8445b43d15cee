"""Intake's RPCs as the portal uses them (issue 3; ``services/intake/intake/service.py``).

- ``submit_report(payload)``: the common reporting form -> {report_id, received_at, version,
  duplicate_submission, triage: {outcome, asb_category, reasons, flags, ...}};
- ``get_report(report_id, version=None)`` -> {report_id, received_at, channel, stream, status,
  version, triage, original_perception, details, withdrawal, history};
- ``list_reports(filters)`` with {received_from, received_until, stream, triage, flag, channel,
  status, page_size, cursor} -> {reports: [line], next_cursor}.
"""

from __future__ import annotations

from typing import Any

from portal.clients.port import Payload, Port, given

PAGE_SIZE = 25


class IntakeClient(Port):
    service = "intake"

    def submit_report(self, payload: Payload) -> Payload:
        return self._rpc("submit_report", payload)  # type: ignore[no-any-return]

    def get_report(self, report_id: str) -> Payload:
        return self._rpc("get_report", report_id)  # type: ignore[no-any-return]

    def list_reports(self, filters: Payload, cursor: str | None = None) -> Payload:
        """One page of reports (no names): {reports, next_cursor}."""
        wanted: dict[str, Any] = {**given(**filters), "page_size": PAGE_SIZE, **given(cursor=cursor)}
        return self._rpc("list_reports", wanted)  # type: ignore[no-any-return]
