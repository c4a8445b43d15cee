"""Cases' part of the answer to a subject access request (UK GDPR art. 15): the cases of the reports
intake found the person in, each as their role in it allows (``cases.domain.disclosure``).

Only the data protection officer asks (``cases.entrypoints.privacy``); every case read is audited
against the case, with the request's reference as the reason.
"""

from __future__ import annotations

from typing import Any

from cases import views
from cases.domain.access import Person, Right, refusal
from cases.domain.disclosure import disclose_case
from cases.service_layer import guard
from cases.service_layer.queries import case_detail


def subject_access_part(uow: Any, caller: Person, reference: str, reports: dict[str, list[str]],
                        perpetrator_keys: list[str]) -> dict[str, Any]:
    roles_by_case: dict[str, set[str]] = {}
    with uow:
        for report_id, roles in sorted(reports.items()):
            record = uow.cases.report(report_id)
            if record is not None and record.case_id is not None:
                roles_by_case.setdefault(record.case_id, set()).update(roles)
        uow.commit()
    records, withheld, review, notes = [], [], [], []
    for case_id, case_roles in sorted(roles_by_case.items()):
        with uow:
            case = uow.cases.get(case_id)
            reason = refusal(caller, case, Right.READ) if case is not None else "gone"
            uow.commit()
        if reason is not None:
            notes.append(f"case {case_id}: not read ({reason})")
            continue
        detail = views.case_detail(case_detail(uow, caller, case_id))
        shown = disclose_case(detail, detail, case_roles, set(perpetrator_keys))
        records.append(shown.content)
        withheld.extend(shown.withheld)
        review.extend(shown.review)
        with uow:
            guard.audit(uow, caller, "cases.subject_access_part", case_id, reason=f"subject access {reference}")
            uow.commit()
    return {"service": "cases", "request": reference, "records": {"cases": records}, "withheld": withheld,
            "review": review, "notes": notes,
            "links": {"cases": {case_id: sorted(held) for case_id, held in roles_by_case.items()}}}
