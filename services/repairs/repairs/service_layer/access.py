"""Audit rows for every read and write of a job, and the stream and team check (POL-7: General
Needs and Care & Support records are kept apart; officers and seniors see their own team's jobs).
A refusal is audited and committed before it is raised."""

from __future__ import annotations

from typing import Any, NoReturn

from hcs.audit import AuditEntry
from hcs.auth import HOUSING_OFFICER, SENIOR, Caller
from hcs.errors import Forbidden, HcsError
from repairs.domain.model import Job

TEAM_BOUND = frozenset({HOUSING_OFFICER, SENIOR})


def audit(uow: Any, caller: Caller, action: str, record_id: str | None, outcome: str = "allowed",
          reason: str | None = None, record_type: str = "job") -> None:
    uow.audit.record(AuditEntry(caller.user_id, caller.role, f"repairs.{action}", outcome, record_type,
                                record_id, reason))


def refuse(uow: Any, caller: Caller, action: str, record_id: str | None, error: HcsError,
           record_type: str = "job") -> NoReturn:
    """Roll back whatever was changed, keep only the audit row of the refusal, and raise."""
    uow.rollback()
    audit(uow, caller, action, record_id, "refused", error.message[:300], record_type)
    uow.commit()
    raise error


def refusal(caller: Caller, job: Job) -> str | None:
    """Why ``caller`` may not see ``job``, or None: its stream, and for housing officers and seniors
    its case's team (as in cases; a job from before jobs knew their team is open to the stream)."""
    if not caller.may_see_stream(job.stream):
        return "this job is in a stream you may not see"
    if caller.role in TEAM_BOUND and job.team is not None and caller.team != job.team:
        return "this job is for another team's case"
    return None


def require_stream(uow: Any, caller: Caller, action: str, job: Job) -> None:
    reason = refusal(caller, job)
    if reason is not None:
        refuse(uow, caller, action, job.job_id, Forbidden(reason))


def require_role(uow: Any, caller: Caller, roles: frozenset[str], action: str) -> None:
    """Deny by default: a role not listed is refused, and the refusal audited."""
    if caller.role not in roles:
        with uow:
            refuse(uow, caller, action, None, Forbidden(f"role {caller.role} may not {action.replace('_', ' ')}"))


def audit_refusal(uow: Any, caller: Caller, action: str, record_id: str | None, reason: str) -> None:
    """A refusal that happened before any unit of work (a callback whose signature failed)."""
    with uow:
        audit(uow, caller, action, record_id, "refused", reason[:300])
        uow.commit()
