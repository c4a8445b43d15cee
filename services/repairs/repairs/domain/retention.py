"""Repairs' part of the retention schedule (``hcs.retention``; periods in ``extra.retention``).

A job is kept two years after it was closed (completed or cancelled): long enough for a defect or a
complaint about the work, and for the contractor's invoice and warranty. It is then deleted with its
messages to contractors, the delivery attempts and every update, and ``job_erased`` goes out. When a
case is erased (``case_erased``), every job of the case goes with it, whatever its own period.
"""

from __future__ import annotations

from hcs.retention import PUBLISHED_EVENTS, Period, Rule

REPAIR_JOB = Rule(
    "repair_job", "a repair job with its messages to contractors, delivery attempts and updates",
    "the job was closed (completed or cancelled)", "deleted",
    "defects and complaints about the work, invoices and warranties", Period(years=2))
JOB_OF_ERASED_CASE = Rule(
    "job_of_erased_case", "any job of a case that was erased", "the case was erased", "deleted",
    "nothing is kept of a case once it is erased", follows="case_erased (cases)")

RULES = (REPAIR_JOB, JOB_OF_ERASED_CASE, PUBLISHED_EVENTS)
