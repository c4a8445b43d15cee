"""The staff directory (POL-10; POL-3): kept by managers (and the administrator); read by seniors
for their own team. Sex and ethnic origin, where staff chose to record them, are shown only to
managers, the administrator and the data protection officer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from cases.domain.access import DATA_PROTECTION_OFFICER, Person
from cases.domain.staff import REFRESHER_OVERDUE, StaffMember
from cases.domain.vocabulary import MANAGER, SENIOR
from cases.service_layer import guard
from cases.settings import CasesSettings
from hcs.errors import Forbidden, ValidationFailed

ADMINISTRATOR = "administrator"
KEEPERS = (MANAGER, ADMINISTRATOR)
SEES_SPECIAL = (MANAGER, ADMINISTRATOR, DATA_PROTECTION_OFFICER)


@dataclass
class StaffView:
    member: StaffMember
    training: str
    refresher_due_on: date | None
    show_special: bool


def _refuse(uow: Any, caller: Person, action: str, reason: str, record_id: str | None = None) -> None:
    with uow:
        guard.audit(uow, caller, action, record_id, "refused", reason, record_type="staff")
        uow.commit()
    raise Forbidden(reason)


def save_staff(uow: Any, caller: Person, data: dict[str, Any], settings: CasesSettings) -> StaffView:
    if caller.role not in KEEPERS:
        _refuse(uow, caller, "cases.save_staff", f"role {caller.role} may not change the staff directory",
                data.get("staff_id"))
    with uow:
        now = uow.clock.now()
        member = StaffMember(**{k: v for k, v in data.items() if k != "idempotency_key"},
                             updated_at=now, updated_by=caller.user_id)
        with guard.translated():
            member.check(now.date())
        if member.reports_to and uow.staff.get(member.reports_to) is None:
            raise ValidationFailed("the staff record is invalid", {"reports_to": ["Not in the staff directory."]})
        if uow.staff.get(member.staff_id) is None:
            uow.staff.add(member)
        else:
            uow.staff.save(member)
        guard.audit(uow, caller, "cases.save_staff", member.staff_id, record_type="staff")
        uow.commit()
    return _view(member, settings, now.date(), True)


def list_staff(uow: Any, caller: Person, team: str | None, overdue_only: bool,
               settings: CasesSettings) -> list[StaffView]:
    if caller.role not in (*KEEPERS, SENIOR, DATA_PROTECTION_OFFICER):
        _refuse(uow, caller, "cases.list_staff", f"role {caller.role} may not read the staff directory")
    if caller.role == SENIOR and team not in (None, caller.team):
        _refuse(uow, caller, "cases.list_staff", "a senior reads their own team only")
    team = caller.team if caller.role == SENIOR else team
    with uow:
        today = uow.clock.now().date()
        members = uow.staff.everyone(team)
        views = [_view(m, settings, today, caller.role in SEES_SPECIAL) for m in members]
        if overdue_only:
            views = [v for v in views if v.training != "trained"]
        guard.audit_many(uow, caller, "cases.list_staff", [v.member.staff_id for v in views], record_type="staff")
        uow.commit()
    return sorted(views, key=lambda v: (v.member.team, v.member.staff_id))


def _view(member: StaffMember, settings: CasesSettings, today: date, show_special: bool) -> StaffView:
    rule = settings.policy.training
    status = rule.status(member.trained_on, today)
    due = rule.refresher_due(member.trained_on) if member.trained_on else None
    return StaffView(member, status, due, show_special)


__all__ = ["REFRESHER_OVERDUE", "StaffView", "list_staff", "save_staff"]
