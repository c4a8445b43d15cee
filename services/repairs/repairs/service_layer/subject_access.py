"""Repairs' part of the answer to a subject access request: the jobs of the cases in which the
requester is the victim (``repairs.domain.disclosure``); each read audited against the job."""

from __future__ import annotations

from typing import Any

from hcs.auth import Caller
from repairs.domain.disclosure import disclose_job
from repairs.service_layer.access import audit
from repairs.service_layer.queries import JobView
from repairs.views import JobDetailSchema

VICTIM = "victim"


def subject_access_part(uow: Any, caller: Caller, reference: str, cases: dict[str, list[str]]) -> dict[str, Any]:
    records, review = [], []
    others = sorted(case_id for case_id, roles in cases.items() if VICTIM not in roles)
    with uow:
        now = uow.clock.now()
        for case_id in sorted(c for c, roles in cases.items() if VICTIM in roles):
            for job_id, _ in uow.erasure.of_case(case_id):
                job = uow.jobs.get(job_id)
                view = JobView(job, job.target_outcome(now), job.follow_on_outcome(now),
                               tuple(uow.updates.for_job(job_id)))
                shown = disclose_job(JobDetailSchema().dump(view))
                records.append(shown.content)
                review.extend(shown.review)
                audit(uow, caller, "subject_access_part", job_id, reason=f"subject access {reference}")
        uow.commit()
    notes = [f"case {c}: no jobs disclosed (the requester is not the victim of the case)" for c in others]
    return {"service": "repairs", "request": reference, "records": {"jobs": records}, "withheld": [],
            "review": review, "notes": notes, "links": {}}
