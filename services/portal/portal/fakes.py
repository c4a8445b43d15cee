"""Fake service ports for the portal's unit tests: the same methods as ``portal.clients``, answering
from memory, recording what the pages sent, and refusing the way the services refuse."""

from __future__ import annotations

from typing import Any

from hcs.errors import Forbidden, NotFound, ValidationFailed

CASE = {
    "case_id": "C-1", "stream": "general_needs", "status": "open", "team": "north", "officer_id": "o-north",
    "opened_at": "2026-03-02T10:00:00+00:00", "hate_incident": True, "strands": ["race"], "risk_level": "high",
    "risk_provisional": False, "first_contact_due_at": "2020-01-01T09:00:00+00:00", "first_contact_at": None,
    "next_update_due_at": None, "report_ids": ["R-1"],
    "original_perception": {"strands": ["race"], "perceived_by": "victim"},
    "support_actions": [{"action_id": "A-1", "action_type": "damage_repair", "description": "Remove the graffiti",
                         "status": "proposed", "agreement": None}],
    "perpetrator_actions": [], "contacts": [], "risk_assessments": [], "reviews": [], "approvals": [],
    "timeline": [{"at": "2026-03-02T10:00:00+00:00", "kind": "case_opened", "summary": "Opened from R-1",
                  "actor": "system:cases"}],
}


class FakeIntake:
    def __init__(self, owner: FakeServices) -> None:
        self.owner = owner

    def submit_report(self, payload: dict[str, Any]) -> dict[str, Any]:
        self.owner.sent.append(("submit_report", payload))
        problems: dict[str, list[str]] = {}
        if not (payload.get("incident") or {}).get("narrative"):
            problems["incident.narrative"] = ["Missing data for required field."]
        if not (payload.get("incident") or {}).get("types"):
            problems["incident.types"] = ["Give one or more incident types, each once."]
        address = ((payload.get("victims") or [{}])[0].get("address") or {})
        if address.get("postcode") == "NOT A POSTCODE":
            problems["victims.0.address.postcode"] = ["Not a valid UK postcode."]
        if problems:
            raise ValidationFailed("report is invalid", problems)
        return {"report_id": "R-1", "duplicate_submission": False,
                "triage": {"outcome": "hate_incident", "reasons": ["perceived as racist by the victim"],
                           "flags": ["repair_needed"], "strands": ["race"]}}

    def get_report(self, report_id: str) -> dict[str, Any]:
        if report_id != "R-1":
            raise NotFound("no report")
        return {"report_id": "R-1", "received_at": "2026-03-02T10:00:00+00:00", "channel": "phone",
                "stream": "general_needs", "triage": {"outcome": "hate_incident", "reasons": ["perceived as racist"],
                                                      "flags": [], "strands": ["race"]}}


class FakeCases:
    def __init__(self, owner: FakeServices) -> None:
        self.owner = owner

    def case_detail(self, case_id: str) -> dict[str, Any]:
        if case_id == "C-other-stream":
            raise Forbidden("this case is in a stream you may not see")
        if case_id != "C-1":
            raise NotFound("no case")
        return CASE

    def case_for_report(self, report_id: str) -> dict[str, Any] | None:
        return {"case_id": "C-1", "outcome": "opened"}

    def my_cases(self, status: str = "open") -> list[dict[str, Any]]:
        return [CASE, {**CASE, "case_id": "C-2", "first_contact_due_at": "2999-01-01T09:00:00+00:00"}]

    def team_queue(self) -> dict[str, Any]:
        return {"team": "north", "unallocated": [], "work_items": [],
                "pending_approvals": [{"approval_id": "AP-1", "case_id": "C-1", "kind": "closure",
                                       "status": "pending", "requested_by": "o-north",
                                       "requested_at": "2026-03-02T10:00:00+00:00",
                                       "request": {"outcome": "resolved", "note": "Graffiti gone"}}]}

    def overdue_work(self) -> list[dict[str, Any]]:
        return [{"case_id": "C-1", "what": "first_contact", "due_at": "2020-01-01T09:00:00+00:00"}]

    def record_contact(self, case_id: str, payload: dict[str, Any]) -> dict[str, Any]:
        self.owner.sent.append(("record_contact", payload))
        if not payload.get("summary"):
            raise ValidationFailed("contact is invalid", {"summary": ["Missing data for required field."]})
        return {"contact_id": "K-1"}

    def decide_approval(self, approval_id: str, payload: dict[str, Any]) -> dict[str, Any]:
        self.owner.sent.append(("decide_approval", payload))
        if payload.get("decision") not in ("approve", "reject"):
            raise ValidationFailed("decision is invalid", {"decision": ["Must be one of: approve, reject."]})
        return {"approval_id": approval_id, "status": "approved"}

    def __getattr__(self, name: str) -> Any:
        def record(*args: Any) -> dict[str, Any]:
            self.owner.sent.append((name, args[-1]))
            return {}

        return record


