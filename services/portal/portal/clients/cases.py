"""Cases' RPCs as the portal uses them (issue 4; ``services/cases/cases/entrypoints/``).

Reads: ``get_case(case_id)`` -> the case's own fields flat (``views.CaseSchema``) beside
``prompts``, ``reports``, ``classification_history``, ``risk_assessments``, ``support_actions``,
``perpetrator_actions``, ``conferences``, ``contacts``, ``reviews``, ``approvals``, ``work_items``,
``referrals``, ``repairs``, ``survey`` and ``timeline`` (newest first); ``case_for_report(report_id)``
-> {report_id, outcome, case_id|None, withdrawn}; ``my_cases({status, limit})``;
``team_queue({team, limit})`` -> {team, unallocated, work_items, pending_approvals};
``overdue_work({team, limit})`` -> [{case_id, stream, team, officer_id, what, due_at, ref_id}];
``list_staff({team, training_overdue_only})``.

Commands take ``(case_id, payload)``, or ``(case_id, action_id, payload)`` for a record of the case;
``decide_approval(approval_id, {decision, note})``, ``withdraw_approval(approval_id)`` and
``resolve_work_item(item_id, {note})`` name their record alone. A payload that creates a record may
carry an ``idempotency_key``: a retried form returns the first record.
"""

from __future__ import annotations

from hcs.errors import NotFound
from portal.clients.port import Payload, Port, given

LIST_LIMIT = 200


class CasesClient(Port):
    service = "cases"

    # reads
    def case_detail(self, case_id: str) -> Payload:
        return self._rpc("get_case", case_id)  # type: ignore[no-any-return]

    def case_for_report(self, report_id: str) -> Payload | None:
        """Where a report went: {case_id, outcome, ...}; None while cases has not taken it yet."""
        try:
            return self._rpc("case_for_report", report_id)  # type: ignore[no-any-return]
        except NotFound:
            return None

    def my_cases(self, status: str = "open", limit: int = LIST_LIMIT) -> list[Payload]:
        return self._rpc("my_cases", {"status": status, "limit": limit})  # type: ignore[no-any-return]

    def team_queue(self, limit: int = LIST_LIMIT) -> Payload:
        return self._rpc("team_queue", {"limit": limit})  # type: ignore[no-any-return]

    def overdue_work(self, limit: int = LIST_LIMIT) -> list[Payload]:
        return self._rpc("overdue_work", {"limit": limit})  # type: ignore[no-any-return]

    def list_staff(self, team: str | None = None, training_overdue_only: bool = False) -> list[Payload]:
        return self._rpc("list_staff", {**given(team=team),  # type: ignore[no-any-return]
                                        "training_overdue_only": training_overdue_only})

    # the case's record
    def allocate_case(self, case_id: str, payload: Payload) -> Payload:
        return self._rpc("allocate_case", case_id, payload)  # type: ignore[no-any-return]

    def record_officer_preference(self, case_id: str, payload: Payload) -> Payload:
        return self._rpc("record_officer_preference", case_id, payload)  # type: ignore[no-any-return]

    def assess_risk(self, case_id: str, payload: Payload) -> Payload:
        return self._rpc("assess_risk", case_id, payload)  # type: ignore[no-any-return]

    def propose_classification(self, case_id: str, payload: Payload) -> Payload:
        return self._rpc("propose_classification", case_id, payload)  # type: ignore[no-any-return]

    def choose_update_frequency(self, case_id: str, payload: Payload) -> Payload:
        return self._rpc("choose_update_frequency", case_id, payload)  # type: ignore[no-any-return]

    def record_contact(self, case_id: str, payload: Payload) -> Payload:
        return self._rpc("record_contact", case_id, payload)  # type: ignore[no-any-return]

    # the action plan and perpetrator actions
    def add_support_action(self, case_id: str, payload: Payload) -> Payload:
        return self._rpc("add_support_action", case_id, payload)  # type: ignore[no-any-return]

    def record_action_agreement(self, case_id: str, action_id: str, payload: Payload) -> Payload:
        return self._rpc("record_action_agreement", case_id, action_id, payload)  # type: ignore[no-any-return]

    def complete_action(self, case_id: str, action_id: str, payload: Payload) -> Payload:
        return self._rpc("complete_action", case_id, action_id, payload)  # type: ignore[no-any-return]

    def cancel_action(self, case_id: str, action_id: str, payload: Payload) -> Payload:
        return self._rpc("cancel_action", case_id, action_id, payload)  # type: ignore[no-any-return]

    def propose_perpetrator_action(self, case_id: str, payload: Payload) -> Payload:
        return self._rpc("propose_perpetrator_action", case_id, payload)  # type: ignore[no-any-return]

    def progress_perpetrator_action(self, case_id: str, action_id: str, payload: Payload) -> Payload:
        return self._rpc("progress_perpetrator_action", case_id, action_id, payload)  # type: ignore[no-any-return]

    # supervision and closure (POL-8)
    def record_review(self, case_id: str, payload: Payload) -> Payload:
        return self._rpc("record_review", case_id, payload)  # type: ignore[no-any-return]

    def request_closure(self, case_id: str, payload: Payload) -> Payload:
        return self._rpc("request_closure", case_id, payload)  # type: ignore[no-any-return]

    def decide_approval(self, approval_id: str, payload: Payload) -> Payload:
        return self._rpc("decide_approval", approval_id, payload)  # type: ignore[no-any-return]

    def withdraw_approval(self, approval_id: str) -> Payload:
        return self._rpc("withdraw_approval", approval_id)  # type: ignore[no-any-return]

    def record_survey_answers(self, case_id: str, payload: Payload) -> Payload:
        return self._rpc("record_survey_answers", case_id, payload)  # type: ignore[no-any-return]

    def resolve_work_item(self, item_id: str, payload: Payload) -> Payload:
        return self._rpc("resolve_work_item", item_id, payload)  # type: ignore[no-any-return]
