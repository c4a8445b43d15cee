"""A harassment case (POL-2, POL-7): one stream, the original perception kept forever, and the
reports that belong to it under the regulator's rule (same party while open = same case)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

OPENS_A_CASE = frozenset({"hate_incident", "harassment", "other_asb"})


class CaseRuleBroken(Exception):
    """A command that the case's state does not allow."""


@dataclass(frozen=True)
class IncomingReport:
    report_id: str
    received_at: datetime
    stream: str
    triage: str
    strands: tuple[str, ...]
    household_key: str | None
    address: dict[str, Any] | None
    damage: dict[str, Any] | None


@dataclass
class Case:
    case_id: str
    stream: str
    opened_at: datetime
    household_key: str | None
    hate_incident: bool
    strands: tuple[str, ...]
    original_perception: dict[str, Any]
    status: str = "open"
    closed_at: datetime | None = None
    report_ids: list[str] = field(default_factory=list)

    @classmethod
    def open_from(cls, case_id: str, report: IncomingReport, now: datetime) -> "Case":
        perception = {"report_id": report.report_id, "triage": report.triage,
                      "strands": list(report.strands)}
        return cls(case_id, report.stream, now, report.household_key, report.triage == "hate_incident",
                   report.strands, perception, report_ids=[report.report_id])

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    def link(self, report: IncomingReport) -> None:
        if not self.is_open:
            raise CaseRuleBroken("a report cannot join a closed case; it opens a new one")
        if report.report_id not in self.report_ids:
            self.report_ids.append(report.report_id)
        if report.triage == "hate_incident":  # a later perception adds to the case, never removes
            self.hate_incident = True
            self.strands = tuple(dict.fromkeys(self.strands + report.strands))


def should_open_case(report: IncomingReport) -> bool:
    """Neighbour disputes and matters for other bodies are recorded, not opened as cases (POL-1)."""
    return report.triage in OPENS_A_CASE


def case_to_join(report: IncomingReport, open_cases: list[Case]) -> Case | None:
    """The open case about the same party in the same stream, if any (the regulator's rule)."""
    if report.household_key is None:
        return None
    for case in open_cases:
        if case.is_open and case.stream == report.stream and case.household_key == report.household_key:
            return case
    return None
