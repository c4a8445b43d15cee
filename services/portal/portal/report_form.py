"""The incident report form: the whole common reporting form of intake (issue 3) in one page, turned
into ``intake.submit_report``'s payload. One victim, household, alleged perpetrator and witness per
form; a report with more is amended afterwards.

Field names are payload paths; ``LABELS`` names every field and group, so every error intake returns
can be shown next to its field (``portal.forms.map_errors``).
"""

from __future__ import annotations

from typing import Any

from werkzeug.datastructures import MultiDict

from portal.forms import checked, flag, integer, lines, moment, prune, text, words

V, P, W, A = "victims.0", "perpetrators.0", "witnesses.0", "victims.0.address"
LABELS: dict[str, str] = {
    "channel": "How the report came in", "stream": "Tenancy stream", "anonymous": "Anonymous report",
    "reporter": "Who is reporting", "reporter.role": "Reporter's role", "reporter.name": "Reporter's name",
    "reporter.organisation": "Reporter's organisation", "reporter.contact": "Reporter's contact details",
    "victims": "Victim", V: "Victim", f"{V}.name": "Victim's name", f"{V}.contact": "Victim's contact details",
    f"{V}.safe_contact": "Safe contact", f"{V}.safe_contact.times": "Safe times to contact",
    f"{V}.safe_contact.method": "Safe way to contact", f"{V}.safe_contact.notes": "Notes on safe contact",
    A: "Victim's address", f"{A}.line": "Address", f"{A}.uprn": "UPRN", f"{A}.postcode": "Postcode",
    f"{V}.vulnerabilities": "Vulnerabilities", f"{V}.support_needs": "Support needs",
    f"{V}.language": "Language", f"{V}.interpreter_needed": "Interpreter needed",
    f"{V}.accessibility_needs": "Accessibility needs",
    "household": "Household", "household.tenant": "Household holds a tenancy", "household.size": "People in household",
    "household.children": "Children in household", "household.notes": "Notes on the household",
    "incident": "The incident", "incident.occurred_at": "When it happened",
    "incident.occurred_from": "Or between", "incident.occurred_until": "and",
    "incident.location_type": "Where it happened", "incident.place": "Place",
    "incident.narrative": "What happened", "incident.types": "What kind of incident",
    "incident.other_type": "Other kind of incident",
    "perception": "Perceived motivation", "perception.strands": "Perceived to be motivated by hostility to",
    "perception.perceived_by": "Who perceived it", "perception.other_strand": "Other characteristic",
    "perception.notes": "Notes on the perception",
    "perpetrators": "Alleged perpetrator", P: "Alleged perpetrator", f"{P}.known": "Perpetrator known",
    f"{P}.name": "Perpetrator's name", f"{P}.description": "Description", f"{P}.is_tenant": "A tenant",
    f"{P}.relationship": "Relationship to the victim", f"{P}.address": "Perpetrator's address",
    f"{P}.address.line": "Perpetrator's address", f"{P}.address.postcode": "Perpetrator's postcode",
    "witnesses": "Witness", W: "Witness", f"{W}.name": "Witness's name", f"{W}.contact": "Witness's contact",
    f"{W}.account": "What the witness saw", f"{W}.willing_to_give_statement": "Willing to give a statement",
    "police": "Police", "police.informed": "Police informed", "police.crime_reference": "Crime reference",
    "police.force": "Police force",
    "previous_incidents": "Previous incidents", "previous_incidents.count": "How many before",
    "previous_incidents.reported_before": "Reported before", "previous_incidents.details": "Details",
    "damage": "Damage needing repair", "damage.description": "What is damaged", "damage.location": "Where",
    "officer_offer": "Officer of the same sex or ethnic origin", "officer_offer.offered": "Offered",
    "officer_offer.answer": "The answer", "contact_consent": "Consent to be contacted",
    "idempotency_key": "Form reference",
}


