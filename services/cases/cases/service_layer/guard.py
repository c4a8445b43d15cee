"""Every command and read on a case goes through here: load it, decide whether the caller may,
audit the decision (refusals too), run the rule, save, commit; or roll back and say why.

Domain rule breaks become typed remote errors: ``CaseRuleBroken`` a ``Conflict``, ``InvalidCommand``
a ``ValidationFailed`` naming the field. Nothing of a refused or failed command is kept except its
audit row.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from cases.domain.access import Person, Right, refusal
from cases.domain.case import Case
from cases.domain.errors import CaseRuleBroken, InvalidCommand
from hcs.audit import AuditEntry
from hcs.errors import Conflict, Forbidden, NotFound, ValidationFailed

R = TypeVar("R")
VERBS = {Right.READ: "see this case", Right.WORK: "work on this case", Right.LOG_CONTACT: "log contacts on this case",
         Right.ALLOCATE: "allocate this case", Right.SUPERVISE: "supervise this case",
         Right.MANAGE: "record a senior-manager review of this case"}
NAMESPACE = uuid.UUID("6f0d6c2e-6c59-4b36-9f0e-5c1d7a6a2b11")


def new_id(caller: Person | None = None, idempotency_key: str | None = None, what: str = "") -> str:
    """A fresh id, or, given an idempotency key, the same id every time the same caller retries."""
    if idempotency_key and caller is not None:
        return str(uuid.uuid5(NAMESPACE, f"{what}:{caller.user_id}:{idempotency_key}"))
    return str(uuid.uuid4())


def audit(uow: Any, caller: Person, action: str, record_id: str | None, outcome: str = "allowed",
          reason: str | None = None, record_type: str = "case") -> None:
    uow.audit.record(AuditEntry(caller.user_id, caller.role, action, outcome, record_type, record_id, reason))


def audit_many(uow: Any, caller: Person, action: str, record_ids: list[str], record_type: str = "case") -> None:
    uow.audit.record_many([AuditEntry(caller.user_id, caller.role, action, "allowed", record_type, record_id)
                           for record_id in record_ids])


@contextmanager
def translated() -> Iterator[None]:
    try:
        yield
    except InvalidCommand as exc:
        raise ValidationFailed("the command breaks a case rule", {exc.field: [exc.message]}) from None
    except CaseRuleBroken as exc:
        raise Conflict(str(exc)) from None


def load_case(uow: Any, caller: Person, case_id: str, action: str, right: Right, for_update: bool = False) -> Case:
    """The case, if it exists and the caller may; otherwise the refusal is audited and committed."""
    case = uow.cases.get(case_id, for_update=for_update)
    if case is None:
        audit(uow, caller, action, case_id, "not_found")
        uow.commit()
        raise NotFound(f"no case {case_id}")
    reason = refusal(caller, case, right)
    if reason is not None:
        uow.rollback()
        audit(uow, caller, action, case_id, "refused", reason)
        uow.commit()
        raise Forbidden(f"you may not {VERBS[right]}")
    return case  # type: ignore[no-any-return]


def on_case(uow: Any, caller: Person, case_id: str, action: str, right: Right, work: Callable[[Case], R]) -> R:
    """Run ``work`` on the case in one unit of work and save it; audited whatever happens."""
    with uow:
        case = load_case(uow, caller, case_id, action, right, for_update=True)
        try:
            with translated():
                result = work(case)
                uow.cases.save(case)
        except (Conflict, ValidationFailed) as exc:
            uow.rollback()
            audit(uow, caller, action, case_id, "rejected", exc.code)
            uow.commit()
            raise
        audit(uow, caller, action, case_id)
        uow.commit()
    return result


def reading(uow: Any, caller: Person, case_id: str, action: str, read: Callable[[Case], R],
            right: Right = Right.READ) -> R:
    with uow:
        case = load_case(uow, caller, case_id, action, right)
        result = read(case)
        audit(uow, caller, action, case_id)
        uow.commit()
    return result
