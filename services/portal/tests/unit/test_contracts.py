"""The portal's contract with the five services, checked against the services' own code so that the
client modules and the fakes the page tests use cannot drift from the real RPCs again:

1. every fake port has exactly the methods of its client, with the same parameters;
2. every call a client makes names a real ``@rpc`` entrypoint of that service and binds to its
   signature (inspected on the nameko service classes);
3. what each form page sends, through the real client modules, loads with the marshmallow schema
   the service loads that RPC's payload with;
4. every record the fakes answer with has only keys the services' view schemas dump.

The shapes the services build without a schema (indicators, hot spots, referral detail, catalogue)
are checked against the real services' answers by the browser test (``tests/e2e``).
"""

from __future__ import annotations

import inspect
from datetime import UTC, datetime
from typing import Any

import pytest
from marshmallow import Schema
from nameko.rpc import Rpc

from portal import fake_records as r
from portal import fakes
from portal.clients import (
    CasesClient,
    IntakeClient,
    ReferralsClient,
    RepairsClient,
    ReportingClient,
    services_over,
)
from portal.clients.port import Port


def service_classes() -> dict[str, Any]:
    from cases.service import CasesService
    from intake.service import IntakeService
    from referrals.service import ReferralsService
    from repairs.service import RepairsService
    from reporting.service import ReportingService

    return {"intake": IntakeService, "cases": CasesService, "repairs": RepairsService,
            "referrals": ReferralsService, "reporting": ReportingService}


PORTS = [(IntakeClient, fakes.FakeIntake), (CasesClient, fakes.FakeCases), (RepairsClient, fakes.FakeRepairs),
         (ReferralsClient, fakes.FakeReferrals), (ReportingClient, fakes.FakeReporting)]


def methods(cls: type) -> dict[str, Any]:
    return {name: fn for name, fn in vars(cls).items() if inspect.isfunction(fn) and not name.startswith("_")}


def parameters(fn: Any) -> list[tuple[str, Any, Any]]:
    return [(p.name, p.kind, p.default) for p in inspect.signature(fn).parameters.values()]


def rpc_entrypoints(service: Any) -> dict[str, Any]:
    return {name: fn for name, fn in inspect.getmembers(service, inspect.isfunction)
            if any(isinstance(e, Rpc) for e in getattr(fn, "nameko_entrypoints", ()))}


# 1 -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("client", "fake"), PORTS, ids=[c.service for c, _ in PORTS])
def test_each_fake_has_the_clients_methods_with_the_same_parameters(client, fake):
    real, faked = methods(client), methods(fake)
    assert sorted(faked) == sorted(real), "the fake and the client offer different methods"
    for name, fn in real.items():
        assert parameters(faked[name]) == parameters(fn), f"{fake.__name__}.{name} differs from the client"


