"""Case conferences (code 1.5.3, 1.5.5): scheduling, the minutes and actions, cancelling."""

from __future__ import annotations

from typing import Any

from cases.domain.access import Person, Right
from cases.domain.case import Case
from cases.domain.conferences import Conference, schedule
from cases.domain.errors import InvalidCommand
from cases.service_layer import guard


def _conference(uow: Any, case: Case, conference_id: str) -> Conference:
    conference: Conference | None = uow.conferences.get(conference_id)
    if conference is None or conference.case_id != case.case_id:
        raise InvalidCommand("conference_id", "No such conference on this case.")
    return conference


def schedule_conference(uow: Any, caller: Person, case_id: str, data: dict[str, Any]) -> Conference:
    def work_on(case: Case) -> Conference:
        now = uow.clock.now()
        conference_id = guard.new_id(caller, data.get("idempotency_key"), "conference")
        existing: Conference | None = uow.conferences.get(conference_id)
        if existing is not None:
            return existing
        case.require_open()
        if data["scheduled_for"] < now:
            raise InvalidCommand("scheduled_for", "Schedule a conference for a time still to come.")
        conference = schedule(conference_id, case.case_id, data["scheduled_for"], data["attendees"],
                              data["purpose"], data["victim_consented"], caller.user_id, now)
        uow.conferences.add(conference)
        case.note(now, "conference", f"Case conference scheduled for {data['scheduled_for']:%d %b %Y %H:%M}",
                  caller.user_id, conference_id)
        return conference

    return guard.on_case(uow, caller, case_id, "cases.schedule_conference", Right.WORK, work_on)


def record_conference(uow: Any, caller: Person, case_id: str, conference_id: str, data: dict[str, Any]) -> Conference:
    def work_on(case: Case) -> Conference:
        now = uow.clock.now()
        conference = _conference(uow, case, conference_id)
        conference.hold(data["held_at"], data["minutes"], data.get("attendees"), data.get("actions") or [], now)
        uow.conferences.save(conference)
        case.note(now, "conference", "Case conference held: minutes and actions recorded", caller.user_id,
                  conference_id)
        return conference

    return guard.on_case(uow, caller, case_id, "cases.record_conference", Right.WORK, work_on)


def cancel_conference(uow: Any, caller: Person, case_id: str, conference_id: str, data: dict[str, Any]) -> Conference:
    def work_on(case: Case) -> Conference:
        conference = _conference(uow, case, conference_id)
        conference.cancel(data["reason"])
        uow.conferences.save(conference)
        case.note(uow.clock.now(), "conference", "Case conference cancelled", caller.user_id, conference_id)
        return conference

    return guard.on_case(uow, caller, case_id, "cases.cancel_conference", Right.WORK, work_on)
