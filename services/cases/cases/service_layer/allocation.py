"""Allocating a case to an officer (POL-3; issue 4 "officer allocation by team and patch").

On opening, the case goes at once to the least-loaded trained officer of its team who covers its
patch, unless the victim asked for an officer of the same sex or ethnic origin: that needs what the
victim told us about themselves, so a senior allocates it. A senior (own team) or a manager
(any team) may allocate or hand over a case at any time; every change of owner emits
``case_allocated`` with the previous officer, so referrals can re-check consent.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from cases.domain.access import Person, Right
from cases.domain.allocation import choose_officer, matches, wanted
from cases.domain.case import Case
from cases.domain.errors import CaseRuleBroken, InvalidCommand
from cases.domain.staff import StaffMember
from cases.domain.vocabulary import HOUSING_OFFICER, MANAGER, SENIOR
from cases.service_layer import guard, publish, work
from cases.settings import CasesSettings

PREFERENCE_KINDS = ("allocation_needed", "preference_to_offer")


def auto_allocate(uow: Any, case: Case, settings: CasesSettings, now: datetime) -> None:
    staff = uow.staff.in_team(case.team)
    choice = choose_officer(staff, team=case.team, patch=case.patch, stream=case.stream,
                            preference=case.officer_preference, match=case.preference_match,
                            caseload=uow.cases.caseloads(s.staff_id for s in staff),
                            training=settings.policy.training, today=now.date())
    if choice.officer is None:
        work.for_senior(uow, case, "allocation_needed", f"Allocate this case: {choice.note}", now)
        return
    previous = case.allocate(choice.officer.staff_id, choice.officer.team, now, choice.honoured, choice.note,
                             "system")
    publish.allocated(uow, case, previous)


def allocate(uow: Any, caller: Person, case_id: str, data: dict[str, Any], settings: CasesSettings) -> Case:
    def work_on(case: Case) -> Case:
        now = uow.clock.now()
        if data.get("match"):
            case.preference_match = dict(data["match"])
        officer = _chosen(uow, caller, case, data, settings, now)
        honoured = matches(officer, case.officer_preference, case.preference_match)
        note = (data.get("note") or "").strip() or None
        if honoured is False and note is None:
            raise InvalidCommand("note", "The victim's request is not honoured by this choice: record why.")
        previous = case.allocate(officer.staff_id, officer.team, now, honoured, note, caller.user_id)
        publish.allocated(uow, case, previous)
        work.resolve(uow, case.case_id, ("allocation_needed",), caller.user_id, now, "allocated")
        return case

    return guard.on_case(uow, caller, case_id, "cases.allocate_case", Right.ALLOCATE, work_on)


def _chosen(uow: Any, caller: Person, case: Case, data: dict[str, Any], settings: CasesSettings,
            now: datetime) -> StaffMember:
    training = settings.policy.training
    if not data.get("officer_id"):
        staff = uow.staff.in_team(case.team)
        choice = choose_officer(staff, team=case.team, patch=case.patch, stream=case.stream,
                                preference=case.officer_preference, match=case.preference_match,
                                caseload=uow.cases.caseloads(s.staff_id for s in staff), training=training,
                                today=now.date(), exclude=case.officer_id)
        if choice.officer is None:
            raise CaseRuleBroken(f"nobody to allocate to: {choice.note}")
        return choice.officer
    officer = uow.staff.get(data["officer_id"])
    if officer is None or not officer.active:
        raise InvalidCommand("officer_id", "Not an active member of staff in the directory.")
    if officer.role not in (HOUSING_OFFICER, SENIOR):
        raise InvalidCommand("officer_id", "Cases are held by housing officers or seniors.")
    if not training.may_take_cases(officer.trained_on, now.date()):
        raise CaseRuleBroken(f"{officer.staff_id} is not trained in the harassment policy (policy section 4)")
    if case.stream not in officer.streams:
        raise CaseRuleBroken(f"{officer.staff_id} does not work in the {case.stream.replace('_', ' ')} stream")
    if officer.team != case.team and caller.role != MANAGER:
        raise CaseRuleBroken("a case moves to another team only by a manager's allocation")
    return officer  # type: ignore[no-any-return]


def record_preference(uow: Any, caller: Person, case_id: str, data: dict[str, Any], settings: CasesSettings) -> Case:
    """POL-3: the offer of an officer of the same sex or ethnic origin, and the victim's answer."""

    def work_on(case: Case) -> Case:
        now = uow.clock.now()
        case.require_open()
        case.officer_preference = data["preference"]
        case.preference_match = dict(data.get("match") or {}) or None
        needed = wanted(case.officer_preference)
        if needed and not all((case.preference_match or {}).get(k) for k in needed):
            raise InvalidCommand("match", "Record what the victim asked for: " + ", ".join(needed) + ".")
        case.note(now, "officer_preference", f"Officer preference recorded: {data['preference'].replace('_', ' ')}",
                  caller.user_id)
        work.resolve(uow, case.case_id, ("preference_to_offer",), caller.user_id, now, "offer made and answer recorded")
        officer = uow.staff.get(case.officer_id) if case.officer_id else None
        fits = matches(officer, case.officer_preference, case.preference_match) if officer else None
        case.preference_honoured = fits
        if fits is False or (needed and officer is None):
            work.for_senior(uow, case, "allocation_needed", "The victim asked for an officer of the same "
                            + " and ".join(n.replace("_", " ") for n in needed) + ": reallocate if possible", now,
                            ref=f"preference:{case.version}")
        return case

    return guard.on_case(uow, caller, case_id, "cases.record_officer_preference", Right.WORK, work_on)
