"""What referrals may project through a sharing agreement (POL-5; code 1.3.3): a case's shareable
fields only, never the contact log, minutes, narratives or the victim's stated characteristics.
Callable only by another service on its own behalf (the ``service`` role); audited."""

from __future__ import annotations

from typing import Any

from cases.domain.access import Person
from cases.domain.actions import AGREED, PROPOSED
from cases.service_layer import guard
from hcs.auth import SERVICE
from hcs.errors import Forbidden, NotFound


def shareable_case(uow: Any, caller: Person, case_id: str) -> dict[str, Any]:
    with uow:
        if caller.role != SERVICE:
            guard.audit(uow, caller, "cases.shareable_case", case_id, "refused", "not a service")
            uow.commit()
            raise Forbidden("only another service may ask for a case's shareable fields")
        case = uow.cases.get(case_id)
        if case is None:
            guard.audit(uow, caller, "cases.shareable_case", case_id, "not_found")
            uow.commit()
            raise NotFound(f"no case {case_id}")
        needs = sorted({a.action_type for a in uow.actions.for_case(case_id) if a.status in (PROPOSED, AGREED)})
        guard.audit(uow, caller, "cases.shareable_case", case_id)
        uow.commit()
    return {"case_id": case.case_id, "stream": case.stream, "status": case.status,
            "hate_incident": case.hate_incident, "racist": case.classification.racist, "strands": list(case.strands),
            "asb_category": case.asb_category, "risk_level": case.risk_level, "support_needs": needs,
            "officer_id": case.officer_id, "team": case.team, "report_ids": list(case.report_ids)}
