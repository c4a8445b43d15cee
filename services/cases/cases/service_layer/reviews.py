"""Supervision reviews (POL-8): officer-senior, with the risk matrix re-run; senior-manager."""

from __future__ import annotations

from typing import Any

from cases.domain.access import Person, Right
from cases.domain.case import Case
from cases.domain.errors import InvalidCommand
from cases.domain.reviews import OFFICER_SENIOR, Review
from cases.service_layer import guard, publish, work
from cases.service_layer.risk import record_assessment
from cases.settings import CasesSettings


def record_review(uow: Any, caller: Person, case_id: str, data: dict[str, Any], settings: CasesSettings) -> Review:
    kind = data["kind"]
    right = Right.SUPERVISE if kind == OFFICER_SENIOR else Right.MANAGE

    def work_on(case: Case) -> Review:
        now = uow.clock.now()
        review_id = guard.new_id(caller, data.get("idempotency_key"), "review")
        existing: Review | None = uow.reviews.get(review_id)
        if existing is not None:
            return existing
        case.require_open()
        if caller.user_id == case.officer_id:
            raise InvalidCommand("kind", "A case is reviewed by the officer's senior or manager, not its officer.")
        due = case.review_due(kind)
        assessment = None
        if kind == OFFICER_SENIOR or data.get("factors"):
            if not data.get("factors"):
                raise InvalidCommand("factors", "Re-run the risk matrix at every officer-senior review.")
            assessment = record_assessment(uow, case, caller, data, settings, "review")
        review = Review(review_id, case.case_id, kind, now, caller.user_id, case.officer_id, due,
                        case.risk_level, assessment.assessment_id if assessment else None, data["notes"].strip(),
                        (data.get("next_steps") or "").strip() or None)
        uow.reviews.add(review)
        case.reviewed(review, settings.policy)
        work.resolve(uow, case.case_id, ("review_overdue",), caller.user_id, now, "review recorded", ref=kind)
        publish.review_recorded(uow, case, review)
        return review

    return guard.on_case(uow, caller, case_id, f"cases.record_review.{kind}", right, work_on)
