"""Who may do what to a case (ARCHITECTURE "Identity and access"; POL-7): deny by default.

- Streams first: a case is seen only by staff whose token carries its stream.
- Housing officers see their own team's cases; they work on the cases allocated to them, and may
  log a contact on any case of their team (covering for a colleague).
- Seniors see and work on their own team's cases, allocate them, and supervise (officer-senior
  reviews, approvals).
- Managers see and work on every team's cases in their streams, and record senior-manager reviews.
- The data protection officer reads every case in their streams (subject access, audits) and
  changes none.
- Board members, the operations director, contractors and partners see no case records at all:
  they get aggregates from reporting and what the sharing agreements allow from referrals.
"""

from __future__ import annotations

import enum
from typing import Protocol

from cases.domain.vocabulary import HOUSING_OFFICER, MANAGER, SENIOR

DATA_PROTECTION_OFFICER = "data_protection_officer"


class Right(enum.StrEnum):
    READ = "read"
    WORK = "work"
    LOG_CONTACT = "log_contact"
    ALLOCATE = "allocate"
    SUPERVISE = "supervise"
    MANAGE = "manage"


class Person(Protocol):
    @property
    def user_id(self) -> str: ...
    @property
    def role(self) -> str: ...
    @property
    def team(self) -> str | None: ...
    @property
    def streams(self) -> frozenset[str]: ...


class CaseScope(Protocol):
    @property
    def stream(self) -> str: ...
    @property
    def team(self) -> str | None: ...
    @property
    def officer_id(self) -> str | None: ...


def refusal(person: Person, case: CaseScope, right: Right) -> str | None:
    """None when allowed; otherwise the reason, for the audit row (never shown with case detail)."""
    role, same_team = person.role, case.team is not None and person.team == case.team
    if role not in (HOUSING_OFFICER, SENIOR, MANAGER, DATA_PROTECTION_OFFICER):
        return f"role {role} has no access to case records"
    if case.stream not in person.streams:
        return "stream not allowed"
    if role == DATA_PROTECTION_OFFICER:
        return None if right is Right.READ else "the data protection officer reads, and changes nothing"
    if role == MANAGER:
        return None
    if not same_team:
        return "another team's case"
    if role == SENIOR:
        return None if right is not Right.MANAGE else "senior-manager reviews are recorded by a manager"
    if right in (Right.READ, Right.LOG_CONTACT):
        return None
    if right is Right.WORK and case.officer_id == person.user_id:
        return None
    return "only the case's officer, the team's seniors or a manager may do this"
