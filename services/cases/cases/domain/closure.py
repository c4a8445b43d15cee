"""Closing a case (issue 4; code 1.4.7): an outcome, a checklist, and a senior's or manager's
approval. The checklist is the officer's word and the system checks what it can:

- the victim was told of the outcome (not asked of an anonymous report: nobody to tell);
- every support action has ended (completed, declined or cancelled), every perpetrator action has
  ended, been refused, or is an order in force, and no case conference is still scheduled;
- every partner referral the case knows of is closed (done, rejected, revoked, withdrawn, refused).

"No further action" is a closure of its own kind, with its own approvers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from cases.domain.actions import SupportAction
from cases.domain.approvals import CLOSURE, NO_FURTHER_ACTION
from cases.domain.case import Case
from cases.domain.conferences import Conference
from cases.domain.errors import CaseRuleBroken, InvalidCommand
from cases.domain.remedies import PerpetratorAction

CHECKLIST = ("victim_told", "actions_ended", "referrals_closed")


def approval_kind(outcome: str) -> str:
    return NO_FURTHER_ACTION if outcome == "no_further_action" else CLOSURE


def check_closure(case: Case, outcome: str, checklist: Mapping[str, bool], note: str,
                  actions: Sequence[SupportAction], remedies: Sequence[PerpetratorAction],
                  conferences: Sequence[Conference], open_referrals: int) -> dict[str, Any]:
    """The closure request as it will be approved; raises when something is not done."""
    case.require_open()
    if not note.strip():
        raise InvalidCommand("note", "Summarise the outcome for the record.")
    needed = [item for item in CHECKLIST if not (item == "victim_told" and not case.contactable)]
    missing = [item for item in needed if not checklist.get(item)]
    if missing:
        raise InvalidCommand(f"checklist.{missing[0]}", "Confirm this before asking to close the case.")
    still_open = ([f"action {a.action_id}" for a in actions if a.is_open]
                  + [f"perpetrator action {r.action_id}" for r in remedies if not r.is_settled]
                  + [f"conference {c.conference_id}" for c in conferences if c.is_open])
    if still_open:
        raise CaseRuleBroken(f"{len(still_open)} record(s) still open: {', '.join(still_open[:5])}")
    if open_referrals:
        raise CaseRuleBroken(f"{open_referrals} partner referral(s) are not closed yet")
    return {"outcome": outcome, "note": note.strip(),
            "checklist": {item: bool(checklist.get(item)) for item in CHECKLIST}}
