"""Action against perpetrators (POL-4; code 1.4.1, 1.5.1-1.5.3) from the remedies catalogue in
DOMAIN.md, each moving through its own statuses with the date of every step.

- Letters, notices and agreements: proposed, approved, served, breached, ended.
- Court orders: proposed, approved, served (applied for), granted or refused, breached, ended.
- Police referral and prosecution support: proposed, approved, served (referred), ended.
- Legacy orders (ASBO, child curfew order) no longer exist; they are recorded as historic only.

The victim's view is recorded with every proposal (POL-3, POL-4 "with due regard to the victim's
wishes"); going ahead against it needs a written reason. Mediation is never imposed on the victim
of a hate incident: in a hate case it is only proposed as the victim's own wish. A without-notice
injunction is for a case where an identifiable perpetrator threatens violence (code 1.4.1).
Approval is given by a senior or manager, never the officer who proposed it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from cases.domain.errors import CaseRuleBroken, IllegalTransition, InvalidCommand

NOTICE, COURT, REFERRAL, LEGACY = "notice", "court", "referral", "legacy"
KIND = {
    "warning_letter": NOTICE, "acceptable_behaviour_agreement": NOTICE, "mediation": NOTICE,
    "community_protection_notice": NOTICE, "introductory_tenancy_extension": NOTICE,
    "civil_injunction": COURT, "civil_injunction_without_notice": COURT, "criminal_behaviour_order": COURT,
    "closure_order": COURT, "possession_proceedings": COURT, "demoted_tenancy": COURT, "parenting_order": COURT,
    "police_referral": REFERRAL, "prosecution_support": REFERRAL,
    "asbo_legacy": LEGACY, "child_curfew_order_legacy": LEGACY,
}
MACHINES: dict[str, dict[str, frozenset[str]]] = {
    NOTICE: {"proposed": frozenset({"approved", "ended"}), "approved": frozenset({"served", "ended"}),
             "served": frozenset({"breached", "ended"}), "breached": frozenset({"breached", "ended"})},
    COURT: {"proposed": frozenset({"approved", "ended"}), "approved": frozenset({"served", "ended"}),
            "served": frozenset({"granted", "refused", "ended"}), "granted": frozenset({"breached", "ended"}),
            "breached": frozenset({"breached", "ended"})},
    REFERRAL: {"proposed": frozenset({"approved", "ended"}), "approved": frozenset({"served", "ended"}),
               "served": frozenset({"ended"})},
    LEGACY: {"granted": frozenset({"breached", "ended"}), "breached": frozenset({"breached", "ended"})},
}
IN_FORCE = frozenset({"granted"})  # an order in force may outlive the case


@dataclass
class PerpetratorAction:
    action_id: str
    case_id: str
    remedy: str
    perpetrator_key: str | None
    victim_view: str
    status: str
    proposed_at: datetime
    proposed_by: str
    reason: str | None = None
    expires_on: date | None = None
    breaches: int = 0
    history: list[dict[str, Any]] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return KIND[self.remedy]

    @property
    def is_settled(self) -> bool:
        """Ended, refused, or an order in force: nothing left for the case officer to progress."""
        return self.status in IN_FORCE or not MACHINES[self.kind].get(self.status)

    def progress(self, status: str, by: str, at: datetime, note: str | None, expires_on: date | None) -> None:
        allowed = MACHINES[self.kind].get(self.status, frozenset())
        if status not in allowed:
            raise IllegalTransition(f"{self.remedy.replace('_', ' ')}", self.action_id, self.status, status)
        if status == "approved" and by == self.proposed_by:
            raise CaseRuleBroken("a perpetrator action is approved by someone other than the officer who proposed it")
        if status == "ended" and not (note or "").strip():
            raise InvalidCommand("note", "Say why the action ended.")
        self.status = status
        if status == "breached":
            self.breaches += 1
        if expires_on is not None:
            self.expires_on = expires_on
        self.history.append({"status": status, "at": at, "by": by, "note": note})


def propose(action_id: str, case_id: str, remedy: str, *, perpetrator_key: str | None, victim_view: str,
            reason: str | None, by: str, at: datetime, hate_incident: bool, threats_by_identified: bool,
            historic_status: str | None = None, expires_on: date | None = None) -> PerpetratorAction:
    if remedy not in KIND:
        raise InvalidCommand("remedy", "Not a remedy in the catalogue.")
    if KIND[remedy] == LEGACY:
        if historic_status not in ("granted", "breached", "ended"):
            raise CaseRuleBroken(f"{remedy} no longer exists: record it as historic (granted, breached or ended)")
    elif historic_status is not None:
        raise InvalidCommand("historic_status", "Only legacy orders are recorded as historic.")
    if remedy == "mediation" and hate_incident and victim_view != "victim_own_wish":
        raise CaseRuleBroken("mediation is never imposed on the victim of a hate incident: only at their own wish")
    if remedy == "civil_injunction_without_notice" and not threats_by_identified:
        raise CaseRuleBroken("a without-notice injunction needs threats of violence by an identifiable perpetrator")
    if victim_view == "declined" and not (reason or "").strip():
        raise InvalidCommand("reason", "The victim declined: write why the landlord goes ahead anyway.")
    status = historic_status or "proposed"
    action = PerpetratorAction(action_id, case_id, remedy, perpetrator_key, victim_view, status, at, by,
                               reason, expires_on)
    action.history.append({"status": status, "at": at, "by": by, "note": reason})
    return action


def without_notice_prompt(threats_by_identified: bool, actions: list[PerpetratorAction]) -> bool:
    """Code 1.4.1: where an identifiable perpetrator threatens violence, a without-notice injunction
    should be considered; the case says so until one is on the plan."""
    return threats_by_identified and not any(a.remedy == "civil_injunction_without_notice" for a in actions)
