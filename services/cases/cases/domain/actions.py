"""The victim's action plan (POL-3; code 1.2.3, 1.4.1-1.4.4).

Every action has an owner and a due date, and the victim's agreement is recorded before it
proceeds: agreed, declined, or the victim's own wish. An action the victim declined never proceeds.

    proposed --agree--> agreed --complete--> completed
    proposed --decline--> declined
    proposed | agreed --cancel--> cancelled

When an action proceeds, some need another service: a damage repair or target-hardening becomes a
repair request (repairs, 24-hour clock, POL-6); counselling, victim support, witness support, an
interpreter, temporary housing or a police report on the victim's behalf becomes a partner referral
request, which the referrals service puts through the consent gate (POL-5).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from cases.domain.errors import CaseRuleBroken, IllegalTransition, InvalidCommand

PROPOSED, AGREED, DECLINED, COMPLETED, CANCELLED = "proposed", "agreed", "declined", "completed", "cancelled"
PROCEEDS = frozenset({"agreed", "victim_own_wish"})
TERMINAL = frozenset({DECLINED, COMPLETED, CANCELLED})
NEXT = {PROPOSED: frozenset({AGREED, DECLINED, CANCELLED}), AGREED: frozenset({COMPLETED, CANCELLED})}

REPAIRS = {"damage_repair": "emergency", "target_hardening": "target_hardening"}
PARTNERS = {"counselling_referral": "counselling", "victim_support_referral": "victim_support",
            "witness_support": "victim_support", "interpreter": "interpreting",
            "temporary_housing": "temporary_accommodation", "police_report": "police"}


@dataclass
class SupportAction:
    action_id: str
    case_id: str
    action_type: str
    description: str
    owner_id: str
    due_at: datetime | None
    created_at: datetime
    created_by: str
    status: str = PROPOSED
    agreement: str | None = None
    agreement_at: datetime | None = None
    agreement_by: str | None = None
    request_id: str | None = None
    completed_at: datetime | None = None
    details: dict[str, Any] = field(default_factory=dict)  # location, job type, cancellation reason
    history: list[dict[str, Any]] = field(default_factory=list)

    @property
    def is_open(self) -> bool:
        return self.status not in TERMINAL

    @property
    def needs_repair(self) -> bool:
        return self.action_type in REPAIRS

    @property
    def partner_kind(self) -> str | None:
        return PARTNERS.get(self.action_type)

    def record_agreement(self, agreement: str, by: str, at: datetime, note: str | None = None) -> None:
        """The victim's answer. Agreed or their own wish: the action proceeds; declined: it never does."""
        if self.agreement is not None:
            raise CaseRuleBroken(f"the victim's answer on action {self.action_id} is already recorded")
        wanted = AGREED if agreement in PROCEEDS else DECLINED
        self._move(wanted, by, at, note)
        self.agreement, self.agreement_at, self.agreement_by = agreement, at, by

    def complete(self, by: str, at: datetime, note: str | None = None) -> None:
        if self.status == PROPOSED:
            raise CaseRuleBroken(f"action {self.action_id} cannot proceed before the victim's agreement is recorded")
        self._move(COMPLETED, by, at, note)
        self.completed_at = at

    def cancel(self, by: str, at: datetime, reason: str) -> None:
        if not reason.strip():
            raise InvalidCommand("reason", "Say why the action is cancelled.")
        self._move(CANCELLED, by, at, reason)
        self.details["cancelled_because"] = reason

    def _move(self, wanted: str, by: str, at: datetime, note: str | None) -> None:
        if wanted not in NEXT.get(self.status, frozenset()):
            raise IllegalTransition("action", self.action_id, self.status, wanted)
        self.status = wanted
        self.history.append({"status": wanted, "at": at, "by": by, "note": note})


def new_action(action_id: str, case_id: str, action_type: str, description: str, owner_id: str,
               due_at: datetime | None, now: datetime, by: str, details: dict[str, Any],
               has_address: bool) -> SupportAction:
    if due_at is not None and due_at < now:
        raise InvalidCommand("due_at", "An action cannot fall due in the past.")
    if action_type in REPAIRS and not has_address:
        raise CaseRuleBroken("the case has no address for a repair")
    if not description.strip():
        raise InvalidCommand("description", "Describe the action.")
    action = SupportAction(action_id, case_id, action_type, description.strip(), owner_id, due_at, now, by,
                           details=dict(details))
    action.history.append({"status": PROPOSED, "at": now, "by": by, "note": None})
    return action
