"""Assessing risk and vulnerability outside a review (at first contact, when things change)."""

from __future__ import annotations

from typing import Any

from cases.domain.access import Person, Right
from cases.domain.case import Case
from cases.domain.risk import RiskAssessment, assess
from cases.service_layer import guard, publish
from cases.settings import CasesSettings


def record_assessment(uow: Any, case: Case, caller: Person, data: dict[str, Any], settings: CasesSettings,
                      occasion: str) -> RiskAssessment:
    now = uow.clock.now()
    assessment = assess(settings.policy.matrix, guard.new_id(caller, data.get("idempotency_key"), "risk"),
                        case.case_id, data["factors"], caller.user_id, now, occasion, data.get("notes"))
    uow.risks.add(assessment)
    case.take_risk(assessment, settings.policy)
    publish.risk_assessed(uow, case, assessment)
    return assessment


def assess_risk(uow: Any, caller: Person, case_id: str, data: dict[str, Any],
                settings: CasesSettings) -> RiskAssessment:
    def work_on(case: Case) -> RiskAssessment:
        case.require_open()
        return record_assessment(uow, case, caller, data, settings, "assessment")

    return guard.on_case(uow, caller, case_id, "cases.assess_risk", Right.WORK, work_on)
