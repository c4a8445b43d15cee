"""RPCs for the commands on a case: one per command, each authorise, load, call, dump."""

from __future__ import annotations

from typing import Any

from cases import schemas as s
from cases import views as v
from cases.entrypoints.base import OFFICERS, SUPERVISORS, CasesBase, ref
from cases.service_layer import (
    actions,
    allocation,
    approvals,
    classification,
    conferences,
    contacts,
    remedies,
    reviews,
    risk,
    survey,
    work_items,
)
from hcs.auth import rpc

Result = dict[str, Any]


class CaseworkEntrypoints(CasesBase):
    @rpc
    def allocate_case(self, case_id: str, payload: dict[str, Any] | None = None) -> Result:
        self.allow(SUPERVISORS, "allocate_case", case_id)
        data = self.load(s.AllocateSchema(), payload, "allocation")
        result = allocation.allocate(self.db(), self.caller, ref(case_id), data, self.cases_config)
        return v.CaseSchema().dump(result)  # type: ignore[no-any-return]

    @rpc
    def record_officer_preference(self, case_id: str, payload: dict[str, Any]) -> Result:
        self.allow(OFFICERS, "record_officer_preference", case_id)
        data = self.load(s.PreferenceSchema(), payload, "preference")
        case = allocation.record_preference(self.db(), self.caller, ref(case_id), data, self.cases_config)
        return v.CaseSchema().dump(case)  # type: ignore[no-any-return]

    @rpc
    def assess_risk(self, case_id: str, payload: dict[str, Any]) -> Result:
        self.allow(OFFICERS, "assess_risk", case_id)
        data = self.load(s.RiskSchema(), payload, "risk assessment")
        result = risk.assess_risk(self.db(), self.caller, ref(case_id), data, self.cases_config)
        return v.RiskSchema().dump(result)  # type: ignore[no-any-return]

    @rpc
    def propose_classification(self, case_id: str, payload: dict[str, Any]) -> Result:
        """Add to the classification at once, or ask for a recategorisation (approval needed)."""
        self.allow(OFFICERS, "propose_classification", case_id)
        data = self.load(s.ClassificationSchema(), payload, "classification")
        case, approval = classification.propose(self.db(), self.caller, ref(case_id), data, self.cases_config)
        return {"case": v.CaseSchema().dump(case),
                "approval": v.ApprovalSchema().dump(approval) if approval else None,
                "applied": approval is None}

    @rpc
    def choose_update_frequency(self, case_id: str, payload: dict[str, Any]) -> Result:
        self.allow(OFFICERS, "choose_update_frequency", case_id)
        data = self.load(s.UpdateFrequencySchema(), payload, "update frequency")
        case = contacts.choose_update_frequency(self.db(), self.caller, ref(case_id), data, self.cases_config)
        return v.CaseSchema().dump(case)  # type: ignore[no-any-return]

    @rpc
    def record_contact(self, case_id: str, payload: dict[str, Any]) -> Result:
        self.allow(OFFICERS, "record_contact", case_id)
        data = self.load(s.ContactSchema(), payload, "contact")
        contact = contacts.record_contact(self.db(), self.caller, ref(case_id), data, self.cases_config)
        return v.ContactSchema().dump(contact)  # type: ignore[no-any-return]

    @rpc
    def add_support_action(self, case_id: str, payload: dict[str, Any]) -> Result:
        self.allow(OFFICERS, "add_support_action", case_id)
        data = self.load(s.ActionSchema(), payload, "action")
        result = actions.add_action(self.db(), self.caller, ref(case_id), data, self.cases_config)
        return v.ActionSchema().dump(result)  # type: ignore[no-any-return]

    @rpc
    def record_action_agreement(self, case_id: str, action_id: str, payload: dict[str, Any]) -> Result:
        self.allow(OFFICERS, "record_action_agreement", case_id)
        data = self.load(s.AgreementSchema(), payload, "agreement")
        action = actions.record_agreement(self.db(), self.caller, ref(case_id), ref(action_id, "action_id"), data)
        return v.ActionSchema().dump(action)  # type: ignore[no-any-return]

    @rpc
    def complete_action(self, case_id: str, action_id: str, payload: dict[str, Any] | None = None) -> Result:
        self.allow(OFFICERS, "complete_action", case_id)
        data = self.load(s.NoteSchema(), payload, "completion")
        result = actions.complete(self.db(), self.caller, ref(case_id), ref(action_id, "action_id"), data)
        return v.ActionSchema().dump(result)  # type: ignore[no-any-return]

    @rpc
    def cancel_action(self, case_id: str, action_id: str, payload: dict[str, Any]) -> Result:
        self.allow(OFFICERS, "cancel_action", case_id)
        data = self.load(s.ReasonSchema(), payload, "cancellation")
        result = actions.cancel(self.db(), self.caller, ref(case_id), ref(action_id, "action_id"), data)
        return v.ActionSchema().dump(result)  # type: ignore[no-any-return]

    @rpc
    def propose_perpetrator_action(self, case_id: str, payload: dict[str, Any]) -> Result:
        self.allow(OFFICERS, "propose_perpetrator_action", case_id)
        data = self.load(s.RemedySchema(), payload, "perpetrator action")
        result = remedies.propose_action(self.db(), self.caller, ref(case_id), data)
        return v.RemedySchema().dump(result)  # type: ignore[no-any-return]

    @rpc
    def progress_perpetrator_action(self, case_id: str, action_id: str, payload: dict[str, Any]) -> Result:
        self.allow(OFFICERS, "progress_perpetrator_action", case_id)
        data = self.load(s.ProgressSchema(), payload, "perpetrator action step")
        action = remedies.progress(self.db(), self.caller, ref(case_id), ref(action_id, "action_id"), data,
                                   self.cases_config)
        return v.RemedySchema().dump(action)  # type: ignore[no-any-return]

    @rpc
    def schedule_conference(self, case_id: str, payload: dict[str, Any]) -> Result:
        self.allow(OFFICERS, "schedule_conference", case_id)
        data = self.load(s.ConferenceSchema(), payload, "conference")
        result = conferences.schedule_conference(self.db(), self.caller, ref(case_id), data)
        return v.ConferenceSchema().dump(result)  # type: ignore[no-any-return]

    @rpc
    def record_conference(self, case_id: str, conference_id: str, payload: dict[str, Any]) -> Result:
        self.allow(OFFICERS, "record_conference", case_id)
        data = self.load(s.ConferenceRecordSchema(), payload, "conference record")
        conference = conferences.record_conference(self.db(), self.caller, ref(case_id),
                                                   ref(conference_id, "conference_id"), data)
        return v.ConferenceSchema().dump(conference)  # type: ignore[no-any-return]

    @rpc
    def cancel_conference(self, case_id: str, conference_id: str, payload: dict[str, Any]) -> Result:
        self.allow(OFFICERS, "cancel_conference", case_id)
        data = self.load(s.ReasonSchema(), payload, "cancellation")
        conference = conferences.cancel_conference(self.db(), self.caller, ref(case_id),
                                                   ref(conference_id, "conference_id"), data)
        return v.ConferenceSchema().dump(conference)  # type: ignore[no-any-return]

    @rpc
    def record_review(self, case_id: str, payload: dict[str, Any]) -> Result:
        self.allow(SUPERVISORS, "record_review", case_id)
        data = self.load(s.ReviewSchema(), payload, "review")
        review = reviews.record_review(self.db(), self.caller, ref(case_id), data, self.cases_config)
        return v.ReviewSchema().dump(review)  # type: ignore[no-any-return]

    @rpc
    def request_closure(self, case_id: str, payload: dict[str, Any]) -> Result:
        self.allow(OFFICERS, "request_closure", case_id)
        data = self.load(s.ClosureSchema(), payload, "closure")
        approval = approvals.request_closure(self.db(), self.caller, ref(case_id), data, self.cases_config)
        return v.ApprovalSchema().dump(approval)  # type: ignore[no-any-return]

    @rpc
    def decide_approval(self, approval_id: str, payload: dict[str, Any]) -> Result:
        self.allow(SUPERVISORS, "decide_approval")
        data = self.load(s.DecisionSchema(), payload, "decision")
        approval = approvals.decide(self.db(), self.caller, ref(approval_id, "approval_id"), data, self.cases_config)
        return v.ApprovalSchema().dump(approval)  # type: ignore[no-any-return]

    @rpc
    def withdraw_approval(self, approval_id: str) -> Result:
        self.allow(OFFICERS, "withdraw_approval")
        result = approvals.withdraw(self.db(), self.caller, ref(approval_id, "approval_id"))
        return v.ApprovalSchema().dump(result)  # type: ignore[no-any-return]

    @rpc
    def record_survey_answers(self, case_id: str, payload: dict[str, Any]) -> Result:
        self.allow(OFFICERS, "record_survey_answers", case_id)
        data = self.load(s.SurveySchema(), payload, "survey")
        result = survey.record_answers(self.db(), self.caller, ref(case_id), data)
        return v.SurveySchema().dump(result)  # type: ignore[no-any-return]

    @rpc
    def resolve_work_item(self, item_id: str, payload: dict[str, Any]) -> Result:
        self.allow(OFFICERS, "resolve_work_item")
        data = self.load(s.RequiredNoteSchema(), payload, "resolution")
        result = work_items.resolve_item(self.db(), self.caller, ref(item_id, "item_id"), data)
        return v.WorkItemSchema().dump(result)  # type: ignore[no-any-return]
