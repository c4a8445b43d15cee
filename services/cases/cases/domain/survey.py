"""The satisfaction survey sent when a case closes (code 1.4.7), asked in the words of the
regulator's Tenant Satisfaction Measure TP12, with two questions of the landlord's own.

A survey is not sent after an anonymous report (nobody to ask). Its answers are recorded once; a
tenant who declines to answer is recorded as declining. "Don't know" stays out of the TP12 base.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from cases.domain.errors import CaseRuleBroken, InvalidCommand

TP12_QUESTION = ("How satisfied or dissatisfied are you with your landlord's approach to handling "
                 "anti-social behaviour?")
SENT, NOT_SENT, ANSWERED, DECLINED = "sent", "not_sent", "answered", "declined"


@dataclass
class Survey:
    case_id: str
    status: str
    created_at: datetime
    reason: str | None = None
    answered_at: datetime | None = None
    recorded_by: str | None = None
    tp12: str | None = None
    kept_informed: bool | None = None
    feels_safer: bool | None = None
    comments: str | None = None

    def record(self, tp12: str | None, kept_informed: bool | None, feels_safer: bool | None,
               comments: str | None, declined: bool, by: str, at: datetime) -> None:
        if self.status != SENT:
            raise CaseRuleBroken(f"the survey is {self.status.replace('_', ' ')}; answers are recorded once, "
                                 "for a survey that was sent")
        if declined:
            self.status = DECLINED
        else:
            if tp12 is None:
                raise InvalidCommand("tp12", "Record the answer to the TP12 question, or that the tenant declined.")
            self.status, self.tp12 = ANSWERED, tp12
            self.kept_informed, self.feels_safer, self.comments = kept_informed, feels_safer, comments
        self.answered_at, self.recorded_by = at, by


def survey_on_closure(case_id: str, contactable: bool, now: datetime) -> Survey:
    if contactable:
        return Survey(case_id, SENT, now)
    return Survey(case_id, NOT_SENT, now, reason="anonymous report: nobody to ask")
