"""The reports cases has received, opened a case from, linked, or only recorded (POL-1).

A withdrawn report stays on record (it is never deleted) and stops counting towards the Community
Trigger; it does not close a case by itself, because a victim who withdraws may be under pressure:
the officer is asked to look at it. An amendment older than what is already held is ignored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from cases.domain.errors import CaseRuleBroken
from cases.domain.linking import IncomingReport

OPENED, LINKED, RECORDED = "opened", "linked", "recorded"


@dataclass
class ReportRecord:
    report_id: str
    case_id: str | None
    stream: str
    received_at: datetime
    triage: str
    outcome: str
    link_reason: str | None
    hate_incident: bool
    strands: list[str] = field(default_factory=list)
    perceived_by: str | None = None
    incident_types: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    household_key: str | None = None
    version: int = 1
    withdrawn_at: datetime | None = None
    withdrawn_reason: str | None = None

    @classmethod
    def of(cls, report: IncomingReport, case_id: str | None, outcome: str,
           link_reason: str | None = None) -> "ReportRecord":
        return cls(report.report_id, case_id, report.stream, report.received_at, report.triage, outcome,
                   link_reason, report.classification.hate_incident, list(report.strands), report.perceived_by,
                   list(report.incident_types), list(report.flags), report.household_key, report.version)

    @property
    def live(self) -> bool:
        return self.withdrawn_at is None

    def withdraw(self, at: datetime, reason: str) -> bool:
        """False when it was already withdrawn (a repeated event)."""
        if not self.live:
            return False
        self.withdrawn_at, self.withdrawn_reason = at, reason
        return True

    def is_newer(self, report: IncomingReport) -> bool:
        return report.version > self.version

    def amend(self, report: IncomingReport) -> None:
        if not self.live:
            raise CaseRuleBroken(f"report {self.report_id} was withdrawn")
        self.triage, self.version = report.triage, report.version
        self.hate_incident = report.classification.hate_incident
        self.strands, self.perceived_by = list(report.strands), report.perceived_by
        self.incident_types, self.flags = list(report.incident_types), list(report.flags)
        self.household_key = report.household_key or self.household_key