def _address(form: MultiDict[str, str], prefix: str) -> dict[str, Any]:
    return {"line": text(form, f"{prefix}.line"), "uprn": text(form, f"{prefix}.uprn"),
            "postcode": text(form, f"{prefix}.postcode")}


def report_payload(form: MultiDict[str, str]) -> dict[str, Any]:
    """The payload for ``intake.submit_report``; what was left blank is left out."""
    known = form.get(f"{P}.known", "")
    perpetrator = {
        "known": {"yes": True, "no": False}.get(known), "name": text(form, f"{P}.name"),
        "description": text(form, f"{P}.description"), "is_tenant": flag(form, f"{P}.is_tenant"),
        "relationship": text(form, f"{P}.relationship"), "address": _address(form, f"{P}.address"),
    }
    informed = flag(form, "police.informed")
    offered = flag(form, "officer_offer.offered")
    payload = {
        "idempotency_key": text(form, "idempotency_key"), "channel": text(form, "channel"),
        "stream": text(form, "stream"), "anonymous": checked(form, "anonymous") or None,
        "reporter": {"role": text(form, "reporter.role"), "name": text(form, "reporter.name"),
                     "organisation": text(form, "reporter.organisation"),
                     "contact": text(form, "reporter.contact")},
        "victims": [{
            "name": text(form, f"{V}.name"), "contact": text(form, f"{V}.contact"),
            "safe_contact": {"times": text(form, f"{V}.safe_contact.times"),
                             "method": text(form, f"{V}.safe_contact.method"),
                             "notes": text(form, f"{V}.safe_contact.notes")},
            "address": _address(form, A), "vulnerabilities": lines(form, f"{V}.vulnerabilities"),
            "support_needs": lines(form, f"{V}.support_needs"), "language": text(form, f"{V}.language"),
            "interpreter_needed": flag(form, f"{V}.interpreter_needed"),
            "accessibility_needs": lines(form, f"{V}.accessibility_needs"),
        }],
        "household": {"tenant": flag(form, "household.tenant"), "size": integer(form, "household.size"),
                      "children": flag(form, "household.children"), "notes": text(form, "household.notes")},
        "incident": {
            "occurred_at": moment(form, "incident.occurred_at"),
            "occurred_from": moment(form, "incident.occurred_from"),
            "occurred_until": moment(form, "incident.occurred_until"),
            "location_type": text(form, "incident.location_type"), "place": text(form, "incident.place"),
            "narrative": text(form, "incident.narrative"), "types": words(form, "incident.types"),
            "other_type": text(form, "incident.other_type"),
        },
        "perception": {"strands": words(form, "perception.strands"),
                       "perceived_by": text(form, "perception.perceived_by"),
                       "other_strand": text(form, "perception.other_strand"),
                       "notes": text(form, "perception.notes")},
        "perpetrators": [perpetrator] if known else [],
        "witnesses": [{"name": text(form, f"{W}.name"), "contact": text(form, f"{W}.contact"),
                       "account": text(form, f"{W}.account"),
                       "willing_to_give_statement": flag(form, f"{W}.willing_to_give_statement")}],
        "police": {"informed": informed, "crime_reference": text(form, "police.crime_reference"),
                   "force": text(form, "police.force")} if informed is not None else None,
        "previous_incidents": {"count": integer(form, "previous_incidents.count"),
                               "reported_before": flag(form, "previous_incidents.reported_before"),
                               "details": text(form, "previous_incidents.details")},
        "damage": {"description": text(form, "damage.description"), "location": text(form, "damage.location")},
        "officer_offer": {"offered": offered, "answer": text(form, "officer_offer.answer")}
        if offered is not None else None,
        "contact_consent": True if checked(form, "contact_consent") else None,
    }
    pruned: dict[str, Any] = prune(payload)
    if "damage" in pruned and "description" not in pruned["damage"]:
        pruned["damage"]["description"] = None  # where without what: let intake name the missing field
    if "reporter" not in pruned:
        pruned["reporter"] = {}
    if "incident" not in pruned:
        pruned["incident"] = {}
    return pruned
