"""What cases does with intake's events: report_received, report_amended, report_withdrawn.
Each runs inside the inbox's unit of work, which commits (and records the event) afterwards."""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Any

from cases.domain.case import Case
from cases.domain.linking import IncomingReport, case_to_join
from cases.domain.reports import LINKED, OPENED, RECORDED, ReportRecord
from cases.domain.risk import assess, factors_from_reports
from cases.domain.staff import place
from cases.service_layer import allocation, guard, publish, work
from cases.service_layer.case_effects import check_community_trigger, request_report_repair
from cases.settings import CasesSettings
from hcs.auth import system_caller
from hcs.messaging import NotYet

SYSTEM = system_caller("cases")


def incoming_report(data: dict[str, Any]) -> IncomingReport:
    return IncomingReport(
        data["report_id"], data.get("received_at") or data["amended_at"], data["stream"], data["triage"],
        tuple(data.get("strands") or ()), data.get("household_key"), data.get("address"), data.get("damage"),
        tuple(data.get("perpetrator_keys") or ()), bool(data.get("perpetrator_identified")),
        tuple(data.get("flags") or ()), data.get("perceived_by"), tuple(data.get("incident_types") or ()),
        data.get("incident_at"), data.get("officer_preference"), bool(data.get("anonymous")),
        bool(data.get("contact_consent")), int(data.get("version") or 1))


def take_report(uow: Any, data: dict[str, Any], settings: CasesSettings) -> str:
    """Open a case for a report, link it to the open case about the same party, or only record it."""
    report = incoming_report(data)
    if uow.cases.report(report.report_id) is not None:
        return "already taken"
    return _place_report(uow, report, settings)


def _place_report(uow: Any, report: IncomingReport, settings: CasesSettings,
                  existing: ReportRecord | None = None) -> str:
    if not report.opens_a_case:
        _store(uow, ReportRecord.of(report, None, RECORDED), existing)
        guard.audit(uow, SYSTEM, "cases.record_report", report.report_id, record_type="report")
        return RECORDED
    uow.cases.lock_parties(report.party_keys())  # a report about the same party, placed at once, waits
    joined = case_to_join(report, uow.cases.open_candidates(report.party_keys()))
    if joined is not None:
        _link(uow, report, joined[0], joined[1], settings, existing)
        return LINKED
    _open(uow, report, settings, existing)
    return OPENED


def _store(uow: Any, record: ReportRecord, existing: ReportRecord | None) -> None:
    if existing is None:
        uow.cases.add_report(record)
    else:
        uow.cases.save_report(record)


def _open(uow: Any, report: IncomingReport, settings: CasesSettings, existing: ReportRecord | None) -> Case:
    now, policy = uow.clock.now(), settings.policy
    team, patch = place((report.address or {}).get("postcode"), report.stream, settings.placements,
                        settings.default_team)
    case = Case.open_from(str(uuid.uuid4()), report, now, team, patch)
    factors = factors_from_reports(report.incident_types, report.flags, report.perpetrator_identified, 1)
    assessment = assess(policy.matrix, str(uuid.uuid4()), case.case_id, factors, "system", now, "report")
    case.take_risk(assessment, policy)
    uow.cases.add(case)
    _store(uow, ReportRecord.of(report, case.case_id, OPENED), existing)
    uow.cases.add_parties(case.case_id, report.party_keys())
    uow.risks.add(assessment)
    uow.cases.add_classification_change(case.first_perception())
    publish.case_opened(uow, case, report.triage)
    publish.risk_assessed(uow, case, assessment)
    allocation.auto_allocate(uow, case, settings, now)
    if case.officer_preference in (None, "not_offered") and case.contactable:
        work.for_officer(uow, case, "preference_to_offer", "Offer the victim an officer of the same sex or "
                         "ethnic origin, and record the answer (POL-3)", now, due_at=case.first_contact_due_at)
    _after_report(uow, case, report, settings)
    uow.cases.save(case)
    guard.audit(uow, SYSTEM, "cases.open_case", case.case_id)
    return case


