"""What of a repair job a subject access request discloses (UK GDPR art. 15): only to the victim of
the job's case (the work was done at their home), the job as staff see it, less the mechanics of
sending it (messages and delivery attempts, which repeat what the job says). Contractors are named
(organisations); staff by role only. Notes written by a contractor or an officer are listed for the
data protection officer to read before release."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

STAFF = "[member of staff]"
MECHANICS = ("messages", "deliveries")


@dataclass
class Disclosure:
    content: dict[str, Any]
    review: list[str] = field(default_factory=list)


def disclose_job(job: Mapping[str, Any]) -> Disclosure:
    out = Disclosure({k: v for k, v in job.items() if k not in MECHANICS})
    updates = []
    for update in job.get("updates") or []:
        by_contractor = str(update.get("channel", "")).startswith("contractor:")
        updates.append({**update, "actor": update.get("actor") if by_contractor else STAFF})
        if update.get("notes"):
            out.review.append(f"job {job['job_id']}: notes of the {update.get('kind')} update")
    out.content["updates"] = updates
    if job.get("access_notes"):
        out.review.append(f"job {job['job_id']}: access notes")
    return out
