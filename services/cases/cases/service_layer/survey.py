"""Recording the answers to the closing satisfaction survey (code 1.4.7; TP12)."""

from __future__ import annotations

from typing import Any

from cases.domain.access import Person, Right
from cases.domain.case import Case
from cases.domain.errors import CaseRuleBroken
from cases.domain.survey import Survey
from cases.service_layer import guard, publish, work


def record_answers(uow: Any, caller: Person, case_id: str, data: dict[str, Any]) -> Survey:
    def work_on(case: Case) -> Survey:
        now = uow.clock.now()
        survey: Survey | None = uow.surveys.get(case.case_id)
        if survey is None:
            raise CaseRuleBroken("a survey is sent when the case closes; this case has none yet")
        survey.record(data.get("tp12"), data.get("kept_informed"), data.get("feels_safer"), data.get("comments"),
                      bool(data.get("declined")), caller.user_id, now)
        uow.surveys.save(survey)
        case.note(now, "survey", "Survey answered" if survey.status == "answered" else "Survey declined",
                  caller.user_id)
        work.resolve(uow, case.case_id, ("survey_due",), caller.user_id, now, survey.status)
        if survey.tp12 is not None and survey.answered_at is not None:
            publish.survey_answered(uow, case, survey.answered_at, survey.tp12, survey.kept_informed,
                                    survey.feels_safer)
        return survey

    return guard.on_case(uow, caller, case_id, "cases.record_survey_answers", Right.WORK, work_on)

