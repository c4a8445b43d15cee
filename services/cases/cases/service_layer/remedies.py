"""Perpetrator actions (POL-4): proposing a remedy and moving it through its statuses."""

from __future__ import annotations

from typing import Any

from cases.domain.access import Person, Right
from cases.domain.case import Case
from cases.domain.errors import CaseRuleBroken, InvalidCommand
from cases.domain.remedies import COURT, PerpetratorAction, propose
from cases.service_layer import guard, publish
from cases.settings import CasesSettings


def propose_action(uow: Any, caller: Person, case_id: str, data: dict[str, Any]) -> PerpetratorAction:
    def work_on(case: Case) -> PerpetratorAction:
        now = uow.clock.now()
        action_id = guard.new_id(caller, data.get("idempotency_key"), "remedy")
        existing: PerpetratorAction | None = uow.remedies.get(action_id)
        if existing is not None:
            return existing
        case.require_open()
        action = propose(action_id, case.case_id, data["remedy"], perpetrator_key=data.get("perpetrator_key"),
                         victim_view=data["victim_view"], reason=data.get("reason"), by=caller.user_id, at=now,
                         hate_incident=case.hate_incident,
                         threats_by_identified=case.threats_of_violence and case.perpetrator_identified,
                         historic_status=data.get("historic_status"), expires_on=data.get("expires_on"))
        uow.remedies.add(action)
        case.note(now, "perpetrator_action", f"{action.remedy.replace('_', ' ').capitalize()}: {action.status}",
                  caller.user_id, action_id)
        publish.perpetrator_action(uow, case, action, now)
        return action

    return guard.on_case(uow, caller, case_id, "cases.propose_perpetrator_action", Right.WORK, work_on)


def progress(uow: Any, caller: Person, case_id: str, action_id: str, data: dict[str, Any],
             settings: CasesSettings) -> PerpetratorAction:
    def work_on(case: Case) -> PerpetratorAction:
        now = uow.clock.now()
        action: PerpetratorAction | None = uow.remedies.get(action_id)
        if action is None or action.case_id != case.case_id:
            raise InvalidCommand("action_id", "No such perpetrator action on this case.")
        at = data.get("at") or now
        if at > now:
            raise InvalidCommand("at", "Record a step once it has happened.")
        if data["status"] == "approved":
            rule = "perpetrator_court_action" if action.kind == COURT else "perpetrator_action"
            roles = settings.policy.approvals.roles[rule]
            if caller.role not in roles:
                raise CaseRuleBroken(f"a {action.remedy.replace('_', ' ')} is approved by "
                                     + " or ".join(sorted(roles)))
        action.progress(data["status"], caller.user_id, at, data.get("note"), data.get("expires_on"))
        uow.remedies.save(action)
        case.note(now, "perpetrator_action", f"{action.remedy.replace('_', ' ').capitalize()}: {action.status}",
                  caller.user_id, action_id)
        publish.perpetrator_action(uow, case, action, at)
        return action

    return guard.on_case(uow, caller, case_id, "cases.progress_perpetrator_action", Right.WORK, work_on)
