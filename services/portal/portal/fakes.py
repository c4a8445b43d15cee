"""Fake service ports for the portal's unit tests: every method of ``portal.clients`` with the same
signature (checked by ``tests/unit/test_contracts.py``), answering records shaped as the services
answer (``portal.fake_records``), recording what the pages sent, and refusing the way the services
refuse: ``ValidationFailed`` naming fields, ``NotFound``, ``Forbidden``, ``Conflict`` and the consent
gate's ``ConsentRefused``."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from hcs.errors import Conflict, ConsentRefused, Forbidden, NotFound, ValidationFailed
from portal import fake_records as r

Payload = dict[str, Any]
MISSING = "Missing data for required field."


def _require(payload: Payload, *names: str) -> None:
    problems = {name: [MISSING] for name in names if payload.get(name) in (None, "", [], {})}
    if problems:
        raise ValidationFailed("the request is invalid", problems)


class _Fake:
    def __init__(self, owner: FakeServices) -> None:
        self.owner = owner

    def _sent(self, method: str, *args: Any) -> None:
        self.owner.sent.append((method, args[-1] if args else None))
        self.owner.calls.append((method, args))


class FakeIntake(_Fake):
    def submit_report(self, payload: Payload) -> Payload:
        self._sent("submit_report", payload)
        problems: dict[str, list[str]] = {}
        if not (payload.get("incident") or {}).get("narrative"):
            problems["incident.narrative"] = [MISSING]
        if not (payload.get("incident") or {}).get("types"):
            problems["incident.types"] = ["Give one or more incident types, each once."]
        address = ((payload.get("victims") or [{}])[0].get("address") or {})
        if address.get("postcode") == "NOT A POSTCODE":
            problems["victims.0.address.postcode"] = ["Not a valid UK postcode."]
        if problems:
            raise ValidationFailed("report is invalid", problems)
        return copy.deepcopy(r.RECEIPT)

    def get_report(self, report_id: str) -> Payload:
        if report_id != "R-1":
            raise NotFound("no report")
        return copy.deepcopy(r.REPORT)

    def list_reports(self, filters: Payload, cursor: str | None = None) -> Payload:
        self.owner.calls.append(("list_reports", (filters, cursor)))
        line = {**r.REPORT_LINE, "report_id": "R-2" if cursor else "R-1"}
        return {"reports": [line], "next_cursor": None if cursor else "page-2"}


class FakeCases(_Fake):
    def case_detail(self, case_id: str) -> Payload:
        if case_id == "C-other-stream":
            raise Forbidden("this case is in a stream you may not see")
        if case_id not in ("C-1", "C-closed"):
            raise NotFound("no case")
        case = copy.deepcopy(r.CASE)
        if case_id == "C-closed":
            case.update(case_id="C-closed", status="closed", closed_at=r.OPENED, outcome="resolved",
                        survey={"question": "How satisfied ...", "status": "sent", "created_at": r.OPENED,
                                "reason": None, "answered_at": None, "recorded_by": None, "tp12": None,
                                "kept_informed": None, "feels_safer": None, "comments": None})
        return case

    def case_for_report(self, report_id: str) -> Payload | None:
        return {"report_id": report_id, "outcome": "opened", "case_id": "C-1", "withdrawn": False}

    def my_cases(self, status: str = "open", limit: int = 200) -> list[Payload]:
        return [dict(r.SUMMARY), {**r.SUMMARY, "case_id": "C-2", "first_contact_due_at": r.LATER,
                                  "community_trigger_at": None}]

    def team_queue(self, limit: int = 200) -> Payload:
        return {"team": "north", "unallocated": [{**r.SUMMARY, "case_id": "C-3", "officer_id": None}],
                "work_items": [dict(r.WORK_ITEM)], "pending_approvals": [copy.deepcopy(r.APPROVAL)]}

    def overdue_work(self, limit: int = 200) -> list[Payload]:
        return [{"case_id": "C-1", "stream": "general_needs", "team": "north", "officer_id": "o-north",
                 "what": "first_contact", "due_at": r.PAST, "ref_id": None}]

    def list_staff(self, team: str | None = None, training_overdue_only: bool = False) -> list[Payload]:
        return copy.deepcopy(r.STAFF)

    def allocate_case(self, case_id: str, payload: Payload) -> Payload:
        self._sent("allocate_case", case_id, payload)
        if payload.get("officer_id") == "untrained":
            raise Conflict("untrained is not trained in the harassment policy (policy section 4)")
        return dict(r.SUMMARY)

    def record_officer_preference(self, case_id: str, payload: Payload) -> Payload:
        self._sent("record_officer_preference", case_id, payload)
        _require(payload, "preference")
        return dict(r.SUMMARY)

    def assess_risk(self, case_id: str, payload: Payload) -> Payload:
        self._sent("assess_risk", case_id, payload)
        factors = payload.get("factors") or {}
        missing = {f"factors.{name}": ["Score each factor 0, 1, 2 or 3."] for name in r.RISK["factors"]
                   if name not in factors}
        if missing:
            raise ValidationFailed("risk assessment is invalid", missing)
        return dict(r.RISK)

    def propose_classification(self, case_id: str, payload: Payload) -> Payload:
        self._sent("propose_classification", case_id, payload)
        _require(payload, "rationale")
        return {"case": dict(r.SUMMARY), "approval": copy.deepcopy(r.APPROVAL), "applied": False}

    def choose_update_frequency(self, case_id: str, payload: Payload) -> Payload:
        self._sent("choose_update_frequency", case_id, payload)
        _require(payload, "every_working_days")
        return dict(r.SUMMARY)

    def record_contact(self, case_id: str, payload: Payload) -> Payload:
        self._sent("record_contact", case_id, payload)
        _require(payload, "summary")
        return dict(r.CASE["contacts"][0])

    def add_support_action(self, case_id: str, payload: Payload) -> Payload:
        self._sent("add_support_action", case_id, payload)
        _require(payload, "action_type", "description")
        return dict(r.ACTION)

    def record_action_agreement(self, case_id: str, action_id: str, payload: Payload) -> Payload:
        self._sent("record_action_agreement", case_id, action_id, payload)
        _require(payload, "agreement")
        return dict(r.ACTION)

    def complete_action(self, case_id: str, action_id: str, payload: Payload) -> Payload:
        self._sent("complete_action", case_id, action_id, payload)
        return {**r.ACTION, "status": "completed"}

    def cancel_action(self, case_id: str, action_id: str, payload: Payload) -> Payload:
        self._sent("cancel_action", case_id, action_id, payload)
        _require(payload, "reason")
        return {**r.ACTION, "status": "cancelled"}

    def propose_perpetrator_action(self, case_id: str, payload: Payload) -> Payload:
        self._sent("propose_perpetrator_action", case_id, payload)
        _require(payload, "remedy", "victim_view")
        return copy.deepcopy(r.REMEDY)

    def progress_perpetrator_action(self, case_id: str, action_id: str, payload: Payload) -> Payload:
        self._sent("progress_perpetrator_action", case_id, action_id, payload)
        if payload.get("status") == "granted":
            raise Conflict("perpetrator action PA-1 cannot go from proposed to granted")
        return copy.deepcopy(r.REMEDY)

    def record_review(self, case_id: str, payload: Payload) -> Payload:
        self._sent("record_review", case_id, payload)
        _require(payload, "kind", "notes")
        return {"review_id": "RV-1", "kind": payload["kind"], "reviewed_at": r.OPENED, "reviewer_id": "s-north",
                "officer_id": "o-north", "due_at": r.LATER, "on_time": True, "risk_level": "medium",
                "assessment_id": None, "notes": payload["notes"], "next_steps": None}

    def request_closure(self, case_id: str, payload: Payload) -> Payload:
        self._sent("request_closure", case_id, payload)
        _require(payload, "outcome", "note")
        if not all((payload.get("checklist") or {}).values()):
            raise ValidationFailed("closure is invalid", {"checklist.victim_told": [
                "Confirm this before asking to close the case."]})
        return copy.deepcopy(r.APPROVAL)

    def decide_approval(self, approval_id: str, payload: Payload) -> Payload:
        self._sent("decide_approval", approval_id, payload)
        if payload.get("decision") not in ("approve", "reject"):
            raise ValidationFailed("decision is invalid", {"decision": ["Must be one of: approve, reject."]})
        if payload["decision"] == "reject" and not payload.get("note"):
            raise ValidationFailed("decision is invalid", {"note": ["Say why the request is rejected."]})
        return {**r.APPROVAL, "approval_id": approval_id, "status": "approved"}

    def withdraw_approval(self, approval_id: str) -> Payload:
        self._sent("withdraw_approval", approval_id)
        return {**r.APPROVAL, "status": "withdrawn"}

    def record_survey_answers(self, case_id: str, payload: Payload) -> Payload:
        self._sent("record_survey_answers", case_id, payload)
        if not payload.get("declined") and not payload.get("tp12"):
            raise ValidationFailed("survey is invalid", {"tp12": [
                "Record the answer to the TP12 question, or that the tenant declined."]})
        return {"question": "How satisfied ...", "status": "answered", "created_at": r.OPENED, "reason": None,
                "answered_at": r.OPENED, "recorded_by": "o-north", "tp12": payload.get("tp12"),
                "kept_informed": None, "feels_safer": None, "comments": None}

    def resolve_work_item(self, item_id: str, payload: Payload) -> Payload:
        self._sent("resolve_work_item", item_id, payload)
        _require(payload, "note")
        return dict(r.WORK_ITEM)


class FakeRepairs(_Fake):
    def jobs_for_case(self, case_id: str) -> list[Payload]:
        return [{**r.JOB, "case_id": case_id, "status": "completed", "target": "completed_in_time",
                 "target_met": True}]

    def board(self, state: str, offset: int = 0, contractor: str | None = None) -> tuple[list[Payload], bool]:
        self.owner.calls.append(("board", (state, offset, contractor)))
        return [{**r.JOB, "job_id": f"J-{state}-{offset}"}], offset == 0

    def get_job(self, job_id: str) -> Payload:
        if job_id != "J-1":
            raise NotFound("no job")
        return copy.deepcopy(r.JOB_DETAIL)

    def reassign_job(self, job_id: str, command: Payload) -> Payload:
        self._sent("reassign_job", job_id, command)
        _require(command, "reason")
        return copy.deepcopy(r.JOB_DETAIL)

    def cancel_job(self, job_id: str, command: Payload) -> Payload:
        self._sent("cancel_job", job_id, command)
        _require(command, "reason")
        return {**copy.deepcopy(r.JOB_DETAIL), "status": "cancelled"}

    def record_contractor_update(self, job_id: str, update: Payload) -> Payload:
        self._sent("record_contractor_update", job_id, update)
        _require(update, "status", "at")
        if update["status"] in ("rejected", "no_access") and not update.get("reason"):
            raise ValidationFailed("update is invalid", {"reason": ["Required."]})
        return {"job_id": job_id, "status": update["status"], "outcome": "applied", "duplicate": False}

    def contractor_directory(self) -> list[Payload]:
        return [dict(r.CONTRACTOR)]


class FakeReferrals(_Fake):
    def partners(self) -> list[Payload]:
        return [copy.deepcopy(r.PARTNER)]

    def sharing_catalogue(self) -> Payload:
        return copy.deepcopy(r.CATALOGUE)

    def consents(self, case_id: str) -> list[Payload]:
        return [dict(r.CONSENT)] if case_id == "C-1" else []

    def record_consent(self, payload: Payload) -> list[Payload]:
        self._sent("record_consent", payload)
        _require(payload, "partners", "purposes", "data_categories", "how")
        return [dict(r.CONSENT)]

    def withdraw_consent(self, payload: Payload) -> list[Payload]:
        self._sent("withdraw_consent", payload)
        _require(payload, "how")
        return [{**r.CONSENT, "version": 2, "status": "withdrawn", "withdrawn_at": r.OPENED}]

    def referrals(self, case_id: str) -> list[Payload]:
        return [copy.deepcopy(r.REFERRAL)] if case_id == "C-1" else []

    def referral(self, referral_id: str) -> Payload:
        if referral_id != "RF-1":
            raise NotFound("no referral")
        return copy.deepcopy(r.REFERRAL_DETAIL)

    def request_referral(self, payload: Payload) -> Payload:
        self._sent("request_referral", payload)
        _require(payload, "partner", "purpose", "data_categories")
        if payload["case_id"] != "C-1":
            raise ConsentRefused("no valid consent covers this partner, purpose and data", "no_consent")
        return {k: v for k, v in r.REFERRAL.items() if k not in ("response", "decided_within_target")}

    def revoke_referral(self, payload: Payload) -> Payload:
        self._sent("revoke_referral", payload)
        _require(payload, "reason")
        return {**{k: v for k, v in r.REFERRAL.items() if k not in ("response", "decided_within_target")},
                "status": "revoked"}

    def referral_board(self, partner: str | None = None) -> Payload:
        return {"referrals": [copy.deepcopy(r.REFERRAL)],
                "by_partner": {"reference-support": {"green": 1, "amber": 0, "red": 0, "no_target": 0}}}

    def disclosures(self, query: Payload, after: int = 0) -> tuple[list[Payload], int | None]:
        self.owner.calls.append(("disclosures", (query, after)))
        return [{**r.DISCLOSURE, "seq": after + 1}], (after + 1 if after == 0 else None)


class FakeReporting(_Fake):
    def indicators(self, period: str | None = None, stream: str | None = None) -> Payload:
        if period == "2099-00":
            raise ValidationFailed("the period is not one reporting knows", {"period": ["No such year."]})
        return copy.deepcopy(r.INDICATORS)

    def hot_spots(self, period: str, stream: str | None = None, level: str = "sector",
                  incidents: str = "all") -> Payload:
        self.owner.calls.append(("hot_spots", (period, stream, level, incidents)))
        return {**copy.deepcopy(r.HOT_SPOTS), "period": period, "level": level, "incidents": incidents}

    def packs(self, kind: str | None = None) -> list[Payload]:
        return [copy.deepcopy(r.PACK)]

    def generate_pack(self, kind: str, period: str | None = None) -> Payload:
        self._sent("generate_pack", kind, period)
        if period == "2026-27":
            raise ValidationFailed("the period does not suit this pack",
                                   {"period": ["this pack covers a quarter, such as 2026-27-Q1"]})
        return copy.deepcopy(r.PACK)

    def export_incidents(self, period: str, format: str = "csv") -> Payload:  # noqa: A002
        self._sent("export_incidents", period, format)
        return {**r.ARTEFACT, "name": "incidents-2026-27-Q1.csv", "media_type": "text/csv", "kind": "export"}

    def document(self, artefact_id: str) -> tuple[Payload, Iterator[bytes]]:
        return {**r.ARTEFACT, "name": "quarterly pack.pdf"}, iter([b"%PDF-", b"1.7"])


class FakeServices:
    """What a page gets as ``ctx.services``; ``sent`` lists (method, payload) of every command."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, Any]] = []
        self.calls: list[tuple[str, Any]] = []
        self.callers: list[Any] = []
        self.intake = FakeIntake(self)
        self.cases = FakeCases(self)
        self.repairs = FakeRepairs(self)
        self.referrals = FakeReferrals(self)
        self.reporting = FakeReporting(self)
