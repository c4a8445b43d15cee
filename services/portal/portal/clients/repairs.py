"""Repairs' RPCs as the portal uses them (issue 5).

Assumed: ``list_jobs(case_id=None, *, state, contractor, limit, offset)`` -> [job summary with
job_id, case_id, stream, job_type, priority, description, location, contractor, status, reported_at,
target_at, at_risk_at, made_safe_at, completed_at, target, target_met]; states open, at_risk, breached,
unassigned, follow_on, closed, all; ``get_job(job_id)``; ``contractor_directory()`` -> [{name,
display_name, trades, areas, hours, emergency_cover, capacity, open_jobs}].
"""

from __future__ import annotations

from typing import Any

from portal.clients.rpc import Call

BOARD_STATES = ("open", "at_risk", "breached")


class RepairsClient:
    def __init__(self, call: Call) -> None:
        self._call = call

    def jobs_for_case(self, case_id: str) -> list[dict[str, Any]]:
        return self._call("repairs", "list_jobs", case_id)  # type: ignore[no-any-return]

    def board(self, state: str) -> list[dict[str, Any]]:
        if state not in BOARD_STATES:
            raise ValueError(state)
        return self._call("repairs", "list_jobs", state=state, limit=200)  # type: ignore[no-any-return]

    def get_job(self, job_id: str) -> dict[str, Any]:
        return self._call("repairs", "get_job", job_id)  # type: ignore[no-any-return]

    def contractor_directory(self) -> list[dict[str, Any]]:
        return self._call("repairs", "contractor_directory")  # type: ignore[no-any-return]
