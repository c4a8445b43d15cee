"""Audit rows for every read and write of a job, and the stream check (POL-7: General Needs and
Care & Support records are kept apart). A refusal is audited and committed before it is raised."""

from __future__ import annotations

from typing import Any, NoReturn

from hcs.audit import AuditEntry
from hcs.auth import Caller
from hcs.errors import Forbidden, HcsError
from repairs.domain.model import Job


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


def require_stream(uow: Any, caller: Caller, action: str, job: Job) -> None:
    if not caller.may_see_stream(job.stream):
        refuse(uow, caller, action, job.job_id, Forbidden("this job is in a stream you may not see"))


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
