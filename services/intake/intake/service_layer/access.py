"""Who may do what with reports. Deny by default; every refusal and every read is audited.

- Staff (housing officers, seniors, managers) submit reports in any stream: a report is never
  refused at the front door. They read, list, amend and withdraw reports only in their own
  streams (POL-7: General Needs and Care & Support are kept apart). A report in a case is kept to
  the case's team for housing officers and seniors, as cases keeps the case (``intake.domain.teams``);
  managers see every team's.
- Withdrawing a report triaged as a hate incident needs a senior or a manager (POL-2: the
  perception is kept, and a hate incident is not dropped on one person's word).
- The data protection officer reads every stream and changes nothing.
- Another service, on its own account, may only take a referral extract (POL-5).
- Board members, the operations director, administrators, contractors and partners see no report
  (partners and reporting centres post the HTTP form with their own key).
"""

from __future__ import annotations

from typing import Any, NoReturn

from hcs.audit import AuditEntry
from hcs.auth import DATA_PROTECTION_OFFICER, MANAGER, SENIOR, SERVICE, STAFF_ROLES, STREAMS, Caller
from hcs.errors import Forbidden
from intake.domain.teams import team_refusal

SUBMITTERS = STAFF_ROLES
READERS = STAFF_ROLES | {DATA_PROTECTION_OFFICER}
EDITORS = STAFF_ROLES
HATE_INCIDENT_WITHDRAWERS = frozenset({SENIOR, MANAGER})
EXTRACTORS = frozenset({SERVICE})
EVERY_STREAM = frozenset({DATA_PROTECTION_OFFICER, SERVICE})


def visible_streams(caller: Caller) -> frozenset[str]:
    return STREAMS if caller.role in EVERY_STREAM else frozenset(caller.streams) & STREAMS


def audit(uow: Any, caller: Caller, action: str, report_id: str | None = None, outcome: str = "allowed",
          reason: str | None = None) -> None:
    uow.audit.record(AuditEntry(caller.user_id, caller.role, f"intake.{action}", outcome,
                                "report" if report_id else None, report_id, reason))


def deny(uow: Any, caller: Caller, action: str, why: str, report_id: str | None = None) -> NoReturn:
    """Inside an open unit of work: record the refusal, commit it, raise ``Forbidden``."""
    audit(uow, caller, action, report_id, "refused", why)
    uow.commit()
    raise Forbidden(f"you may not {why}")


def require_role(uow: Any, caller: Caller, action: str, roles: frozenset[str], doing: str) -> None:
    """Before anything is read or loaded: may this role do this at all?"""
    if caller.role not in roles:
        with uow:
            deny(uow, caller, action, f"{doing} (role {caller.role})")


def require_stream(uow: Any, caller: Caller, action: str, stream: str, report_id: str | None = None) -> None:
    """Inside an open unit of work: may the caller see reports in this stream?"""
    if stream not in visible_streams(caller):
        deny(uow, caller, action, "see reports in this stream", report_id)


def require_team(uow: Any, caller: Caller, action: str, report_id: str) -> None:
    """Inside an open unit of work, after the stream: is the report in another team's case?"""
    why = team_refusal(caller, uow.teams.of_report(report_id))
    if why is not None:
        deny(uow, caller, action, why, report_id)


def refuse_unidentified(uow: Any, action: str, why: str) -> None:
    """Record a request refused because it came from no one known (no or a wrong centre key)."""
    with uow:
        uow.audit.record(AuditEntry("anonymous", "unknown", f"intake.{action}", "refused", reason=why))
        uow.commit()
