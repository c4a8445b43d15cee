"""Asking for and deciding approvals: closure, no further action, recategorisation (issue 4)."""

from __future__ import annotations

from typing import Any

from cases.domain.access import Person, Right
from cases.domain.approvals import CLOSURE, NO_FURTHER_ACTION, RECATEGORISATION, Approval, require_none_pending
from cases.domain.case import Case
from cases.domain.classification import Classification
from cases.domain.closure import approval_kind, check_closure
from cases.domain.errors import CaseRuleBroken
from cases.domain.survey import survey_on_closure
from cases.service_layer import guard, publish, work
from cases.settings import CasesSettings
from hcs.errors import NotFound


def request_closure(uow: Any, caller: Person, case_id: str, data: dict[str, Any],
                    settings: CasesSettings) -> Approval:
    def work_on(case: Case) -> Approval:
        now = uow.clock.now()
        require_none_pending(uow.approvals.pending_for(case.case_id), (CLOSURE, NO_FURTHER_ACTION))
        request = check_closure(case, data["outcome"], data["checklist"], data["note"],
                                uow.actions.for_case(case.case_id), uow.remedies.for_case(case.case_id),
                                uow.conferences.for_case(case.case_id), uow.referrals.open_count(case.case_id))
        kind = approval_kind(data["outcome"])
        roles = settings.policy.approvals.approvers(kind, case.hate_incident)
        approval = Approval(guard.new_id(caller, data.get("idempotency_key"), "closure"), case.case_id, kind,
                            caller.user_id, now, request, sorted(roles))
        uow.approvals.add(approval)
        case.note(now, "approval_requested", f"{kind.replace('_', ' ').capitalize()} asked for: "
                  f"{data['outcome'].replace('_', ' ')}", caller.user_id, approval.approval_id)
        work.for_approvers(uow, case, roles, f"Decide a {kind.replace('_', ' ')} request", now, approval.approval_id)
        return approval

    return guard.on_case(uow, caller, case_id, "cases.request_closure", Right.WORK, work_on)


def decide(uow: Any, caller: Person, approval_id: str, data: dict[str, Any], settings: CasesSettings) -> Approval:
    with uow:
        approval: Approval | None = uow.approvals.get(approval_id)
    if approval is None:
        raise NotFound(f"no approval {approval_id}")

    def work_on(case: Case) -> Approval:
        now = uow.clock.now()
        current: Approval = uow.approvals.get(approval_id)
        current.decide(data["decision"] == "approve", caller.user_id, caller.role, now, data.get("note"))
        uow.approvals.save(current)
        if current.status == "approved":
            _apply(uow, case, current, settings)
        else:
            case.note(now, "approval_rejected", f"{current.kind.replace('_', ' ').capitalize()} request rejected",
                      caller.user_id, current.approval_id)
        work.resolve(uow, case.case_id, ("approval_requested",), caller.user_id, now, current.status,
                     ref=current.approval_id)
        return current

    return guard.on_case(uow, caller, approval.case_id, "cases.decide_approval", Right.SUPERVISE, work_on)


def withdraw(uow: Any, caller: Person, approval_id: str) -> Approval:
    with uow:
        approval: Approval | None = uow.approvals.get(approval_id)
    if approval is None:
        raise NotFound(f"no approval {approval_id}")

    def work_on(case: Case) -> Approval:
        now = uow.clock.now()
        current: Approval = uow.approvals.get(approval_id)
        current.withdraw(caller.user_id, now)
        uow.approvals.save(current)
        work.resolve(uow, case.case_id, ("approval_requested",), caller.user_id, now, "withdrawn",
                     ref=current.approval_id)
        case.note(now, "approval_withdrawn", f"{current.kind.replace('_', ' ').capitalize()} request withdrawn",
                  caller.user_id, current.approval_id)
        return current

    return guard.on_case(uow, caller, approval.case_id, "cases.withdraw_approval", Right.WORK, work_on)


def _apply(uow: Any, case: Case, approval: Approval, settings: CasesSettings) -> None:
    now, request = approval.decided_at, approval.request
    assert now is not None and approval.decided_by is not None
    if approval.kind == RECATEGORISATION:
        new = Classification(request["hate_incident"], tuple(request["strands"]), request.get("asb_category"))
        change = case.recategorise(new, request["rationale"], approval.requested_by, approval.decided_by, now)
        uow.cases.add_classification_change(change)
        publish.recategorised(uow, case, change)
        case.retarget(settings.policy)
        return
    # closure or no further action: check again, things may have moved since the request
    check_closure(case, request["outcome"], request["checklist"], request["note"], uow.actions.for_case(case.case_id),
                  uow.remedies.for_case(case.case_id), uow.conferences.for_case(case.case_id),
                  uow.referrals.open_count(case.case_id))
    if case.closure is not None:
        raise CaseRuleBroken("the case is already closed")
    case.close(request["outcome"], {**request, "requested_by": approval.requested_by,
                                    "approval_id": approval.approval_id}, approval.decided_by, now)
    publish.case_closed(uow, case)
    for item in uow.work.open_for_case(case.case_id):
        item.resolve(approval.decided_by, now, "case closed")
        uow.work.save(item)
    uow.surveys.add(survey_on_closure(case.case_id, case.contactable, now))
    if case.contactable:
        work.for_officer(uow, case, "survey_due", "Ask the victim the satisfaction survey (TP12) and record the "
                         "answers", now, due_at=settings.policy.calendar.add_working_days(now, 10))
    else:
        case.note(now, "survey", "No satisfaction survey: anonymous report", "system")
