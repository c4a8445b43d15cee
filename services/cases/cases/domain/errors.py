"""What the case rules say when a command cannot be done. The service layer turns these into the
typed remote errors callers catch (``Conflict``, ``ValidationFailed``)."""

from __future__ import annotations


class CaseRuleBroken(Exception):
    """The command clashes with the state of the case or one of its records (an illegal transition,
    a closed case, an approval already decided). Becomes ``Conflict``."""


class InvalidCommand(Exception):
    """The command's content breaks a rule (a rationale missing, a date in the future). Becomes
    ``ValidationFailed`` naming ``field``."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class IllegalTransition(CaseRuleBroken):
    """A record cannot move from its status to the one asked for."""

    def __init__(self, what: str, record_id: str, current: str, wanted: str) -> None:
        super().__init__(f"{what} {record_id} is {current} and cannot become {wanted}")
        self.current = current
        self.wanted = wanted
