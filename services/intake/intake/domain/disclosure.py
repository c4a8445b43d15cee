"""What of a report a subject access request discloses to the person who made it (UK GDPR art. 15;
DPA 2018 sch. 2 para 16: other people's information is withheld unless they consent or it is
reasonable to disclose it; sch. 2 para 2: information whose disclosure would prejudice the prevention
or detection of crime).

The person's role in the report decides (the roles they hold are merged):

- a **victim** (a victim entry, or a reporter who is the victim) gets the report about them: the
  incident, its place, the perception and who held it (POL-2), the household, police, damage and the
  offer of an officer (POL-3), and their own entry in full. Other victims, witnesses and the reporter
  (when it was someone else) are withheld; of each alleged perpetrator only whether they were known;
- a **reporter** who is not a victim gets their own entry, when and what happened and the account
  they gave;
- a **witness** gets their own entry and when and what happened;
- an **alleged perpetrator** gets what was recorded about them (their entry: name, description,
  address, relationship) and when and what was alleged; the account itself is withheld for the
  officer to decide (it is another person's account, and may be exempt under sch. 2 para 2).

Free text (the account, notes) is disclosed with the names of everyone else in the report and every
contact detail taken out, and listed for the officer to read before release: automatic redaction
finds the names the report holds, not a nickname or a description. Staff are named by role only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from intake.domain.people import PERPETRATOR, REPORTER, VICTIM, WITNESS

NAME_WITHHELD = "[name withheld]"
CONTACT_WITHHELD = "[contact details withheld]"
STAFF = "[member of staff]"
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"\+?\d[\d ()-]{8,}\d")
INCIDENT_BASICS = ("occurred_at", "occurred_from", "occurred_until", "location_type", "types", "other_type")
# sections of the report each role sees (besides people's entries and the incident's basics)
SECTIONS = {
    VICTIM: ("channel", "stream", "anonymous", "perception", "household", "police", "previous_incidents", "damage",
             "officer_offer", "contact_consent"),
    REPORTER: ("channel", "stream", "anonymous"),
    WITNESS: ("channel", "stream"),
    PERPETRATOR: (),
}
FREE_TEXT = {"perception": ("notes",), "household": ("notes",), "previous_incidents": ("details",)}


@dataclass(frozen=True)
class Match:
    """Where the subject appears in a report: ``victims`` 0, ``reporter`` 0 ..."""

    role: str
    position: int


@dataclass
class Disclosure:
    content: dict[str, Any]
    withheld: list[str] = field(default_factory=list)
    review: list[str] = field(default_factory=list)


def subject_roles(details: Mapping[str, Any], matches: Iterable[Match]) -> set[str]:
    """The roles the subject holds; a reporter who is the victim is a victim too."""
    roles = {m.role for m in matches}
    if REPORTER in roles and (details.get("reporter") or {}).get("role") == "victim":
        roles.add(VICTIM)
    return roles


def redact_text(text: Any, names: Iterable[str]) -> str | None:
    """``text`` without the given names (whole words, any case; each part of a name of 3 letters or
    more too) and without e-mail addresses or phone numbers."""
    if text is None:
        return None
    out = _PHONE.sub(CONTACT_WITHHELD, _EMAIL.sub(CONTACT_WITHHELD, str(text)))
    parts: set[str] = set()
    for name in names:
        parts.add(name.strip())
        parts.update(p for p in re.split(r"[\s,.'-]+", name) if len(p) >= 3)
    for part in sorted((p for p in parts if p), key=len, reverse=True):
        out = re.sub(rf"(?<!\w){re.escape(part)}(?!\w)", NAME_WITHHELD, out, flags=re.IGNORECASE)
    return out


def _others_names(details: Mapping[str, Any], own: set[tuple[str, int]]) -> list[str]:
    names = []
    reporter = details.get("reporter") or {}
    if (REPORTER, 0) not in own and reporter.get("name"):
        names.append(str(reporter["name"]))
    for role, key in ((VICTIM, "victims"), (WITNESS, "witnesses"), (PERPETRATOR, "perpetrators")):
        names.extend(str(p["name"]) for i, p in enumerate(details.get(key) or []) if (role, i) not in own
                     and p.get("name"))
    return names


def disclose_details(details: Mapping[str, Any], matches: Iterable[Match], where: str) -> Disclosure:
    """One version of a report as the subject may see it. ``where`` names it in the notes
    (``report 1a2b version 2``)."""
    matches = list(matches)
    roles = subject_roles(details, matches)
    own = {(m.role, m.position) for m in matches}
    others = _others_names(details, own)
    found = Disclosure({})
    sections = {s for role in roles for s in SECTIONS.get(role, ())}
    for section in sorted(sections):
        value = details.get(section)
        if isinstance(value, Mapping) and section in FREE_TEXT:
            value = dict(value)
            for key in FREE_TEXT[section]:
                if value.get(key):
                    value[key] = redact_text(value[key], others)
                    found.review.append(f"{where}: {section}.{key}")
        found.content[section] = value
    found.content["incident"] = _incident(details.get("incident") or {}, roles, others, where, found)
    _people(details, roles, own, where, found)
    withheld_sections = sorted({s for r in SECTIONS.values() for s in r} - sections - {"stream", "channel"})
    found.withheld.extend(f"{where}: {s}" for s in withheld_sections if details.get(s) not in (None, [], {}))
    return found


def _incident(incident: Mapping[str, Any], roles: set[str], others: list[str], where: str,
              found: Disclosure) -> dict[str, Any]:
    out = {k: incident.get(k) for k in INCIDENT_BASICS if incident.get(k) is not None}
    if roles & {VICTIM, REPORTER}:
        out.update({k: incident.get(k) for k in ("place", "address") if incident.get(k) is not None})
        out["narrative"] = redact_text(incident.get("narrative"), others)
        found.review.append(f"{where}: incident.narrative")
    else:
        why = ("another person's account; it may be exempt (DPA 2018 sch. 2 para 2, crime): the officer "
               "decides what of the allegation to disclose") if PERPETRATOR in roles else "another person's account"
        found.withheld.append(f"{where}: incident.narrative, place and address ({why})")
    return out


def _people(details: Mapping[str, Any], roles: set[str], own: set[tuple[str, int]], where: str,
            found: Disclosure) -> None:
    reporter = details.get("reporter") or {}
    if (REPORTER, 0) in own:
        found.content["reporter"] = dict(reporter)
    elif VICTIM in roles:
        found.content["reporter"] = {"role": reporter.get("role")}
        if any(reporter.get(k) for k in ("name", "organisation", "contact")):
            found.withheld.append(f"{where}: reporter's name, organisation and contact (third party)")
    for role, key in ((VICTIM, "victims"), (WITNESS, "witnesses"), (PERPETRATOR, "perpetrators")):
        entries = details.get(key) or []
        shown: list[dict[str, Any]] = []
        for i, person in enumerate(entries):
            if (role, i) in own:
                shown.append({"yours": True, **person})
            elif role == PERPETRATOR and VICTIM in roles:
                shown.append({"known": person.get("known")})
                found.withheld.append(f"{where}: {key}.{i}: everything but whether they were known (third party)")
            else:
                found.withheld.append(f"{where}: {key}.{i} (third party)")
        if shown:
            found.content[key] = shown


def disclose_report(report: Mapping[str, Any], versions: Sequence[Mapping[str, Any]],
                    triage: Mapping[str, Any]) -> Disclosure:
    """A report with every version it has had, as the subject may see it. ``report`` holds its
    ``report_id``, ``received_at``, ``status``, ``centre`` and ``withdrawal``; each version its
    ``version``, ``recorded_at``, ``details`` and the subject's ``matches`` in that version (people
    move: the reporter of version 1 may not be the reporter of version 2)."""
    label = f"report {report['report_id']}"
    roles = set().union(*(subject_roles(v["details"], v["matches"]) for v in versions)) if versions else set()
    out = Disclosure({"report_id": report["report_id"], "received_at": report["received_at"],
                      "status": report["status"], "your_roles": sorted(roles),
                      "received_through": report.get("centre") or STAFF})
    if VICTIM in roles:
        out.content["triage"] = {k: triage.get(k) for k in ("outcome", "asb_category", "strands", "perceived_by",
                                                            "flags", "reasons")}
    else:
        out.withheld.append(f"{label}: its triage (the landlord's assessment of another person's report)")
    withdrawal = report.get("withdrawal")
    if withdrawal:
        out.content["withdrawal"] = {"at": withdrawal.get("at"), "reason": withdrawal.get("reason"), "by": STAFF}
    shown = []
    for version in versions:
        where = f"{label} version {version['version']}"
        part = disclose_details(version["details"], version["matches"], where)
        out.withheld.extend(part.withheld)
        out.review.extend(part.review)
        shown.append({"version": version["version"], "recorded_at": version["recorded_at"],
                      "recorded_by": STAFF, "details": part.content})
    out.content["versions"] = shown
    return out
