"""Intake's RPCs as the portal uses them (issue 3).

Assumed: ``submit_report(payload) -> receipt`` where payload is the common reporting form
(idempotency_key, channel, stream, anonymous, reporter, victims[], household, incident, perception
{strands, perceived_by, other_strand, notes}, perpetrators[], witnesses[], police, previous_incidents,
damage, officer_offer, contact_consent) and the receipt is {report_id, received_at, version,
duplicate_submission, triage: {outcome, reasons[], flags[], strands[], ...}}; ``get_report(report_id)``.
"""

from __future__ import annotations

from typing import Any

from portal.clients.rpc import Call


class IntakeClient:
    def __init__(self, call: Call) -> None:
        self._call = call

    def submit_report(self, payload: dict[str, Any]) -> dict[str, Any]:
        return self._call("intake", "submit_report", payload)  # type: ignore[no-any-return]

    def get_report(self, report_id: str) -> dict[str, Any]:
        return self._call("intake", "get_report", report_id)  # type: ignore[no-any-return]
