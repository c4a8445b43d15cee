"""What the portals read: a case in full with its timeline, my cases, the team queue, overdue work.
Every case read is audited, lists included (one row per case shown)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select, true

from cases.adapters.orm import cases as t
from cases.adapters.orm import support_actions
from cases.domain.access import DATA_PROTECTION_OFFICER, Person, Right, refusal
from cases.domain.case import OPEN, Case
from cases.domain.remedies import without_notice_prompt
from cases.domain.vocabulary import MANAGER, SENIOR
from cases.service_layer import guard
from hcs.errors import Forbidden, NotFound


@dataclass
class CaseDetail:
    case: Case
    show_preference: bool
    prompts: list[str]
    records: dict[str, Any] = field(default_factory=dict)


FLAG_PROMPTS = (  # triage flag, the support action that answers it, what to say
    ("interpreter_needed", "interpreter", "An interpreter is needed: arrange one (1.4.4)"),
    ("repair_needed", "damage_repair", "The report says a repair is needed: add a damage repair (POL-6)"),
    ("vulnerable_victim", "target_hardening", "A vulnerable victim: consider target-hardening the home (1.2.3)"),
)


def prompts_for(case: Case, remedies: list[Any], actions: list[Any], now: datetime,
                repairs: list[Any] | tuple[Any, ...] = ()) -> list[str]:
    """What the case is waiting for, in the officer's words. A repair already asked for (from the
    report's damage, or by an action) answers the report's repair flag."""
    out: list[str] = []
    planned = {a.action_type for a in actions} | ({"damage_repair"} if repairs else set())
    out.extend(text for flag, action_type, text in FLAG_PROMPTS
               if case.is_open and flag in case.flags and action_type not in planned)
    if case.is_open and case.risk_provisional:
        out.append("Complete the risk and vulnerability assessment with the victim")
    if case.is_open and case.contactable and case.officer_preference in (None, "not_offered"):
        out.append("Offer an officer of the same sex or ethnic origin and record the answer (POL-3)")
    if case.is_open and without_notice_prompt(case.threats_of_violence and case.perpetrator_identified, remedies):
        out.append("Threats of violence by an identifiable perpetrator: consider a without-notice injunction (1.4.1)")
    if case.is_open and case.officer_id is None:
        out.append("Allocate the case to a trained officer")
    if case.community_trigger_at is not None and case.is_open:
        out.append("Community Trigger threshold crossed: consider an ASB case review")
    return out


def case_detail(uow: Any, caller: Person, case_id: str) -> CaseDetail:
    def read(case: Case) -> CaseDetail:
        cid = case.case_id
        remedies = uow.remedies.for_case(cid)
        show = caller.role == DATA_PROTECTION_OFFICER or refusal(caller, case, Right.WORK) is None
        records = {
            "reports": uow.cases.reports_for(cid), "classification_history": uow.cases.classification_history(cid),
            "risk_assessments": uow.risks.for_case(cid), "actions": uow.actions.for_case(cid),
            "perpetrator_actions": remedies, "conferences": uow.conferences.for_case(cid),
            "contacts": uow.contacts.for_case(cid), "reviews": uow.reviews.for_case(cid),
            "approvals": uow.approvals.for_case(cid), "work_items": uow.work.open_for_case(cid),
            "survey": uow.surveys.get(cid), "referrals": uow.referrals.for_case(cid),
            "repairs": uow.repairs.for_case(cid), "timeline": uow.cases.timeline(cid)}
        prompts = prompts_for(case, remedies, records["actions"], uow.clock.now(), records["repairs"])
        return CaseDetail(case, show, prompts, records)

    return guard.reading(uow, caller, case_id, "cases.get_case", read)


def case_for_report(uow: Any, caller: Person, report_id: str) -> dict[str, Any]:
    with uow:
        record = uow.cases.report(report_id)
    if record is None:
        raise NotFound(f"report {report_id} has not reached cases yet")
    if record.case_id is not None:
        guard.reading(uow, caller, record.case_id, "cases.case_for_report", lambda case: case)
    else:  # recorded without a case (POL-1): any reader of its stream may see that much
        reason = refusal(caller, _Scope(record.stream, caller.team), Right.READ)
        with uow:
            guard.audit(uow, caller, "cases.case_for_report", report_id, "refused" if reason else "allowed", reason,
                        record_type="report")
            uow.commit()
        if reason:
            raise Forbidden("you may not see this report")
    return {"report_id": report_id, "outcome": record.outcome, "case_id": record.case_id,
            "withdrawn": record.withdrawn_at is not None}


@dataclass
class _Scope:
    stream: str
    team: str | None = None
    officer_id: str | None = None


def _audited_list(uow: Any, caller: Person, action: str, found: list[Case]) -> list[Case]:
    visible = [c for c in found if refusal(caller, c, Right.READ) is None]
    guard.audit_many(uow, caller, action, [case.case_id for case in visible])
    return visible


def _team_scope(caller: Person, team: str | None) -> str | None:
    """The team a list is about: a senior's own; the one a manager names, or every team (None)."""
    if caller.role not in (SENIOR, MANAGER):
        raise Forbidden(f"role {caller.role} has no team queue")
    if caller.role == SENIOR:
        if team not in (None, caller.team):
            raise Forbidden("a senior sees their own team's queue")
        return caller.team
    return team


