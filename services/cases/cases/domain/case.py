"""A harassment case: the aggregate every other record of the case hangs from.

One stream for ever (POL-7), the original perception kept for ever (POL-2), the reports that belong
to it under the regulator's rule, its risk level and the clocks that follow from it (first contact,
victim updates, reviews), the officer who has it (POL-3) and, in the end, its closure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from cases.domain.classification import Classification, ClassificationChange
from cases.domain.errors import CaseRuleBroken
from cases.domain.linking import IncomingReport
from cases.domain.policy import CasePolicy
from cases.domain.reviews import OFFICER_SENIOR, SENIOR_MANAGER, Review
from cases.domain.risk import RiskAssessment
from cases.domain.targets import Priority, first_contact_due, next_update_due
from cases.domain.timeline import TimelineEntry

OPEN, CLOSED = "open", "closed"


@dataclass
class Case:
    case_id: str
    stream: str
    opened_at: datetime
    opened_from: str
    received_at: datetime
    household_key: str | None
    address: dict[str, Any] | None
    hate_incident: bool
    strands: list[str]
    asb_category: str | None
    original_perception: dict[str, Any]
    status: str = OPEN
    team: str | None = None
    patch: str | None = None
    officer_id: str | None = None
    allocated_at: datetime | None = None
    officer_preference: str | None = None
    preference_match: dict[str, str] | None = None  # the victim's stated sex/ethnic origin (special category)
    preference_honoured: bool | None = None
    preference_note: str | None = None
    flags: list[str] = field(default_factory=list)
    threats_of_violence: bool = False
    perpetrator_identified: bool = False
    anonymous: bool = False
    risk_level: str = "standard"
    risk_score: int = 0
    risk_provisional: bool = True
    risk_assessed_at: datetime | None = None
    first_contact_due_at: datetime | None = None
    first_contact_at: datetime | None = None
    update_every_working_days: int | None = None
    last_update_at: datetime | None = None
    next_update_due_at: datetime | None = None
    officer_review_due_at: datetime | None = None
    last_officer_review_at: datetime | None = None
    manager_review_due_at: datetime | None = None
    last_manager_review_at: datetime | None = None
    community_trigger_at: datetime | None = None
    community_trigger_reason: str | None = None
    closed_at: datetime | None = None
    outcome: str | None = None
    closure: dict[str, Any] | None = None
    version: int = 0
    report_ids: list[str] = field(default_factory=list)
    new_timeline: list[TimelineEntry] = field(default_factory=list, repr=False)

    # -- opening and linking ------------------------------------------------------------------
    @classmethod
    def open_from(cls, case_id: str, report: IncomingReport, now: datetime, team: str | None,
                  patch: str | None) -> "Case":
        perceived = report.classification
        perception = {"report_id": report.report_id, "triage": report.triage, "strands": list(perceived.strands),
                      "hate_incident": perceived.hate_incident, "perceived_by": report.perceived_by,
                      "incident_types": list(report.incident_types), "recorded_at": now.isoformat()}
        case = cls(case_id, report.stream, now, report.report_id, report.received_at, report.household_key,
                   report.address, perceived.hate_incident, list(perceived.strands), None, perception,
                   team=team, patch=patch, officer_preference=report.officer_preference,
                   flags=list(report.flags), threats_of_violence=report.threats_of_violence,
                   perpetrator_identified=report.perpetrator_identified, anonymous=report.anonymous,
                   report_ids=[report.report_id])
        case.note(now, "case_opened", f"Case opened from report {report.report_id} ({report.triage})", "system",
                  report.report_id)
        return case

    @property
    def is_open(self) -> bool:
        return self.status == OPEN

    @property
    def classification(self) -> Classification:
        return Classification(self.hate_incident, tuple(self.strands), self.asb_category)

    @property
    def contactable(self) -> bool:
        """An anonymous report leaves nobody to contact: no first-contact or update clock runs."""
        return not self.anonymous

    @property
    def priority(self) -> Priority:
        return Priority(self.hate_incident, self.risk_level, self.threats_of_violence, "urgent" in self.flags)

    def require_open(self) -> None:
        if not self.is_open:
            raise CaseRuleBroken(f"case {self.case_id} is closed")

    def link(self, report: IncomingReport, reason: str, now: datetime) -> None:
        self.require_open()
        if report.report_id not in self.report_ids:
            self.report_ids.append(report.report_id)
        self.learn_from(report)
        self.note(now, "report_linked", f"Report {report.report_id} linked ({reason.replace('_', ' ')})",
                  "system", report.report_id)

    def learn_from(self, report: IncomingReport) -> None:
        """What a further report tells us about the household's situation: flags only ever add."""
        self.flags = list(dict.fromkeys(self.flags + list(report.flags)))
        self.threats_of_violence = self.threats_of_violence or report.threats_of_violence
        self.perpetrator_identified = self.perpetrator_identified or report.perpetrator_identified
        self.anonymous = self.anonymous and report.anonymous  # someone came forward: contact them
        if self.address is None and report.address:
            self.address = report.address

    # -- classification (POL-2) -----------------------------------------------------------------
    def add_perception(self, perceived: Classification, by: str, now: datetime,
                       report_id: str | None = None, rationale: str | None = None) -> ClassificationChange | None:
        merged = self.classification.merged_with(perceived)
        if merged == self.classification:
            return None
        return self._reclassify(merged, "added", by, now, rationale, None, report_id)

    def first_perception(self) -> ClassificationChange:
        """The first line of the classification's history: as perceived when the case opened."""
        return ClassificationChange(self.case_id, self.opened_at, "perceived", None, self.classification.as_dict(),
                                    self.original_perception.get("perceived_by") or "unknown", None, None,
                                    self.opened_from)

    def recategorise(self, new: Classification, rationale: str, requested_by: str, approved_by: str,
                     now: datetime) -> ClassificationChange:
        self.require_open()
        if new == self.classification:
            raise CaseRuleBroken("the case already has that classification")
        return self._reclassify(new, "recategorised", requested_by, now, rationale, approved_by, None)

    def _reclassify(self, new: Classification, kind: str, by: str, now: datetime, rationale: str | None,
                    approved_by: str | None, report_id: str | None) -> ClassificationChange:
        before = self.classification
        self.hate_incident, self.strands, self.asb_category = new.hate_incident, list(new.strands), new.asb_category
        self.note(now, "classification", f"Classification {kind}: hate incident {new.hate_incident}, "
                  f"strands {', '.join(new.strands) or 'none'}", by)
        return ClassificationChange(self.case_id, now, kind, before.as_dict(), new.as_dict(), by, rationale,
                                    approved_by, report_id)

    # -- risk, clocks and reviews ----------------------------------------------------------------
    def take_risk(self, assessment: RiskAssessment, policy: CasePolicy) -> None:
        self.risk_level, self.risk_score = assessment.level, assessment.score
        self.risk_provisional, self.risk_assessed_at = assessment.provisional, assessment.assessed_at
        self.note(assessment.assessed_at, "risk_assessed", f"Risk {assessment.level} (score {assessment.score}"
                  f"{', provisional' if assessment.provisional else ''})", assessment.assessed_by,
                  assessment.assessment_id)
        self.retarget(policy)

    def retarget(self, policy: CasePolicy) -> None:
        """Recompute the clocks after a change of risk or classification. A first-contact target
        only ever comes forward: a promise made to the victim is not taken back."""
        if self.contactable and self.first_contact_at is None:
            due = first_contact_due(self.received_at, self.priority, policy.targets, policy.calendar)
            if self.first_contact_due_at is None or due < self.first_contact_due_at:
                self.first_contact_due_at = due
        cadence = policy.cadence
        self.officer_review_due_at = cadence.due_after(
            OFFICER_SENIOR, self.last_officer_review_at or self.opened_at, self.risk_level)
        self.manager_review_due_at = cadence.due_after(
            SENIOR_MANAGER, self.last_manager_review_at or self.opened_at, self.risk_level)

    def victim_contacted(self, at: datetime, counts_as_first: bool, policy: CasePolicy) -> bool:
        """A successful contact with the victim: may meet the first-contact target, and restarts the
        victim-update clock. Returns whether this was the first contact."""
        first = counts_as_first and self.first_contact_at is None
        if first:
            self.first_contact_at = at
        if self.first_contact_at is not None and (self.last_update_at is None or at > self.last_update_at):
            self.last_update_at = at
            self.next_update_due_at = next_update_due(at, self.update_every_working_days, policy.targets,
                                                      policy.calendar)
        return first

    def choose_update_frequency(self, working_days: int, by: str, now: datetime, policy: CasePolicy) -> None:
        self.require_open()
        self.update_every_working_days = working_days
        if self.last_update_at is not None:
            self.next_update_due_at = next_update_due(self.last_update_at, working_days, policy.targets,
                                                      policy.calendar)
        self.note(now, "update_frequency", f"Victim chose updates every {working_days} working days", by)

    def review_due(self, kind: str) -> datetime | None:
        return self.officer_review_due_at if kind == OFFICER_SENIOR else self.manager_review_due_at

    def reviewed(self, review: Review, policy: CasePolicy) -> None:
        if review.kind == OFFICER_SENIOR:
            self.last_officer_review_at = review.reviewed_at
        else:
            self.last_manager_review_at = review.reviewed_at
        self.retarget(policy)
        self.note(review.reviewed_at, "review", f"{review.kind.replace('_', '-')} review recorded"
                  f"{'' if review.on_time else ' (late)'}", review.reviewer_id, review.review_id)

    # -- allocation (POL-3) ------------------------------------------------------------------------
    def allocate(self, officer_id: str, team: str | None, now: datetime, honoured: bool | None,
                 note: str | None, by: str) -> str | None:
        self.require_open()
        if officer_id == self.officer_id:
            raise CaseRuleBroken(f"the case is already with {officer_id}")
        previous, self.officer_id, self.allocated_at = self.officer_id, officer_id, now
        self.team = team or self.team
        self.preference_honoured, self.preference_note = honoured, note
        what = "handed over" if previous else "allocated"
        self.note(now, "allocation", f"Case {what} to {officer_id}", by)
        return previous

    # -- community trigger, closure ----------------------------------------------------------------
    def flag_community_trigger(self, reason: str, now: datetime) -> bool:
        if self.community_trigger_at is not None:
            return False
        self.community_trigger_at, self.community_trigger_reason = now, reason
        self.note(now, "community_trigger", f"Community Trigger threshold crossed: {reason}", "system")
        return True

    def close(self, outcome: str, closure: dict[str, Any], approved_by: str, now: datetime) -> None:
        self.require_open()
        self.status, self.closed_at, self.outcome = CLOSED, now, outcome
        self.closure = {**closure, "approved_by": approved_by}
        self.note(now, "case_closed", f"Case closed: {outcome.replace('_', ' ')}", approved_by)

    def note(self, at: datetime, kind: str, summary: str, actor: str, ref_id: str | None = None) -> None:
        self.new_timeline.append(TimelineEntry(self.case_id, at, kind, summary[:300], actor, ref_id))
