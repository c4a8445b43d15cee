"""The landlord's words, taken from the shared contract vocabularies so that a strand or a remedy
means the same in cases as in every event and every other service."""

from __future__ import annotations

from hcs.contracts.common import (
    AGREEMENTS,
    ASB_CATEGORIES,
    CASE_OUTCOMES,
    HATE_STRANDS,
    INCIDENT_TYPES,
    JOB_TYPES,
    OFFICER_PREFERENCES,
    PARTNER_KINDS,
    PERCEIVERS,
    REMEDIES,
    REMEDY_STATUSES,
    RISK_LEVELS,
    STRANDS,
    STREAMS,
    SUPPORT_ACTIONS,
    TP12_ANSWERS,
    TRIAGE_FLAGS,
    TRIAGE_OUTCOMES,
)

__all__ = [
    "AGREEMENTS", "ASB_CATEGORIES", "CASE_OUTCOMES", "CONTACT_KINDS", "CONTACT_PARTIES", "HATE_STRANDS",
    "INCIDENT_TYPES", "JOB_TYPES", "OFFICER_PREFERENCES", "PARTNER_KINDS", "PERCEIVERS", "REMEDIES",
    "REMEDY_STATUSES", "REVIEW_KINDS", "RISK_LEVELS", "STAFF_ROLES", "STRANDS", "STREAMS", "SUPPORT_ACTIONS",
    "TP12_ANSWERS", "TRIAGE_FLAGS", "TRIAGE_OUTCOMES",
]

CONTACT_KINDS = ("visit", "phone", "letter", "email", "text", "interview", "other")
CONTACT_PARTIES = ("victim", "witness", "alleged_perpetrator", "partner_agency", "other")
REVIEW_KINDS = ("officer_senior", "senior_manager")
HOUSING_OFFICER, SENIOR, MANAGER = "housing_officer", "senior", "manager"
STAFF_ROLES = (HOUSING_OFFICER, SENIOR, MANAGER)
