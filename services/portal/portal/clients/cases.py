"""Cases' RPCs as the portal uses them (issue 4).

Assumed (cases' RPCs as being rewritten): ``get_case(case_id)`` -> the case's fields flat, beside
``prompts``, ``reports``, ``risk_assessments``, ``support_actions`` (each with ``agreement``),
``perpetrator_actions``, ``contacts``, ``reviews``, ``approvals``, ``referrals``, ``repairs``,
``conferences``, ``survey`` and ``timeline``; ``case_for_report(report_id)`` -> {case_id|None,
outcome}; ``my_cases({"status"})`` -> [case summary]; ``team_queue({})`` -> {team, unallocated,
work_items, pending_approvals}; ``overdue_work({})`` -> [{case_id, what, due_at, ...}]; commands taking
``(case_id, payload)``: ``record_contact``, ``add_support_action``, ``assess_risk``,
``propose_perpetrator_action``, ``request_closure``, ``allocate_case``; ``record_action_agreement(case_id,
action_id, payload)``; ``decide_approval(approval_id, {decision, note})``.
"""

from __future__ import annotations

from typing import Any

from hcs.errors import NotFound
from portal.clients.rpc import Call

Payload = dict[str, Any]


class CasesClient:
    def __init__(self, call: Call) -> None:
        self._call = call

    # reads
    def case_detail(self, case_id: str) -> Payload:
        return self._call("cases", "get_case", case_id)  # type: ignore[no-any-return]

    def case_for_report(self, report_id: str) -> Payload | None:
        """Where a report went: {case_id, outcome}; None while cases has not taken it yet."""
        try:
            return self._call("cases", "case_for_report", report_id)  # type: ignore[no-any-return]
        except NotFound:
            return None

    def my_cases(self, status: str = "open") -> list[Payload]:
        return self._call("cases", "my_cases", {"status": status})  # type: ignore[no-any-return]

    def team_queue(self) -> Payload:
        return self._call("cases", "team_queue", {})  # type: ignore[no-any-return]

    def overdue_work(self) -> list[Payload]:
        return self._call("cases", "overdue_work", {})  # type: ignore[no-any-return]

    # commands
    def record_contact(self, case_id: str, payload: Payload) -> Payload:
        return self._call("cases", "record_contact", case_id, payload)  # type: ignore[no-any-return]

    def add_support_action(self, case_id: str, payload: Payload) -> Payload:
        return self._call("cases", "add_support_action", case_id, payload)  # type: ignore[no-any-return]

    def record_action_agreement(self, case_id: str, action_id: str, payload: Payload) -> Payload:
        return self._call("cases", "record_action_agreement", case_id, action_id, payload)  # type: ignore[no-any-return]

    def assess_risk(self, case_id: str, payload: Payload) -> Payload:
        return self._call("cases", "assess_risk", case_id, payload)  # type: ignore[no-any-return]

    def propose_perpetrator_action(self, case_id: str, payload: Payload) -> Payload:
        return self._call("cases", "propose_perpetrator_action", case_id, payload)  # type: ignore[no-any-return]

    def request_closure(self, case_id: str, payload: Payload) -> Payload:
        return self._call("cases", "request_closure", case_id, payload)  # type: ignore[no-any-return]

    def decide_approval(self, approval_id: str, payload: Payload) -> Payload:
        return self._call("cases", "decide_approval", approval_id, payload)  # type: ignore[no-any-return]