# 2 -----------------------------------------------------------------------------------------------
class Recorder:
    """A ``Call`` that records each RPC and answers it from ``fake_records.RPC_ANSWERS``."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, tuple[Any, ...], dict[str, Any]]] = []

    def __call__(self, service: str, method: str, *args: Any, **kwargs: Any) -> Any:
        import copy

        self.calls.append((service, method, args, kwargs))
        return copy.deepcopy(r.RPC_ANSWERS.get((service, method), {}))


NAMED = {"state": "open", "level": "cluster", "incidents": "racist", "format": "json", "kind": "annual",
         "period": "2026-27-Q1", "artefact_id": "0b0c0c0c-0000-4000-8000-000000000001"}


def sample(name: str, annotation: str) -> Any:
    if name in NAMED:
        return NAMED[name]
    if annotation.startswith("str"):
        return "X-1"
    if annotation.startswith(("Payload", "dict")):
        return {"case_id": "C-1"}
    return {"int": 0, "bool": False}[annotation]


def calls_of(client_cls: type[Port], name: str) -> list[tuple[str, str, tuple[Any, ...], dict[str, Any]]]:
    """The RPCs ``client_cls.name`` makes with only its required arguments, and with all of them."""
    recorder = Recorder()
    method = getattr(client_cls(recorder), name)
    params = list(inspect.signature(method).parameters.values())
    required = [sample(p.name, str(p.annotation)) for p in params if p.default is inspect.Parameter.empty]
    result = method(*required)
    if inspect.isgenerator(result) or (isinstance(result, tuple) and inspect.isgenerator(result[-1])):
        list(result[-1])
    method(*[sample(p.name, str(p.annotation)) for p in params])
    return recorder.calls


CLIENT_METHODS = [(client, name) for client, _ in PORTS for name in methods(client)]


@pytest.mark.parametrize(("client", "name"), CLIENT_METHODS, ids=[f"{c.service}.{n}" for c, n in CLIENT_METHODS])
def test_each_client_method_calls_a_real_rpc_with_arguments_it_takes(client, name):
    entrypoints = rpc_entrypoints(service_classes()[client.service])
    calls = calls_of(client, name)
    assert calls, f"{client.__name__}.{name} calls no RPC"
    for service, method, args, kwargs in calls:
        assert service == client.service
        assert method in entrypoints, f"{service} has no RPC {method}"
        inspect.signature(entrypoints[method]).bind(None, *args, **kwargs)  # TypeError if it does not fit


def test_every_rpc_the_portal_answers_from_the_fake_records_exists():
    classes = service_classes()
    for service, method in r.RPC_ANSWERS:
        assert method in rpc_entrypoints(classes[service]), f"{service}.{method}"


# 3 -----------------------------------------------------------------------------------------------
def payload_schemas() -> dict[tuple[str, str], Schema]:
    from cases import schemas as cs
    from intake.schemas import report as intake_report
    from intake.schemas import requests as intake_requests
    from referrals import schemas as fs
    from repairs import schemas as rs
    from reporting import schemas as ps

    return {
        ("intake", "submit_report"): intake_report.ReportSchema(now=datetime.now(UTC)),
        ("intake", "list_reports"): intake_requests.ListFilterSchema(),
        ("cases", "my_cases"): cs.ListSchema(), ("cases", "team_queue"): cs.ListSchema(),
        ("cases", "overdue_work"): cs.ListSchema(), ("cases", "list_staff"): cs.ListSchema(),
        ("cases", "allocate_case"): cs.AllocateSchema(), ("cases", "record_officer_preference"): cs.PreferenceSchema(),
        ("cases", "assess_risk"): cs.RiskSchema(), ("cases", "propose_classification"): cs.ClassificationSchema(),
        ("cases", "choose_update_frequency"): cs.UpdateFrequencySchema(),
        ("cases", "record_contact"): cs.ContactSchema(),
        ("cases", "add_support_action"): cs.ActionSchema(), ("cases", "record_action_agreement"): cs.AgreementSchema(),
        ("cases", "complete_action"): cs.NoteSchema(), ("cases", "cancel_action"): cs.ReasonSchema(),
        ("cases", "propose_perpetrator_action"): cs.RemedySchema(),
        ("cases", "progress_perpetrator_action"): cs.ProgressSchema(), ("cases", "record_review"): cs.ReviewSchema(),
        ("cases", "request_closure"): cs.ClosureSchema(), ("cases", "decide_approval"): cs.DecisionSchema(),
        ("cases", "record_survey_answers"): cs.SurveySchema(),
        ("cases", "resolve_work_item"): cs.RequiredNoteSchema(),
        ("repairs", "list_jobs"): rs.ListJobsSchema(), ("repairs", "reassign_job"): rs.ReassignSchema(),
        ("repairs", "cancel_job"): rs.CancelSchema(), ("repairs", "record_contractor_update"): rs.StaffUpdateSchema(),
        ("referrals", "record_consent"): fs.ConsentSchema(), ("referrals", "withdraw_consent"): fs.WithdrawalSchema(),
        ("referrals", "request_referral"): fs.ReferralRequestSchema(),
        ("referrals", "revoke_referral"): fs.RevokeSchema(),
        ("referrals", "referral_board"): fs.BoardQuerySchema(),
        ("referrals", "list_disclosures"): fs.DisclosureQuerySchema(),
        ("reporting", "get_indicators"): ps.IndicatorQuerySchema(),
        ("reporting", "get_hot_spots"): ps.HotSpotQuerySchema(),
        ("reporting", "generate_pack"): ps.PackRequestSchema(), ("reporting", "list_packs"): ps.ListPacksSchema(),
        ("reporting", "export_incidents"): ps.ExportRequestSchema(),
        ("reporting", "get_artefact"): ps.ArtefactRequestSchema(),
    }


WHEN = "2026-03-02T21:30"
RISK_FORM = {f"factors.{f}": "2" for f in ("victim_vulnerability", "harm", "repeat", "threats", "household_impact")}
FORMS: list[tuple[str, str, dict[str, Any], tuple[str, str]]] = [
    ("officer", "/reports", {"channel": "phone", "stream": "general_needs", "reporter.role": "victim",
                             "victims.0.name": "Ada Example", "victims.0.contact": "07700 900123",
                             "victims.0.address.postcode": "E1 6AN", "victims.0.address.uprn": "100023336956",
                             "victims.0.vulnerabilities": "deaf", "victims.0.interpreter_needed": "no",
                             "incident.occurred_at": WHEN, "incident.types": ["graffiti", "damage_to_property"],
                             "incident.location_type": "home", "incident.narrative": "Racist graffiti on the door.",
                             "perception.strands": "race", "perception.perceived_by": "victim",
                             "perpetrators.0.known": "no", "perpetrators.0.description": "Two teenagers",
                             "police.informed": "yes", "police.crime_reference": "CR/1", "household.size": "3",
                             "damage.description": "offensive graffiti", "damage.location": "front door",
                             "officer_offer.offered": "yes", "officer_offer.answer": "same_sex",
                             "contact_consent": "yes"}, ("intake", "submit_report")),
    ("officer", "/cases/C-1/contacts/new", {"kind": "phone", "party": "victim", "direction": "outbound",
                                            "successful": "yes", "contacted_at": WHEN, "summary": "Spoke to Ada"},
     ("cases", "record_contact")),
    ("officer", "/cases/C-1/actions/new", {"action_type": "damage_repair", "description": "Remove graffiti",
                                           "due_at": WHEN, "agreement": "agreed", "job_type": "graffiti_removal",
                                           "location": "front door"}, ("cases", "add_support_action")),
    ("officer", "/cases/C-1/actions/A-1/agreement", {"agreement": "agreed", "note": "Yes please"},
     ("cases", "record_action_agreement")),
    ("officer", "/cases/C-1/actions/A-1/complete", {"note": "Done"}, ("cases", "complete_action")),
    ("officer", "/cases/C-1/actions/A-1/cancel", {"reason": "No longer wanted"}, ("cases", "cancel_action")),
    ("officer", "/cases/C-1/perpetrator-actions/new", {"remedy": "warning_letter", "victim_view": "agreed",
                                                       "reason": "Graffiti"}, ("cases", "propose_perpetrator_action")),
    ("senior", "/cases/C-1/perpetrator-actions/PA-1/progress", {"status": "approved", "at": WHEN, "note": "OK",
                                                                "expires_on": "2027-01-01"},
     ("cases", "progress_perpetrator_action")),
    ("officer", "/cases/C-1/risk", {**RISK_FORM, "notes": "Scared to go out"}, ("cases", "assess_risk")),
    ("officer", "/cases/C-1/classification", {"hate_incident": "yes", "strands": ["race", "religion"],
                                              "rationale": "The victim also perceived religious hostility"},
     ("cases", "propose_classification")),
    ("officer", "/cases/C-1/updates", {"every_working_days": "5"}, ("cases", "choose_update_frequency")),
    ("officer", "/cases/C-1/preference", {"preference": "same_sex", "match.sex": "female"},
     ("cases", "record_officer_preference")),
    ("senior", "/cases/C-1/allocation", {"officer_id": "o-north", "note": "Same patch"}, ("cases", "allocate_case")),
    ("senior", "/cases/C-1/reviews/new", {"kind": "officer_senior", **RISK_FORM, "notes": "Reviewed",
                                          "next_steps": "Visit"}, ("cases", "record_review")),
    ("officer", "/cases/C-1/work-items/W-1/resolve", {"note": "Done"}, ("cases", "resolve_work_item")),
    ("officer", "/cases/C-1/closure", {"outcome": "resolved", "checklist.victim_told": "yes",
                                       "checklist.actions_ended": "yes", "checklist.referrals_closed": "yes",
                                       "note": "Resolved"}, ("cases", "request_closure")),
    ("senior", "/approvals/AP-1", {"decision": "approve", "note": "Agreed"}, ("cases", "decide_approval")),
    ("officer", "/cases/C-1/survey", {"tp12": "fairly_satisfied", "kept_informed": "yes", "feels_safer": "no",
                                      "comments": "Thank you"}, ("cases", "record_survey_answers")),
    ("officer", "/cases/C-1/consent", {"partners": "reference-support", "purposes": "victim_support_referral",
                                       "data_categories": ["case", "contact"], "withhold": "victim.contact",
                                       "how": "verbal", "given_at": WHEN}, ("referrals", "record_consent")),
    ("officer", "/cases/C-1/consent/withdraw", {"partners": "*", "how": "written"}, ("referrals", "withdraw_consent")),
    ("officer", "/cases/C-1/consent/withdraw", {"partners": "reference-support", "how": "verbal",
                                                "withdrawn_at": WHEN}, ("referrals", "withdraw_consent")),
    ("officer", "/cases/C-1/referrals/new", {"partner": "reference-support", "purpose": "victim_support_referral",
                                             "data_categories": "case"}, ("referrals", "request_referral")),
    ("officer", "/referrals/RF-1/revoke", {"reason": "victim_request"}, ("referrals", "revoke_referral")),
    ("officer", "/repairs/jobs/J-1/reassign", {"contractor": "reference", "reason": "Not answering"},
     ("repairs", "reassign_job")),
    ("officer", "/repairs/jobs/J-1/reassign", {"reason": "Not answering"}, ("repairs", "reassign_job")),
    ("officer", "/repairs/jobs/J-1/cancel", {"reason": "Raised twice"}, ("repairs", "cancel_job")),
    ("officer", "/repairs/jobs/J-1/update", {"status": "made_safe", "at": WHEN, "notes": "Boarded",
                                             "photos.0.ref": "crm://1/before.jpg", "photos.0.stage": "before"},
     ("repairs", "record_contractor_update")),
    ("officer", "/repairs/jobs/J-1/update", {"status": "no_access", "at": WHEN, "reason": "no_answer"},
     ("repairs", "record_contractor_update")),
    ("manager", "/packs", {"kind": "quarterly", "period": "2026-27-Q1"}, ("reporting", "generate_pack")),
    ("director", "/packs/export", {"period": "2026-27-Q1", "format": "json"}, ("reporting", "export_incidents")),
]
READS: list[tuple[str, str, tuple[str, str]]] = [
    ("officer", "/reports?stream=general_needs&triage=hate_incident&from=2026-04-01", ("intake", "list_reports")),
    ("officer", "/cases?status=closed", ("cases", "my_cases")), ("senior", "/team", ("cases", "team_queue")),
    ("senior", "/staff?training=overdue", ("cases", "list_staff")),
    ("officer", "/repairs?state=at_risk&offset=50", ("repairs", "list_jobs")),
    ("officer", "/referrals?partner=reference-support", ("referrals", "referral_board")),
    ("dpo", "/disclosures?partner=reference-support&since=2026-04-01&after=3", ("referrals", "list_disclosures")),
    ("senior", "/indicators?period=2026-27-Q1&stream=care_support", ("reporting", "get_indicators")),
    ("senior", "/hot-spots?period=2026-27-Q1&level=cluster&incidents=racist", ("reporting", "get_hot_spots")),
    ("manager", "/packs?kind=annual", ("reporting", "list_packs")),
    ("manager", "/packs/files/0b0c0c0c-0000-4000-8000-000000000001", ("reporting", "get_artefact")),
]


@pytest.fixture
def recorded_portal(browser_over):
    """The portal over the real client modules, whose RPCs are recorded and answered from records."""
    recorder = Recorder()
    return browser_over(services_over(recorder)), recorder


def sent(recorder: Recorder, rpc: tuple[str, str]) -> list[dict[str, Any]]:
    """The payloads of each call of ``rpc``: its dict argument, or its keyword arguments."""
    out = []
    for service, method, args, kwargs in recorder.calls:
        if (service, method) == rpc:
            dicts = [a for a in args if isinstance(a, dict)]
            out.append(dicts[-1] if dicts else kwargs)
    return out


@pytest.mark.parametrize(("who", "path", "form", "rpc"), FORMS, ids=[f"{p} {rpc[1]}" for _, p, _, rpc in FORMS])
def test_what_each_form_sends_is_what_the_service_loads(recorded_portal, who, path, form, rpc):
    browser, recorder = recorded_portal
    browser.sign_in(who)
    browser.get(path if path not in ("/reports", "/approvals/AP-1", "/packs/export") else
                {"/reports": "/reports/new", "/approvals/AP-1": "/supervision", "/packs/export": "/packs"}[path])
    response = browser.post(path, {"idempotency_key": "portal-0123456789", **form})
    assert response.status_code in (302, 303), response.get_data(as_text=True)[:3000]
    payloads = sent(recorder, rpc)
    assert payloads, f"{path} did not call {rpc}"
    for payload in payloads:
        payload_schemas()[rpc].load(payload)  # raises ValidationError if the service would refuse it


@pytest.mark.parametrize(("who", "path", "rpc"), READS, ids=[p for _, p, _ in READS])
def test_what_each_list_asks_for_is_what_the_service_loads(recorded_portal, who, path, rpc):
    browser, recorder = recorded_portal
    browser.sign_in(who)
    response = browser.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)[:3000]
    payloads = sent(recorder, rpc)
    assert payloads
    for payload in payloads:
        if rpc == ("repairs", "list_jobs"):
            payload = {k: v for k, v in payload.items() if k != "case_id"}
        payload_schemas()[rpc].load(payload)


# 4 -----------------------------------------------------------------------------------------------
def dumped(schema: type[Schema]) -> set[str]:
    return set(schema().fields)


def view_checks() -> list[tuple[str, dict[str, Any], set[str]]]:
    from cases import views as cv
    from intake.schemas import views as iv
    from referrals import views as fv
    from repairs import views as rv
    from reporting import schemas as pv

    case_keys = dumped(cv.CaseSchema) | dumped(cv.CaseDetailSchema) - {"case"} | {"preference_match"}
    referral_keys = dumped(fv.ReferralSchema) | {"response", "decided_within_target"}
    return [
        ("case", r.CASE, case_keys), ("case summary", r.SUMMARY, dumped(cv.CaseSummarySchema)),
        ("risk", r.RISK, dumped(cv.RiskSchema)), ("action", r.ACTION, dumped(cv.ActionSchema)),
        ("remedy", r.REMEDY, dumped(cv.RemedySchema)), ("approval", r.APPROVAL, dumped(cv.ApprovalSchema)),
        ("work item", r.WORK_ITEM, dumped(cv.WorkItemSchema)), ("staff", r.STAFF[0], dumped(cv.StaffViewSchema)),
        ("contact", r.CASE["contacts"][0], dumped(cv.ContactSchema)),
        ("case report", r.CASE["reports"][0], dumped(cv.ReportSchema)),
        ("classification change", r.CASE["classification_history"][0], dumped(cv.ClassificationChangeSchema)),
        ("case referral", r.CASE["referrals"][0], dumped(cv.ReferralSchema)),
        ("case repair", r.CASE["repairs"][0], dumped(cv.RepairSchema)),
        ("timeline", r.CASE["timeline"][0], dumped(cv.TimelineSchema)),
        ("receipt", r.RECEIPT, dumped(iv.ReceiptSchema)), ("report", r.REPORT, dumped(iv.ReportViewSchema)),
        ("report line", r.REPORT_LINE, dumped(iv.ReportLineSchema)),
        ("job", r.JOB, dumped(rv.JobSummarySchema)), ("job detail", r.JOB_DETAIL, dumped(rv.JobDetailSchema)),
        ("job update", r.JOB_DETAIL["updates"][0], dumped(rv.UpdateSchema)),
        ("partner", r.PARTNER, dumped(fv.PartnerViewSchema)),
        ("agreement", r.AGREEMENT, dumped(fv.AgreementViewSchema)),
        ("consent", r.CONSENT, dumped(fv.ConsentViewSchema)), ("referral", r.REFERRAL, referral_keys),
        ("disclosure", r.DISCLOSURE, dumped(fv.DisclosureViewSchema)),
        ("pack", r.PACK, dumped(pv.PackManifestSchema)), ("artefact", r.ARTEFACT, dumped(pv.ArtefactSchema)),
    ]


def test_every_fake_record_has_only_keys_the_services_send():
    for what, record, keys in view_checks():
        assert set(record) <= keys, f"{what}: {sorted(set(record) - keys)} are not in the service's view"


def test_every_field_and_category_name_in_the_fakes_is_in_referrals_catalogue():
    from referrals.domain.fields import CATEGORIES, FIELDS

    named = {f for fields in r.AGREEMENT["purposes"].values() for f in fields}
    named |= {f["name"] for f in r.CATALOGUE["fields"]} | set(r.DISCLOSURE["fields_sent"])
    named |= set(r.REFERRAL_DETAIL["fields_disclosed"]) | set(r.CONSENT["withheld_fields"])
    assert named <= set(FIELDS), sorted(named - set(FIELDS))
    categories = {c["code"] for c in r.CATALOGUE["categories"]} | set(r.CONSENT["data_categories"])
    assert categories <= set(CATEGORIES), sorted(categories - set(CATEGORIES))
