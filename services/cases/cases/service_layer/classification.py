"""Classifying a case (POL-2). Additions apply at once; a recategorisation that removes or changes
anything waits for a senior's approval (see ``cases.domain.classification``)."""

from __future__ import annotations

from typing import Any

from cases.domain.access import Person, Right
from cases.domain.approvals import RECATEGORISATION, Approval, require_none_pending
from cases.domain.case import Case
from cases.domain.classification import check_rationale, proposed
from cases.domain.errors import CaseRuleBroken
from cases.service_layer import guard, publish, work
from cases.service_layer.case_effects import check_community_trigger
from cases.settings import CasesSettings


def propose(uow: Any, caller: Person, case_id: str, data: dict[str, Any],
            settings: CasesSettings) -> tuple[Case, Approval | None]:
    def work_on(case: Case) -> tuple[Case, Approval | None]:
        now = uow.clock.now()
        case.require_open()
        new = proposed(data["hate_incident"], data["strands"], data.get("asb_category"))
        rationale = check_rationale(data.get("rationale"))
        if new == case.classification:
            raise CaseRuleBroken("the case already has that classification")
        if not new.removes_from(case.classification):
            change = case.add_perception(new, caller.user_id, now, rationale=rationale)
            assert change is not None
            uow.cases.add_classification_change(change)
            publish.recategorised(uow, case, change)
            case.retarget(settings.policy)
            check_community_trigger(uow, case, settings, now)
            return case, None
        require_none_pending(uow.approvals.pending_for(case.case_id), (RECATEGORISATION,))
        roles = settings.policy.approvals.approvers(RECATEGORISATION, case.hate_incident)
        approval = Approval(guard.new_id(caller, data.get("idempotency_key"), "recategorisation"), case.case_id,
                            RECATEGORISATION, caller.user_id, now, {**new.as_dict(), "rationale": rationale},
                            sorted(roles))
        uow.approvals.add(approval)
        case.note(now, "approval_requested", "Recategorisation asked for: waiting for approval", caller.user_id,
                  approval.approval_id)
        work.for_approvers(uow, case, roles, "Decide a recategorisation", now, approval.approval_id)
        return case, approval

    return guard.on_case(uow, caller, case_id, "cases.propose_classification", Right.WORK, work_on)
