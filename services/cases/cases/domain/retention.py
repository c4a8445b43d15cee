"""Cases' part of the retention schedule (``hcs.retention``; periods in ``extra.retention``).

A closed case is kept six years after it was closed (the Limitation Act 1980's six years for a claim,
and what the National Housing Federation's guidance advises for tenancy-management files), then
deleted with everything that hangs from it: its reports' summaries, parties, classification history,
risk assessments, action plan, perpetrator actions, conferences, contact log, reviews, approvals,
work items, timeline and survey. ``case_erased`` tells every other service to do the same. An open
case is never erased. A report recorded without a case goes when intake erases the report.
"""

from __future__ import annotations

from hcs.retention import PUBLISHED_EVENTS, Period, Rule

CLOSED_CASE = Rule(
    "closed_case", "a closed case with everything that hangs from it", "the case was closed", "deleted",
    "Limitation Act 1980 (six years for a claim in contract or tort); NHF retention guidance for "
    "tenancy-management and ASB case files", Period(years=6))
RECORDED_REPORT = Rule(
    "recorded_report", "the summary of a report recorded without a case (POL-1)", "intake erased the report",
    "deleted", "kept as long as intake keeps the report", follows="report_erased (intake)")

RULES = (CLOSED_CASE, RECORDED_REPORT, PUBLISHED_EVENTS)
