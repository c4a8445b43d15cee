"""Work items: what somebody has to do about a case, in the queue of the person or role it is for.

Raised by the system (a case to allocate, an approval to decide, a review overdue, a repair past its
24-hour target escalated to the officer's senior, a further report to act on) and resolved when the
thing is done, or by hand with a note. ``dedupe_key`` makes raising an item idempotent, which is
what lets the reminder timer run in several replicas at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from cases.domain.errors import CaseRuleBroken, InvalidCommand

KINDS = ("allocation_needed", "approval_requested", "review_overdue", "first_contact_overdue", "update_overdue",
         "repair_sla_breached", "report_linked", "report_amended", "report_withdrawn", "referral_refused",
         "community_trigger", "preference_to_offer", "survey_due")


@dataclass
class WorkItem:
    item_id: str
    case_id: str
    kind: str
    summary: str
    raised_at: datetime
    dedupe_key: str
    team: str | None = None
    assignee_id: str | None = None
    assignee_role: str | None = None
    due_at: datetime | None = None
    ref_id: str | None = None
    resolved_at: datetime | None = None
    resolved_by: str | None = None
    resolution: str | None = None

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None

    def is_for(self, user_id: str, role: str, team: str | None) -> bool:
        if self.assignee_id is not None:
            return self.assignee_id == user_id
        return self.assignee_role == role and (role == "manager" or self.team == team)

    def resolve(self, by: str, at: datetime, resolution: str) -> None:
        if not self.is_open:
            raise CaseRuleBroken(f"work item {self.item_id} was already resolved")
        if not resolution.strip():
            raise InvalidCommand("note", "Say how it was resolved.")
        self.resolved_at, self.resolved_by, self.resolution = at, by, resolution.strip()[:300]
