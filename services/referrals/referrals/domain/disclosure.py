"""What of a case's sharing records a subject access request discloses (UK GDPR art. 15(1)(c): the
recipients to whom the person's data were disclosed).

- The **victim** gets every version of their consent records, the referrals made with them (and the
  partners' outcome notes, for the officer to read before release), the disclosure log (which partner
  received which fields, when, under which consent and agreement) and the stop-and-delete notices.
- An **alleged perpetrator** gets the disclosures that carried data about them (``perpetrator.*``
  fields): who received it, when and for what purpose; listed for the officer to consider the crime
  exemption (DPA 2018 sch. 2 para 2), since telling them may prejudice a police investigation.

Staff are named by role only; partners by their code (organisations).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

VICTIM, PERPETRATOR = "victim", "alleged_perpetrator"
STAFF = "[member of staff]"
STAFF_FIELDS = ("recorded_by", "requested_by", "by")


@dataclass
class Disclosure:
    content: dict[str, Any]
    withheld: list[str] = field(default_factory=list)
    review: list[str] = field(default_factory=list)


def _staff_out(record: Mapping[str, Any]) -> dict[str, Any]:
    return {k: (STAFF if k in STAFF_FIELDS and v is not None else v) for k, v in record.items()}


def disclose_sharing(case_id: str, roles: set[str], consents: Sequence[Mapping[str, Any]],
                     referrals: Sequence[Mapping[str, Any]], disclosures: Sequence[Mapping[str, Any]]) -> Disclosure:
    out = Disclosure({"case_id": case_id, "your_roles": sorted(roles)})
    if VICTIM in roles:
        out.content["consents"] = [_staff_out(c) for c in consents]
        out.content["referrals"] = [
            {**_staff_out(r), "history": [_staff_out(h) for h in r.get("history") or []]} for r in referrals]
        out.content["disclosures"] = [_staff_out(d) for d in disclosures]
        out.review.extend(f"case {case_id}: referral {r['referral_id']} outcome note" for r in referrals
                          if r.get("outcome_note"))
        return out
    if PERPETRATOR in roles:
        about = [{"partner": d["partner"], "purpose": d["purpose"], "disclosed_at": d["disclosed_at"],
                  "fields_sent": [f for f in d["fields_sent"] if f.startswith("perpetrator.")]}
                 for d in disclosures if any(f.startswith("perpetrator.") for f in d["fields_sent"])]
        if about:
            out.content["disclosures_about_you"] = about
            out.review.append(f"case {case_id}: {len(about)} disclosure(s) about the requester to partners; "
                              "consider DPA 2018 sch. 2 para 2 (crime) before release")
    if consents or referrals:
        out.withheld.append(f"case {case_id}: the victim's consent records and referrals (third party)")
    return out
