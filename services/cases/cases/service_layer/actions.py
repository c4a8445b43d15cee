"""The victim's action plan: adding actions, the victim's agreement, completion and cancellation.
An action that proceeds and needs another service asks for it here (repairs, referrals)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from cases.domain.access import Person, Right
from cases.domain.actions import REPAIRS, SupportAction, new_action
from cases.domain.case import Case
from cases.domain.errors import InvalidCommand
from cases.service_layer import guard, publish
from cases.settings import CasesSettings


def _action(uow: Any, case: Case, action_id: str) -> SupportAction:
    action: SupportAction | None = uow.actions.get(action_id)
    if action is None or action.case_id != case.case_id:
        raise InvalidCommand("action_id", "No such action on this case.")
    return action


def add_action(uow: Any, caller: Person, case_id: str, data: dict[str, Any], settings: CasesSettings) -> SupportAction:
    def work_on(case: Case) -> SupportAction:
        now = uow.clock.now()
        action_id = guard.new_id(caller, data.get("idempotency_key"), "action")
        existing: SupportAction | None = uow.actions.get(action_id)
        if existing is not None:
            return existing
        case.require_open()
        owner = data.get("owner_id") or case.officer_id or caller.user_id
        details = {k: data[k] for k in ("location", "job_type", "access_notes") if data.get(k)}
        action = new_action(action_id, case.case_id, data["action_type"], data["description"], owner,
                            data.get("due_at"), now, caller.user_id, details, case.address is not None)
        case.note(now, "action_added", f"Support action proposed: {action.action_type.replace('_', ' ')}",
                  caller.user_id, action_id)
        if data.get("agreement"):
            _agree(uow, case, action, data["agreement"], caller.user_id, now, data.get("agreement_note"))
        uow.actions.add(action)
        return action

    return guard.on_case(uow, caller, case_id, "cases.add_support_action", Right.WORK, work_on)


def record_agreement(uow: Any, caller: Person, case_id: str, action_id: str, data: dict[str, Any]) -> SupportAction:
    def work_on(case: Case) -> SupportAction:
        case.require_open()
        action = _action(uow, case, action_id)
        _agree(uow, case, action, data["agreement"], caller.user_id, uow.clock.now(), data.get("note"))
        uow.actions.save(action)
        return action

    return guard.on_case(uow, caller, case_id, "cases.record_action_agreement", Right.WORK, work_on)


def complete(uow: Any, caller: Person, case_id: str, action_id: str, data: dict[str, Any]) -> SupportAction:
    def work_on(case: Case) -> SupportAction:
        now = uow.clock.now()
        action = _action(uow, case, action_id)
        action.complete(caller.user_id, now, data.get("note"))
        uow.actions.save(action)
        case.note(now, "action_completed", f"Support action completed: {action.action_type.replace('_', ' ')}",
                  caller.user_id, action_id)
        publish.action_completed(uow, case, action)
        return action

    return guard.on_case(uow, caller, case_id, "cases.complete_action", Right.WORK, work_on)


def cancel(uow: Any, caller: Person, case_id: str, action_id: str, data: dict[str, Any]) -> SupportAction:
    def work_on(case: Case) -> SupportAction:
        now = uow.clock.now()
        action = _action(uow, case, action_id)
        action.cancel(caller.user_id, now, data["reason"])
        uow.actions.save(action)
        if action.request_id and action.partner_kind:
            uow.referrals.withdraw_request(action.request_id, now)
        case.note(now, "action_cancelled", f"Support action cancelled: {action.action_type.replace('_', ' ')}",
                  caller.user_id, action_id)
        return action

    return guard.on_case(uow, caller, case_id, "cases.cancel_action", Right.WORK, work_on)


def _agree(uow: Any, case: Case, action: SupportAction, agreement: str, by: str, now: datetime,
           note: str | None) -> None:
    """Record the victim's answer (POL-3); an action that now proceeds asks the other services."""
    action.record_agreement(agreement, by, now, note)
    case.note(now, "action_agreement", f"Victim's answer on {action.action_type.replace('_', ' ')}: "
              f"{agreement.replace('_', ' ')}", by, action.action_id)
    publish.action_agreed(uow, case, action)
    if action.status != "agreed":
        return
    if action.needs_repair:
        action.request_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"repair-action:{action.action_id}"))
        uow.repairs.add(action.request_id, case.case_id, action.action_id, None, now)
        publish.repair_requested(uow, case, action.request_id, reported_at=now, description=action.description,
                                 location=action.details.get("location"), action_id=action.action_id,
                                 job_type=action.details.get("job_type"), priority=REPAIRS[action.action_type])
        case.note(now, "repair_requested", f"Repair requested: {action.action_type.replace('_', ' ')}", by,
                  action.request_id)
    elif action.partner_kind is not None:
        action.request_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"referral-action:{action.action_id}"))
        uow.referrals.note(f"request:{action.request_id}", case.case_id, "requested", now,
                           request_id=action.request_id, partner=None, partner_kind=action.partner_kind,
                           purpose=action.action_type)
        publish.referral_requested(uow, case, action.request_id, action, by, now)
        case.note(now, "referral_requested", f"Referral to {action.partner_kind.replace('_', ' ')} requested "
                  "(subject to the victim's consent)", by, action.request_id)
