"""What of a case a subject access request discloses (UK GDPR art. 15; DPA 2018 sch. 2 para 16,
other people's information; sch. 2 para 2, crime), by the requester's role in the case's reports:

- the **victim** gets the case about them: its record, risk assessments, action plan, conferences,
  contacts with them, reviews, approvals, survey, the referrals and repairs it asked for, and its
  timeline. Of action against the alleged perpetrator only the remedy, its status and the victim's
  view; contacts with anyone else only when and how they happened;
- an **alleged perpetrator** gets that the case exists and when, the action taken against them
  (by their key: remedy, status, dates, breaches) and the contacts with the alleged perpetrator;
- a **witness** gets the contacts with witnesses;
- a **reporter** who is not a victim gets that their report led to the case.

Free text (notes, minutes, summaries, reasons) goes out only where the role sees the record, and is
listed for the officer to read before release (cases holds no names to take out automatically).
Staff are named by role only. Records work on plain dicts (the views' dump), not on the dataclasses.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

VICTIM, REPORTER, WITNESS, PERPETRATOR = "victim", "reporter", "witness", "alleged_perpetrator"
STAFF = "[member of staff]"
STAFF_FIELDS = frozenset({"officer_id", "owner_id", "created_by", "agreement_by", "proposed_by", "scheduled_by",
                          "recorded_by", "reviewer_id", "requested_by", "decided_by", "assessed_by", "by",
                          "approved_by", "actor", "assignee_id", "resolved_by"})
CASE_FIELDS = {
    VICTIM: ("case_id", "stream", "status", "opened_at", "closed_at", "outcome", "hate_incident", "strands",
             "asb_category", "original_perception", "team", "officer_id", "officer_preference", "preference_match",
             "preference_honoured", "preference_note", "flags", "threats_of_violence", "perpetrator_identified",
             "anonymous", "address", "risk_level", "risk_score", "first_contact_due_at", "first_contact_at",
             "update_every_working_days", "last_update_at", "next_update_due_at", "community_trigger_at",
             "community_trigger_reason", "closure"),
    PERPETRATOR: ("case_id", "status", "opened_at", "closed_at"),
    WITNESS: ("case_id", "status", "opened_at"),
    REPORTER: ("case_id", "status", "opened_at"),
}
# the victim's records, and which of their fields are free text for the officer to read
VICTIM_RECORDS = {"reports": (), "classification_history": ("rationale",), "risk_assessments": ("notes",),
                  "support_actions": ("description",), "conferences": ("purpose", "minutes", "actions"),
                  "reviews": ("notes", "next_steps"), "approvals": ("request", "decision_note"),
                  "work_items": (), "referrals": (), "repairs": (), "timeline": ()}
CONTACT_OUTLINE = ("contact_id", "contacted_at", "kind", "party", "direction", "successful")
REMEDY_OUTLINE = ("action_id", "remedy", "status", "proposed_at", "expires_on", "breaches")


@dataclass
class Disclosure:
    content: dict[str, Any]
    withheld: list[str] = field(default_factory=list)
    review: list[str] = field(default_factory=list)


def staff_as_roles(value: Any) -> Any:
    """Every member of staff named by role only, however deep the record holds them."""
    if isinstance(value, Mapping):
        return {k: (STAFF if k in STAFF_FIELDS and v is not None else staff_as_roles(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [staff_as_roles(v) for v in value]
    return value


def _history_outline(history: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [{"status": h.get("status"), "at": h.get("at")} for h in history]


def disclose_case(case: Mapping[str, Any], records: Mapping[str, Any], roles: set[str],
                  perpetrator_keys: set[str]) -> Disclosure:
    """One case as the subject may see it. ``records`` are the case detail's lists (``reports``,
    ``contacts``, ``perpetrator_actions`` ...) and ``survey``."""
    label = f"case {case['case_id']}"
    fields_ = {f for role in roles for f in CASE_FIELDS.get(role, ())}
    out = Disclosure({"case": {k: case.get(k) for k in CASE_FIELDS[VICTIM] if k in fields_},
                      "your_roles": sorted(roles)})
    if VICTIM in roles:
        _victim(records, label, out)
    else:
        out.withheld.append(f"{label}: the case record, plan, assessments, reviews and timeline (about another "
                            "person)")
    if PERPETRATOR in roles:
        _perpetrator(records, label, perpetrator_keys, out)
    contacts = list(records.get("contacts") or [])
    own_parties = {r for r in roles if r in (VICTIM, WITNESS)} | ({PERPETRATOR} & roles)
    shown = []
    for contact in contacts:
        if contact.get("party") in own_parties:
            shown.append(dict(contact))
            out.review.append(f"{label}: contact {contact.get('contact_id')} summary"
                              + (" (may concern another witness)" if contact.get("party") == WITNESS else ""))
        elif VICTIM in roles:
            shown.append({k: contact.get(k) for k in CONTACT_OUTLINE})
            out.withheld.append(f"{label}: contact {contact.get('contact_id')} summary (with another person)")
    if shown:
        out.content["contacts"] = shown
    elif contacts:
        out.withheld.append(f"{label}: {len(contacts)} contact(s) with other people")
    out.content = staff_as_roles(out.content)
    return out


def _victim(records: Mapping[str, Any], label: str, out: Disclosure) -> None:
    for name, free_text in VICTIM_RECORDS.items():
        items = list(records.get(name) or [])
        if items:
            out.content[name] = items
            for text in free_text:
                if any(i.get(text) for i in items):
                    out.review.append(f"{label}: {name} {text}")
    if out.content["case"].get("closure") or out.content["case"].get("preference_note"):
        out.review.append(f"{label}: closure note and preference note")
    remedies = list(records.get("perpetrator_actions") or [])
    if remedies:
        out.content["perpetrator_actions"] = [{**{k: r.get(k) for k in REMEDY_OUTLINE}, "victim_view":
                                               r.get("victim_view"), "history": _history_outline(r.get("history")
                                                                                                 or [])}
                                              for r in remedies]
        out.withheld.append(f"{label}: who each action against the alleged perpetrator is against, and the reasons "
                            "(third party)")
    if records.get("survey"):
        out.content["survey"] = records["survey"]


def _perpetrator(records: Mapping[str, Any], label: str, keys: set[str], out: Disclosure) -> None:
    against = [r for r in records.get("perpetrator_actions") or [] if r.get("perpetrator_key") in keys]
    if against:
        out.content["actions_against_you"] = [
            {**{k: r.get(k) for k in REMEDY_OUTLINE}, "reason": r.get("reason"),
             "history": _history_outline(r.get("history") or [])} for r in against]
        out.review.append(f"{label}: the reasons for action against the requester (another person's account; "
                          "DPA 2018 sch. 2 para 2 may apply)")
    others = len(records.get("perpetrator_actions") or []) - len(against)
    if others:
        out.withheld.append(f"{label}: {others} action(s) against someone else")
