"""Intake's part of the retention schedule (``hcs.retention``; periods in ``extra.retention``).

- A report that opened or joined a case is kept as long as the case, and deleted when cases says the
  case was erased (``case_erased``).
- A report that opened no case (a neighbour dispute recorded under POL-1, a report withdrawn in error,
  a matter not for the landlord) is deleted two years after it was received.
- The subject access register keeps a request for two years after it was closed (the evidence that it
  was answered, and on time).
"""

from __future__ import annotations

from hcs.retention import PUBLISHED_EVENTS, Period, Rule

REPORT_WITHOUT_CASE = Rule(
    "report_without_case", "a report that opened or joined no case (with every version and its flags)",
    "the report was received", "deleted",
    "POL-1 keeps such reports on record; two years covers a repeat, a Community Trigger look-back and a "
    "complaint to the Housing Ombudsman", Period(years=2))
REPORT_IN_CASE = Rule(
    "report_in_case", "a report that opened or joined a case", "the case was erased", "deleted",
    "kept as part of the case record", follows="case_erased (cases)")
SUBJECT_ACCESS_REQUEST = Rule(
    "subject_access_request", "a subject access request in the register, with its searches",
    "the request was closed", "deleted",
    "evidence that the request was answered, and when, for a complaint to the ICO", Period(years=2))

RULES = (REPORT_WITHOUT_CASE, REPORT_IN_CASE, SUBJECT_ACCESS_REQUEST, PUBLISHED_EVENTS)