class FakeRepairs:
    def jobs_for_case(self, case_id: str) -> list[dict[str, Any]]:
        return [{"job_id": "J-1", "case_id": case_id, "description": "offensive graffiti", "status": "completed",
                 "contractor": "reference", "target_at": "2026-03-03T10:00:00+00:00", "target": "completed_in_time"}]

    def board(self, state: str) -> list[dict[str, Any]]:
        return [{"job_id": f"J-{state}", "case_id": "C-1", "job_type": "graffiti_removal", "description": "graffiti",
                 "status": "dispatched", "target_at": "2026-03-03T10:00:00+00:00", "target": "running",
                 "address": {"postcode": "E1 6AN"}}]

    def contractor_directory(self) -> list[dict[str, Any]]:
        return [{"name": "reference", "display_name": "Reference Repairs", "trades": ["general"], "areas": ["E1"],
                 "hours": "24/7", "emergency_cover": True, "capacity": 10, "open_jobs": 1}]


class FakeReferrals:
    def __init__(self, owner: FakeServices) -> None:
        self.owner = owner

    def partners(self) -> list[dict[str, Any]]:
        return [{"code": "reference-support", "name": "Reference Victim Support", "kind": "victim_support",
                 "delivery": "webhook", "active": True,
                 "agreement": {"lawful_basis": "consent", "retention_days": 365, "acknowledge_within_hours": 24,
                               "respond_within_hours": 72, "purposes": {"support": ["case.reference"]}}}]

    def consents(self, case_id: str) -> list[dict[str, Any]]:
        return []

    def referrals(self, case_id: str) -> list[dict[str, Any]]:
        return []

    def record_consent(self, payload: dict[str, Any]) -> list[dict[str, Any]]:
        self.owner.sent.append(("record_consent", payload))
        return []

    def request_referral(self, payload: dict[str, Any]) -> dict[str, Any]:
        self.owner.sent.append(("request_referral", payload))
        error = Forbidden("no valid consent covers this partner, purpose and data")
        error.code = "consent_refused"
        raise error


class FakeReporting:
    def indicators(self, period: str | None = None, stream: str | None = None) -> dict[str, Any]:
        return {"period": "2026-27-Q1", "period_title": "April to June 2026", "streams": ["general_needs",
                                                                                       "care_support"],
                "suppressed": False, "indicators": [
                    {"name": "reports_received", "title": "Reports received", "definition": "Reports received.",
                     "by_stream": {"general_needs": 3, "care_support": 1}, "total": 4, "rows": []},
                    {"name": "hate_incidents", "title": "Hate incidents by strand", "definition": "By strand.",
                     "by_stream": {"general_needs": 2, "care_support": 0}, "total": 2,
                     "rows": [{"key": "race", "label": "Race", "part_of": "hate", "total": {"value": 2}}]}]}

    def hot_spots(self, period: str, stream: str | None = None, level: str = "sector") -> dict[str, Any]:
        return {"period": period, "previous_period": "2025-26-Q4", "level": level,
                "areas": [{"rank": 1, "area": "E1 6", "incidents": {"shown": "3"}, "previous": {"shown": "1"},
                           "change": 2}], "months": [202601, 202602], "heat": [[1, 2]]}

    def packs(self) -> list[dict[str, Any]]:
        return [{"pack_id": "P-1", "kind": "quarterly", "period": "2026-27-Q1", "title": "Quarterly indicators",
                 "audience": "Operations Director",
                 "files": [{"artefact_id": "0b0c0c0c-0000-4000-8000-000000000001", "name": "quarterly.pdf",
                            "size": 2048}]}]

    def generate_pack(self, kind: str, period: str | None = None) -> dict[str, Any]:
        return {"title": "Quarterly indicators", "period": "2026-27-Q1"}

    def document(self, artefact_id: str) -> tuple[dict[str, Any], Any]:
        return {"name": "quarterly pack.pdf", "media_type": "application/pdf"}, iter([b"%PDF-", b"1.7"])


class FakeServices:
    def __init__(self) -> None:
        self.sent: list[tuple[str, Any]] = []
        self.callers: list[Any] = []
        self.intake = FakeIntake(self)
        self.cases = FakeCases(self)
        self.repairs = FakeRepairs()
        self.referrals = FakeReferrals(self)
        self.reporting = FakeReporting()