def _in_team(team: str | None) -> Any:
    return t.c.team == team if team is not None else true()


def my_cases(uow: Any, caller: Person, status: str, limit: int) -> list[Case]:
    with uow:
        found = uow.cases.select(t.c.officer_id == caller.user_id, t.c.status == status,
                                 t.c.stream.in_(sorted(caller.streams)), limit=limit)
        visible = _audited_list(uow, caller, "cases.my_cases", found)
        uow.commit()
    return visible


@dataclass
class TeamQueue:
    team: str | None
    unallocated: list[Case]
    work_items: list[Any]
    pending_approvals: list[Any]


def team_queue(uow: Any, caller: Person, team: str | None, limit: int) -> TeamQueue:
    team = _team_scope(caller, team)
    with uow:
        unallocated = uow.cases.select(_in_team(team), t.c.status == OPEN, t.c.officer_id.is_(None),
                                       t.c.stream.in_(sorted(caller.streams)), limit=limit)
        items = [i for i in uow.work.queue(caller.user_id, caller.role, team, limit)
                 if team is None or i.team == team or i.assignee_id == caller.user_id]
        cases = {c.case_id: c for c in uow.cases.select(t.c.case_id.in_({i.case_id for i in items}), limit=limit)}
        items = [i for i in items if i.case_id in cases and refusal(caller, cases[i.case_id], Right.READ) is None]
        pending = [p for p in uow.approvals.pending(limit)
                   if caller.role in p.approver_roles and p.requested_by != caller.user_id]
        scoped = {c.case_id: c for c in uow.cases.select(t.c.case_id.in_({p.case_id for p in pending}), limit=limit)}
        pending = [p for p in pending if p.case_id in scoped and (team is None or scoped[p.case_id].team == team)
                   and refusal(caller, scoped[p.case_id], Right.SUPERVISE) is None]
        shown = _audited_list(uow, caller, "cases.team_queue", unallocated)
        shown_ids = {i.case_id for i in items} | {p.case_id for p in pending}
        guard.audit_many(uow, caller, "cases.team_queue", sorted(shown_ids))
        uow.commit()
    return TeamQueue(team, shown, items, pending)


@dataclass
class Overdue:
    case_id: str
    stream: str
    team: str | None
    officer_id: str | None
    what: str
    due_at: datetime
    ref_id: str | None = None


def overdue_work(uow: Any, caller: Person, team: str | None, limit: int) -> list[Overdue]:
    with uow:
        now = uow.clock.now()
        if caller.role in (SENIOR, MANAGER):
            scope = _in_team(_team_scope(caller, team))
        else:
            scope = t.c.officer_id == caller.user_id
        a = support_actions
        late_actions = select(a.c.case_id).where(a.c.status.in_(("proposed", "agreed")), a.c.due_at < now)
        late = or_(t.c.officer_review_due_at < now, t.c.manager_review_due_at < now, t.c.next_update_due_at < now,
                   t.c.first_contact_at.is_(None) & (t.c.first_contact_due_at < now), t.c.case_id.in_(late_actions))
        found = uow.cases.select(scope, t.c.status == OPEN, late, t.c.stream.in_(sorted(caller.streams)), limit=limit)
        found = _audited_list(uow, caller, "cases.overdue_work", found)
        out = [entry for case in found for entry in _late_clocks(case, now)]
        by_id = {case.case_id: case for case in found}
        out.extend(Overdue(a.case_id, by_id[a.case_id].stream, by_id[a.case_id].team, by_id[a.case_id].officer_id,
                           "action", a.due_at, a.action_id)
                   for a in uow.actions.for_cases(list(by_id)) if a.is_open and a.due_at and a.due_at < now)
        uow.commit()
    return sorted(out, key=lambda o: o.due_at)


def _late_clocks(case: Case, now: datetime) -> list[Overdue]:
    clocks = [("first_contact", case.first_contact_due_at if case.first_contact_at is None else None),
              ("victim_update", case.next_update_due_at), ("officer_senior_review", case.officer_review_due_at),
              ("senior_manager_review", case.manager_review_due_at)]
    return [Overdue(case.case_id, case.stream, case.team, case.officer_id, what, due)
            for what, due in clocks if due is not None and due < now]
