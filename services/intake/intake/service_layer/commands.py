"""Intake's commands: submit, amend and withdraw a report. Each is one unit of work that writes the
report, its version history, its audit row and its event (through the outbox) together, or nothing."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from hcs.auth import Caller
from hcs.errors import Conflict, NotFound, ValidationFailed
from intake.domain.keys import report_keys
from intake.domain.report import Report, ReportRuleBroken, Withdrawal, fingerprint, jsonable
from intake.domain.triage import Triage, triage
from intake.service_layer import access
from intake.service_layer.unit_of_work import ConcurrentWrite
from intake.settings import IntakeSettings

Check = Callable[[dict[str, Any]], dict[str, Any]]


@dataclass(frozen=True)
class Receipt:
    report_id: str
    received_at: datetime
    version: int
    triage: Triage
    duplicate_submission: bool


@dataclass(frozen=True)
class Amended:
    report_id: str
    version: int
    changed: tuple[str, ...]
    triage: Triage


@dataclass(frozen=True)
class Withdrawn:
    report_id: str
    status: str
    withdrawal: Withdrawal


def _triage(uow: Any, details: dict[str, Any], settings: IntakeSettings, received_at: datetime,
            report_id: str | None = None) -> tuple[Triage, Any]:
    keys = report_keys(details, settings.place_key_secret)
    earlier = uow.reports.earlier_at_places(keys.of_places(), received_at - settings.triage.lookback, received_at,
                                            excluding=report_id)
    return triage(details, settings.triage, keys, received_at, earlier), keys


def submit_report(uow: Any, details: dict[str, Any], caller: Caller, settings: IntakeSettings,
                  centre: str | None = None) -> Receipt:
    """Take a report. A retry with the same idempotency key returns the same report and stores
    nothing; the same key with a different report is a conflict."""
    details = jsonable(details)
    key = details.pop("idempotency_key")
    for attempt in (1, 2):
        try:
            with uow:
                existing = uow.reports.by_idempotency_key(caller.user_id, key)
                if existing is not None:
                    return _repeated(uow, existing, fingerprint(details), caller)
                now = uow.clock.now()
                result, keys = _triage(uow, details, settings, now)
                report = Report(str(uuid.uuid4()), caller.user_id, caller.role, key, now, details, result, keys, centre)
                uow.reports.add(report)
                uow.outbox.publish("report_received", report.report_id, {**report.summary(), "received_at": now})
                access.audit(uow, caller, "submit_report", report.report_id)
                uow.commit()
                return Receipt(report.report_id, now, 1, result, False)
        except ConcurrentWrite:
            if attempt == 2:
                raise Conflict("the report could not be stored: try again with the same idempotency key") from None
    raise AssertionError("unreachable")


def _repeated(uow: Any, existing: Report, sent: str, caller: Caller) -> Receipt:
    if existing.submission_fingerprint != sent:
        access.audit(uow, caller, "submit_report", existing.report_id, "refused", "idempotency key reused")
        uow.commit()
        raise Conflict("this idempotency key was already used for a different report")
    access.audit(uow, caller, "submit_report", existing.report_id, reason="repeated submission")
    uow.commit()
    return Receipt(existing.report_id, existing.received_at, existing.version, existing.triage, True)


def amend_report(uow: Any, report_id: str, amendment: dict[str, Any], caller: Caller, settings: IntakeSettings,
                 check: Check) -> Amended:
    """Amend whole sections of a report, keeping every earlier version; re-triage it and tell
    the other services (``report_amended``). ``check`` validates the amended report as a whole."""
    changes = amendment["changes"]
    if "idempotency_key" in changes:
        raise ValidationFailed("amendment is invalid", {"changes.idempotency_key": ["Cannot be changed."]})
    try:
        with uow:
            report = _report(uow, report_id)
            access.require_stream(uow, caller, "amend_report", report.stream, report_id)
            access.require_team(uow, caller, "amend_report", report_id)
            details = jsonable(check({**report.details, **changes}))
            access.require_stream(uow, caller, "amend_report", details["stream"], report_id)
            if fingerprint(details) == fingerprint(report.details):  # nothing new: a retry, or no change
                access.audit(uow, caller, "amend_report", report_id, reason="no change")
                uow.commit()
                return Amended(report_id, report.version, (), report.triage)
            if report.version != amendment["expected_version"]:
                raise Conflict(f"the report was amended since; it is now at version {report.version}: reload it")
            result, keys = _triage(uow, details, settings, report.received_at, report_id)
            now = uow.clock.now()
            version = report.amend(details, result, keys, by=caller.user_id, role=caller.role,
                                   reason=amendment["reason"], at=now)
            uow.reports.save(report)
            uow.reports.add_version(report_id, version)
            uow.outbox.publish("report_amended", report_id,
                               {**report.summary(), "amended_at": now, "version": version.version})
            access.audit(uow, caller, "amend_report", report_id, reason=f"version {version.version}")
            uow.commit()
    except ReportRuleBroken as exc:
        raise Conflict(str(exc)) from None
    except ConcurrentWrite:
        raise Conflict("someone amended the report at the same moment: reload it") from None
    return Amended(report_id, version.version, version.changed, result)


def withdraw_report(uow: Any, report_id: str, withdrawal: dict[str, Any], caller: Caller) -> Withdrawn:
    """Withdraw a report (it is kept, marked withdrawn, with who, when and why)."""
    reason, note = withdrawal["reason"], withdrawal.get("note")
    try:
        with uow:
            report = _report(uow, report_id)
            access.require_stream(uow, caller, "withdraw_report", report.stream, report_id)
            access.require_team(uow, caller, "withdraw_report", report_id)
            if report.triage.outcome == "hate_incident" and caller.role not in access.HATE_INCIDENT_WITHDRAWERS:
                access.deny(uow, caller, "withdraw_report", "withdraw a hate incident report: a senior or "
                            "manager decides that (POL-2)", report_id)
            if report.withdrawal is not None and report.withdrawal.reason == reason:  # a retry
                access.audit(uow, caller, "withdraw_report", report_id, reason="repeated withdrawal")
                uow.commit()
                return Withdrawn(report_id, report.status, report.withdrawal)
            now = uow.clock.now()
            done = report.withdraw(by=caller.user_id, reason=reason, note=note, at=now)
            uow.reports.save(report)
            uow.outbox.publish("report_withdrawn", report_id, {
                "report_id": report_id, "stream": report.stream, "withdrawn_at": now, "reason": reason})
            access.audit(uow, caller, "withdraw_report", report_id, reason=reason)
            uow.commit()
    except ReportRuleBroken as exc:
        raise Conflict(str(exc)) from None
    except ConcurrentWrite:
        raise Conflict("someone changed the report at the same moment: reload it") from None
    return Withdrawn(report_id, "withdrawn", done)


def _report(uow: Any, report_id: str) -> Report:
    report = uow.reports.get(report_id)
    if report is None:
        raise NotFound(f"no report {report_id}")
    return report  # type: ignore[no-any-return]
