"""The contact log and the victim's update frequency (POL-3; response targets)."""

from __future__ import annotations

from typing import Any

from cases.domain.access import Person, Right
from cases.domain.case import Case
from cases.domain.contacts import Contact, check_time
from cases.domain.errors import InvalidCommand
from cases.service_layer import guard, publish, work
from cases.settings import CasesSettings

RESOLVED_BY_CONTACT = ("report_linked", "report_amended", "report_withdrawn", "first_contact_overdue",
                       "update_overdue")


def record_contact(uow: Any, caller: Person, case_id: str, data: dict[str, Any], settings: CasesSettings) -> Contact:
    def work_on(case: Case) -> Contact:
        now, policy = uow.clock.now(), settings.policy
        contact_id = guard.new_id(caller, data.get("idempotency_key"), "contact")
        existing: Contact | None = uow.contacts.get(contact_id)
        if existing is not None:
            return existing
        case.require_open()
        contacted_at = data.get("contacted_at") or now
        check_time(contacted_at, case.received_at, now)
        corrects = data.get("corrects")
        if corrects and (uow.contacts.get(corrects) is None or uow.contacts.get(corrects).case_id != case.case_id):
            raise InvalidCommand("corrects", "Name a contact of this case.")
        successful_with_victim = data["party"] == "victim" and data["successful"]
        due = case.first_contact_due_at if case.first_contact_at is None else case.next_update_due_at
        first = successful_with_victim and case.victim_contacted(
            contacted_at, data["kind"] in policy.first_contact_kinds, policy)
        contact = Contact(contact_id, case.case_id, contacted_at, now, caller.user_id, data["kind"], data["party"],
                          data["direction"], data["successful"], data["summary"].strip(), corrects, first,
                          due if successful_with_victim else None,
                          (contacted_at <= due) if successful_with_victim and due else None)
        uow.contacts.add(contact)
        case.note(now, "contact", f"{data['kind'].capitalize()} {'with' if data['successful'] else 'attempted:'} "
                  f"{data['party'].replace('_', ' ')}{' (first contact)' if first else ''}", caller.user_id, contact_id)
        if successful_with_victim:
            work.resolve(uow, case.case_id, RESOLVED_BY_CONTACT, caller.user_id, now, "victim contacted")
        publish.contact_recorded(uow, case, contact)
        return contact

    return guard.on_case(uow, caller, case_id, "cases.record_contact", Right.LOG_CONTACT, work_on)


def choose_update_frequency(uow: Any, caller: Person, case_id: str, data: dict[str, Any],
                            settings: CasesSettings) -> Case:
    def work_on(case: Case) -> Case:
        most = settings.policy.targets.max_update_interval_working_days
        if data["every_working_days"] > most:
            raise InvalidCommand("every_working_days", f"Victims are updated at least every {most} working days.")
        case.choose_update_frequency(data["every_working_days"], caller.user_id, uow.clock.now(), settings.policy)
        return case

    return guard.on_case(uow, caller, case_id, "cases.choose_update_frequency", Right.WORK, work_on)
