"""Who may see and act on a case's consents and referrals, and the audit row every read and write
leaves (never with the values read or written).

Staff act only on cases in the streams their token names (POL-7). Housing officers and seniors act
only on their own team's cases (as in cases: every case event names the case's team); managers act
across teams within their streams. A case whose team referrals has not heard of yet is open to the
staff of its stream. The data protection officer reads; it does not refer.
"""

from __future__ import annotations

from typing import Any

from hcs.audit import AuditEntry
from hcs.auth import DATA_PROTECTION_OFFICER, HOUSING_OFFICER, SENIOR, STAFF_ROLES, Caller
from hcs.errors import Forbidden, NotFound
from referrals.domain.model import CaseEntry

ACTORS = STAFF_ROLES
TEAM_BOUND = frozenset({HOUSING_OFFICER, SENIOR})
READERS = STAFF_ROLES | {DATA_PROTECTION_OFFICER}


def audit(uow: Any, caller: Caller, action: str, record_type: str | None = None, record_id: str | None = None,
          outcome: str = "allowed", reason: str | None = None) -> None:
    uow.audit.record(AuditEntry(caller.user_id, caller.role, f"referrals.{action}", outcome, record_type,
                                record_id, reason))


def refusal(caller: Caller, case: CaseEntry) -> str | None:
    """Why ``caller`` may not see ``case``, or None."""
    if not caller.may_see_stream(case.stream):
        return "stream not allowed"
    if caller.role in TEAM_BOUND and case.team is not None and caller.team != case.team:
        return "another team's case"
    return None


def visible_case(uow: Any, case_id: str, caller: Caller, action: str) -> CaseEntry:
    """The case, if referrals knows it and the caller may see it. A refusal is audited and
    committed before it is raised."""
    case: CaseEntry | None = uow.cases.get(case_id)
    reason = "unknown case" if case is None else refusal(caller, case)
    if reason is None and case is not None:
        return case
    audit(uow, caller, action, "case", case_id, "refused", reason)
    uow.commit()
    if case is None:
        raise NotFound(f"no case {case_id}")
    raise Forbidden("this case is not one you may see")


def refuse(uow: Any, caller: Caller, action: str, record_type: str, record_id: str, reason: str,
           error: Exception) -> None:
    """Audit a refusal, commit it, raise ``error``."""
    audit(uow, caller, action, record_type, record_id, "refused", reason)
    uow.commit()
    raise error
