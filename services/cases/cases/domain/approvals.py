"""Approvals (issue 4; POL-8): closure, recategorisation and no further action are decided by a
senior or a manager, never by the person who asked. The roles allowed for each kind are the
landlord's to configure; by default a no-further-action decision on a hate incident is a manager's
(the known failure: a hate incident closed after a word with the neighbour).

    pending --approve--> approved      pending --reject--> rejected      pending --withdraw--> withdrawn
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from cases.domain.errors import CaseRuleBroken, IllegalTransition, InvalidCommand
from cases.domain.vocabulary import MANAGER, SENIOR

CLOSURE, RECATEGORISATION, NO_FURTHER_ACTION = "closure", "recategorisation", "no_further_action"
KINDS = (CLOSURE, RECATEGORISATION, NO_FURTHER_ACTION)
PENDING, APPROVED, REJECTED, WITHDRAWN = "pending", "approved", "rejected", "withdrawn"
APPROVER_ROLES = frozenset({SENIOR, MANAGER})


def default_roles() -> dict[str, frozenset[str]]:
    return {CLOSURE: APPROVER_ROLES, RECATEGORISATION: APPROVER_ROLES, NO_FURTHER_ACTION: APPROVER_ROLES,
            "no_further_action_hate": frozenset({MANAGER}), "perpetrator_action": APPROVER_ROLES,
            "perpetrator_court_action": APPROVER_ROLES}


@dataclass(frozen=True)
class ApprovalRules:
    roles: Mapping[str, frozenset[str]] = field(default_factory=default_roles)

    def __post_init__(self) -> None:
        if set(self.roles) != set(default_roles()):
            raise ValueError(f"approval roles are needed for {', '.join(sorted(default_roles()))}")
        if any(not roles or not roles <= APPROVER_ROLES for roles in self.roles.values()):
            raise ValueError("approvals are given by seniors or managers")

    def approvers(self, kind: str, hate_incident: bool) -> frozenset[str]:
        if kind == NO_FURTHER_ACTION and hate_incident:
            return self.roles["no_further_action_hate"]
        return self.roles[kind]


@dataclass
class Approval:
    approval_id: str
    case_id: str
    kind: str
    requested_by: str
    requested_at: datetime
    request: dict[str, Any]
    approver_roles: list[str]
    status: str = PENDING
    decided_by: str | None = None
    decided_at: datetime | None = None
    decision_note: str | None = None

    @property
    def is_pending(self) -> bool:
        return self.status == PENDING

    def decide(self, approve: bool, by: str, role: str, at: datetime, note: str | None) -> None:
        wanted = APPROVED if approve else REJECTED
        if not self.is_pending:
            raise IllegalTransition("approval", self.approval_id, self.status, wanted)
        if by == self.requested_by:
            raise CaseRuleBroken("an approval is decided by someone other than the person who asked for it")
        if role not in self.approver_roles:
            raise CaseRuleBroken(f"a {self.kind.replace('_', ' ')} here is decided by "
                                 + " or ".join(sorted(self.approver_roles)))
        if not approve and not (note or "").strip():
            raise InvalidCommand("note", "Say why the request is rejected.")
        self.status, self.decided_by, self.decided_at, self.decision_note = wanted, by, at, note

    def withdraw(self, by: str, at: datetime) -> None:
        if not self.is_pending:
            raise IllegalTransition("approval", self.approval_id, self.status, WITHDRAWN)
        if by != self.requested_by:
            raise CaseRuleBroken("only the person who asked may withdraw a request")
        self.status, self.decided_by, self.decided_at = WITHDRAWN, by, at


def require_none_pending(pending: list[Approval], kinds: tuple[str, ...]) -> None:
    clash = [a for a in pending if a.is_pending and a.kind in kinds]
    if clash:
        raise CaseRuleBroken(f"a {clash[0].kind.replace('_', ' ')} request is already waiting for a decision")
