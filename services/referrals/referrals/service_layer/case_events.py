"""What referrals takes from cases' events. Each runs inside the inbox's unit of work (which
commits). Events of one case may arrive on different queues in any order, so each one creates the
case entry if it is not there yet and merges into it."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from hcs.auth import Caller, system_caller
from referrals.domain.model import CaseEntry
from referrals.service_layer import requests
from referrals.service_layer.consents import recheck_case

VIA_CASE_ACTION = "via_case_action"
SYSTEM = system_caller("referrals")


def known_case(uow: Any, data: dict[str, Any]) -> CaseEntry:
    """The case entry, locked until the handler commits, with the team the event names (cases'
    events carry it). Two events of one case handled at once on PostgreSQL would otherwise each
    save what they read, and the later would undo the earlier (a case_allocated dropping the report
    id case_opened had just added). A missing entry is inserted at once: if another handler is
    making it at the same moment, the insert fails and the inbox tries again, and then finds it
    (an update-or-insert would have overwritten the other's entry with an empty one)."""
    case: CaseEntry | None = uow.cases.get(data["case_id"], for_update=True)
    if case is None:
        case = CaseEntry(data["case_id"], data["stream"])
        uow.cases.add(case)
    return replace(case, team=data["team"]) if data.get("team") else case


def case_opened(uow: Any, data: dict[str, Any]) -> None:
    uow.cases.save(known_case(uow, data).with_report(data["report_id"]))


def report_linked(uow: Any, data: dict[str, Any]) -> None:
    """A further report about the same party: its details may be shared with the case's."""
    uow.cases.save(known_case(uow, data).with_report(data["report_id"]))


def case_allocated(uow: Any, data: dict[str, Any], actor: Caller = SYSTEM) -> None:
    """A new owner. On a handover every referral of the case is put through the gate again, so a
    consent that lapsed is not carried over to a new officer unnoticed."""
    case = replace(known_case(uow, data), officer_id=data["officer_id"])
    uow.cases.save(case)
    if data.get("previous_officer_id"):
        recheck_case(uow, case, actor, "recheck_on_handover")


def case_closed(uow: Any, data: dict[str, Any]) -> None:
    """No new consent or referral on a closed case; withdrawal stays possible, and referrals already
    with a partner run on (the victim's support may go on after the landlord's case ends)."""
    uow.cases.save(replace(known_case(uow, data), closed_at=data["closed_at"]))


def partner_referral_requested(uow: Any, data: dict[str, Any]) -> None:
    case = known_case(uow, data)
    uow.cases.save(case)
    requests.refer_from_case(uow, case, data, Caller(data["requested_by"], VIA_CASE_ACTION))