def _link(uow: Any, report: IncomingReport, case_id: str, reason: str, settings: CasesSettings,
          existing: ReportRecord | None) -> Case:
    now, policy = uow.clock.now(), settings.policy
    case: Case = uow.cases.get(case_id, for_update=True)
    case.link(report, reason, now)
    _store(uow, ReportRecord.of(report, case.case_id, LINKED, reason), existing)
    uow.cases.add_parties(case.case_id, report.party_keys())
    publish.report_linked(uow, case, report.report_id, now)
    change = case.add_perception(report.classification, "system", now, report.report_id)
    if change is not None:
        uow.cases.add_classification_change(change)
        publish.recategorised(uow, case, change)
    if case.risk_provisional:
        reports = uow.cases.reports_for(case.case_id)
        factors = factors_from_reports({t for r in reports for t in r.incident_types}, case.flags,
                                       case.perpetrator_identified, len({r.report_id for r in reports if r.live}))
        assessment = assess(policy.matrix, str(uuid.uuid4()), case.case_id, factors, "system", now, "report")
        uow.risks.add(assessment)
        case.take_risk(assessment, policy)
        publish.risk_assessed(uow, case, assessment)
    else:
        case.retarget(policy)
        work.for_officer(uow, case, "report_linked", f"A further report ({reason.replace('_', ' ')}) joined the "
                         "case: contact the victim and review the risk", now, ref=report.report_id)
    _after_report(uow, case, report, settings)
    uow.cases.save(case)
    guard.audit(uow, SYSTEM, "cases.link_report", case.case_id)
    return case


def _after_report(uow: Any, case: Case, report: IncomingReport, settings: CasesSettings) -> None:
    check_community_trigger(uow, case, settings, uow.clock.now())
    if report.damage and case.address:
        request_report_repair(uow, case, report)


def amend_report(uow: Any, data: dict[str, Any], settings: CasesSettings) -> str:
    """A corrected report. Perception only ever adds to the case; anything else that changed is put
    in front of the officer. A report first recorded as not harassment may now open a case.

    Its record is locked until the handler commits (so is a withdrawal's): the two events reach cases
    on separate queues, and on PostgreSQL the later would otherwise save the record it read before
    the earlier committed, undoing a withdrawal or putting back the old version."""
    report = incoming_report(data)
    record: ReportRecord | None = uow.cases.report(report.report_id, for_update=True)
    if record is None:
        return _place_report(uow, report, settings)
    if not record.is_newer(report) or not record.live:
        return "ignored"
    was_triage = record.triage
    if record.case_id is None:
        if report.opens_a_case:  # first recorded as not harassment, now re-triaged: placed afresh
            return _place_report(uow, replace(report, received_at=record.received_at), settings, existing=record)
        record.amend(report)
        uow.cases.save_report(record)
        return "amended"
    record.amend(report)
    uow.cases.save_report(record)
    case: Case = uow.cases.get(record.case_id, for_update=True)
    now = uow.clock.now()
    uow.cases.add_parties(case.case_id, report.party_keys())
    if case.is_open:
        case.learn_from(report)
        change = case.add_perception(report.classification, "system", now, report.report_id)
        if change is not None:
            uow.cases.add_classification_change(change)
            publish.recategorised(uow, case, change)
        case.retarget(settings.policy)
        if report.damage and case.address:
            request_report_repair(uow, case, report)
    case.note(now, "report_amended", f"Report {report.report_id} amended (version {report.version})", "system",
              report.report_id)
    if was_triage != report.triage:
        work.for_officer(uow, case, "report_amended", f"Report {report.report_id} was re-triaged "
                         f"({was_triage} to {report.triage}): check the case's classification", now,
                         ref=f"{report.report_id}:v{report.version}")
    uow.cases.save(case)
    guard.audit(uow, SYSTEM, "cases.amend_report", case.case_id)
    return "amended"


class ReportNotTakenYet(NotYet):
    """A withdrawal of a report cases has not taken: its report_received, on another queue, is still
    being handled or waits behind others. The inbox tries again, then requeues it; never dropped."""


def withdraw_report(uow: Any, data: dict[str, Any]) -> str:
    record: ReportRecord | None = uow.cases.report(data["report_id"], for_update=True)
    if record is None:
        raise ReportNotTakenYet(f"report {data['report_id']} is not taken yet")
    if not record.withdraw(data["withdrawn_at"], data["reason"]):
        return "ignored"
    uow.cases.save_report(record)
    if record.case_id is None:
        return "withdrawn"
    case: Case = uow.cases.get(record.case_id, for_update=True)
    now = uow.clock.now()
    case.note(now, "report_withdrawn", f"Report {record.report_id} withdrawn ({data['reason'].replace('_', ' ')})",
              "system", record.report_id)
    live = [r for r in uow.cases.reports_for(case.case_id) if r.live]
    if case.is_open:
        hint = "no live report is left: consider closure (with approval)" if not live else "check the plan"
        work.for_officer(uow, case, "report_withdrawn", f"Report {record.report_id} was withdrawn; {hint}. "
                         "A victim who withdraws may be under pressure.", now, ref=record.report_id)
    uow.cases.save(case)
    guard.audit(uow, SYSTEM, "cases.withdraw_report", case.case_id)
    return "withdrawn"
