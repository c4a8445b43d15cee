"""The words of a harassment report, and how an officer reads them.

The shared vocabularies (channels, strands, incident types ...) come from the contract catalogue so a
word means the same in every service; the ones only intake uses are defined here.
"""

from __future__ import annotations

from hcs.contracts.common import (
    ASB_CATEGORIES,
    CHANNELS,
    HATE_STRANDS,
    INCIDENT_TYPES,
    LOCAL_STRANDS,
    LOCATION_TYPES,
    OFFICER_PREFERENCES,
    PERCEIVERS,
    STRANDS,
    STREAMS,
    TRIAGE_FLAGS,
    TRIAGE_OUTCOMES,
)

__all__ = ["ASB_CATEGORIES", "CENTRE_CHANNELS", "CHANNELS", "CONTACT_METHODS", "HATE_STRANDS", "INCIDENT_TYPES",
           "LOCAL_STRANDS", "LOCATION_TYPES", "OFFICER_ANSWERS", "OFFICER_PREFERENCES", "PERCEIVERS",
           "REPORTER_ROLES", "STATUSES", "STRANDS", "STREAMS", "TRIAGE_FLAGS", "TRIAGE_OUTCOMES",
           "WITHDRAWAL_REASONS", "listed", "say"]

REPORTER_ROLES = ("victim", "witness", "third_party", "staff")
CONTACT_METHODS = ("phone", "text_message", "email", "letter", "visit", "through_reporter", "through_centre")
# the answer to the offer of an officer of the same sex or ethnic origin (POL-3); "not_offered" is
# what the report says when no offer was recorded
OFFICER_ANSWERS = tuple(p for p in OFFICER_PREFERENCES if p != "not_offered")
WITHDRAWAL_REASONS = ("made_in_error", "duplicate", "reporter_request", "other")
STATUSES = ("received", "withdrawn")
# channels by which a registered reporting centre or partner agency posts the common form
CENTRE_CHANNELS = ("third_party_centre", "partner_agency")

_WORDS = {
    "sex_gender": "sex or gender",
    "other": "another characteristic",
    "written_abuse": "written, phone or online abuse",
    "arson": "arson or fire risk",
    "excessive_noise": "noise",
    "web_form": "web form",
    "third_party_centre": "third-party reporting centre",
    "partner_agency": "partner agency",
    "staff_observed": "staff observation",
    "general_needs": "General Needs",
    "care_support": "Care & Support",
}


def say(word: str) -> str:
    """A vocabulary word as a housing officer reads it."""
    return _WORDS.get(word, word.replace("_", " "))


def listed(words: list[str] | tuple[str, ...]) -> str:
    """``a, b and c`` in an officer's words."""
    spoken = [say(w) for w in words]
    if len(spoken) <= 1:
        return "".join(spoken)
    return ", ".join(spoken[:-1]) + " and " + spoken[-1]
