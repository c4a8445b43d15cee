"""Referrals' part of the retention schedule (``hcs.retention``; periods in ``extra.retention``).

A case's sharing records (every version of every consent, the referrals with their history, delivery
attempts and partners' callbacks, the disclosure log and the stop notices) are kept six years after
the case was closed: the evidence that every disclosure had the victim's consent (POL-5; UK GDPR art.
5(2), accountability) for as long as a claim about it could be brought. They are then deleted and
``case_sharing_erased`` goes out. When cases erases the case first (``case_erased``), they go then.
Partners and their agreements are not personal data of a case and are kept.
"""

from __future__ import annotations

from hcs.retention import PUBLISHED_EVENTS, Period, Rule

SHARING_RECORDS = Rule(
    "sharing_records", "a case's consent records, referrals, disclosure log and stop notices",
    "the case was closed", "deleted",
    "evidence of consent for each disclosure (POL-5; accountability) while a claim could be brought "
    "(Limitation Act 1980)", Period(years=6))
SHARING_OF_ERASED_CASE = Rule(
    "sharing_of_erased_case", "the sharing records of a case that was erased", "the case was erased", "deleted",
    "nothing is kept of a case once it is erased", follows="case_erased (cases)")

RULES = (SHARING_RECORDS, SHARING_OF_ERASED_CASE, PUBLISHED_EVENTS)
