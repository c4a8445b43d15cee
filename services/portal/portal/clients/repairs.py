"""Repairs' RPCs as the portal uses them (issue 5; ``services/repairs/repairs/service.py``).

- ``list_jobs(case_id=None, *, contractor, state, limit, offset)`` -> [job summary: job_id, case_id,
  stream, address, job_type, priority, description, location, contractor, status, reported_at,
  target_at, at_risk_at, made_safe_at, completed_at, follow_on_due_at, target, target_met, follow_on
  ...]; states open, at_risk, breached, unassigned, follow_on, closed, all; at most 200 a page;
- ``get_job(job_id)`` -> the summary with access_notes, attributes, withheld, photos, assignments,
  cancel_reason, updates, messages, deliveries;
- ``reassign_job(job_id, {idempotency_key, contractor|None, reason})``, ``cancel_job(job_id,
  {idempotency_key, reason})`` -> the job; ``record_contractor_update(job_id, {idempotency_key,
  status, at, notes, reason, photos})`` -> {job_id, status, outcome, duplicate};
- ``contractor_directory()`` -> [{name, display_name, trades, areas, hours, emergency_cover,
  capacity, open_jobs}].
"""

from __future__ import annotations

from typing import Any

from portal.clients.port import Payload, Port, given

BOARD_STATES = ("open", "at_risk", "breached", "unassigned", "follow_on", "closed")
PAGE_SIZE = 50
REJECT_REASONS = ("outside_area", "no_capacity", "trade_not_covered", "cannot_meet_target", "unsafe_to_attend",
                  "other")
NO_ACCESS_REASONS = ("no_answer", "refused_entry", "unsafe", "appointment_missed", "other")
CONTRACTOR_REPORTS = ("accepted", "rejected", "on_site", "made_safe", "completed", "no_access")
PHOTO_STAGES = ("before", "during", "after")


class RepairsClient(Port):
    service = "repairs"

    def jobs_for_case(self, case_id: str) -> list[Payload]:
        return self._rpc("list_jobs", case_id, state="all", limit=200)  # type: ignore[no-any-return]

    def board(self, state: str, offset: int = 0, contractor: str | None = None) -> tuple[list[Payload], bool]:
        """One page of a list, most urgent first, and whether there is another page after it."""
        if state not in BOARD_STATES:
            raise ValueError(state)
        found: list[Any] = self._rpc("list_jobs", state=state, limit=PAGE_SIZE + 1, offset=offset,
                                     **given(contractor=contractor))
        return found[:PAGE_SIZE], len(found) > PAGE_SIZE

    def get_job(self, job_id: str) -> Payload:
        return self._rpc("get_job", job_id)  # type: ignore[no-any-return]

    def reassign_job(self, job_id: str, command: Payload) -> Payload:
        return self._rpc("reassign_job", job_id, command)  # type: ignore[no-any-return]

    def cancel_job(self, job_id: str, command: Payload) -> Payload:
        return self._rpc("cancel_job", job_id, command)  # type: ignore[no-any-return]

    def record_contractor_update(self, job_id: str, update: Payload) -> Payload:
        return self._rpc("record_contractor_update", job_id, update)  # type: ignore[no-any-return]

    def contractor_directory(self) -> list[Payload]:
        return self._rpc("contractor_directory")  # type: ignore[no-any-return]
