"""Effects several commands share: the Community Trigger check and the repair a report asks for."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from cases.domain.case import Case
from cases.domain.linking import IncomingReport
from cases.service_layer import publish, work
from cases.settings import CasesSettings


def check_community_trigger(uow: Any, case: Case, settings: CasesSettings, now: datetime) -> None:
    """Flag the case once when its households' reports cross the configured threshold."""
    if case.community_trigger_at is not None or not case.is_open:
        return
    rule = settings.policy.trigger
    households = uow.cases.household_keys(case.case_id) or ([case.household_key] if case.household_key else [])
    times = uow.cases.household_report_times(households, rule.window_start(now))
    if not households:  # no household known (anonymous, no address): the case's own reports count
        times = [(r.received_at, r.hate_incident) for r in uow.cases.reports_for(case.case_id) if r.live]
    hate_times = [at for at, hate in times if hate]
    if case.hate_incident and not hate_times:
        hate_times = [case.received_at]
    reason = rule.reason([at for at, _ in times], hate_times, now)
    if reason and case.flag_community_trigger(reason, now):
        publish.community_trigger(uow, case)
        work.for_senior(uow, case, "community_trigger", f"Community Trigger threshold crossed ({reason}): "
                        "consider an ASB case review", now)


def report_repair_id(report_id: str) -> str:
    """The same report always asks for the same repair: repairs keeps one job per request id."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"repair:{report_id}"))


def request_report_repair(uow: Any, case: Case, report: IncomingReport) -> None:
    """POL-6: damage from harassment goes to repairs at once; its 24-hour clock runs from the report."""
    assert report.damage is not None
    request_id = report_repair_id(report.report_id)
    if uow.repairs.get(request_id) is not None:
        return
    now = uow.clock.now()
    uow.repairs.add(request_id, case.case_id, None, report.report_id, now)
    publish.repair_requested(uow, case, request_id, reported_at=report.received_at,
                             description=report.damage["description"], location=report.damage.get("location"))
    case.note(now, "repair_requested", "Repair requested from the report's damage (24-hour target)", "system",
              request_id)
