"""The landlord's words for the services' codes, and times in UK local time."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from hcs.contracts import common

LANDLORD_TIME = ZoneInfo("Europe/London")

VOCABULARY: dict[str, tuple[str, ...]] = {
    "channels": common.CHANNELS, "streams": common.STREAMS, "hate_strands": common.HATE_STRANDS,
    "local_strands": common.LOCAL_STRANDS, "perceivers": common.PERCEIVERS,
    "incident_types": common.INCIDENT_TYPES, "location_types": common.LOCATION_TYPES,
    "reporter_roles": ("victim", "witness", "third_party", "staff"),
    "contact_methods": ("phone", "text_message", "email", "letter", "visit", "through_reporter", "through_centre"),
    "officer_answers": ("same_sex", "same_ethnic_origin", "same_sex_and_ethnic_origin", "no_preference"),
    "agreements": common.AGREEMENTS, "support_actions": common.SUPPORT_ACTIONS, "remedies": common.REMEDIES,
    "case_outcomes": common.CASE_OUTCOMES, "job_types": common.JOB_TYPES,
    "contact_kinds": ("visit", "phone", "letter", "email", "text", "interview", "other"),
    "contact_parties": ("victim", "witness", "alleged_perpetrator", "partner_agency", "other"),
    "risk_factors": ("victim_vulnerability", "harm", "repeat", "threats", "household_impact"),
    "officer_preferences": common.OFFICER_PREFERENCES, "tp12_answers": common.TP12_ANSWERS,
    "remedy_statuses": common.REMEDY_STATUSES, "asb_categories": common.ASB_CATEGORIES,
    "strands": common.STRANDS, "triage_outcomes": common.TRIAGE_OUTCOMES, "triage_flags": common.TRIAGE_FLAGS,
    "review_kinds": ("officer_senior", "senior_manager"), "sexes": ("female", "male", "other"),
    "report_statuses": ("received", "withdrawn"),
}

# what each risk factor scores (cases' matrix, issue 4), read to the officer beside the 0-3 choice
RISK_FACTORS: dict[str, tuple[str, str]] = {
    "victim_vulnerability": ("The victim's vulnerability",
                             "Age, disability, mental health, isolation, language, dependants."),
    "harm": ("Harm", "How serious what happened is: abuse, damage, assault, arson."),
    "repeat": ("Repeat victimisation", "How often it has happened, and for how long."),
    "threats": ("Threats", "Threats of violence, and whether the perpetrator is identifiable. 3 makes the risk high."),
    "household_impact": ("Impact on the household", "Fear, children affected, staying away from home."),
}
RISK_SCORES = (("0", "0: none"), ("1", "1: low"), ("2", "2: medium"), ("3", "3: high"))

_WORDS = {
    "general_needs": "General Needs", "care_support": "Care & Support",
    "sex_gender": "sex or gender", "other": "other", "written_abuse": "written, phone or online abuse",
    "arson": "arson or fire risk", "excessive_noise": "excessive noise", "web_form": "web form",
    "third_party_centre": "third-party reporting centre", "staff_observed": "observed by staff",
    "hate_incident": "Hate incident", "other_asb": "Other ASB", "neighbour_dispute": "Neighbour dispute or noise",
    "not_landlord_matter": "Not a landlord matter", "victim_own_wish": "victim's own wish",
    "housing_officer": "housing officer", "on_site": "on site", "made_safe": "made safe",
    "no_access": "no access", "at_risk": "at risk", "dont_know": "don't know / not applicable",
    "asbo_legacy": "ASBO (legacy)", "child_curfew_order_legacy": "child curfew order (legacy)",
    "nm01_1": "NM01(1)", "nm01_2": "NM01(2)", "tp12": "TP12", "uprn": "UPRN",
    "completed_in_time": "completed in time", "made_safe_in_time": "made safe in time",
    "neither": "neither satisfied nor dissatisfied", "officer_senior": "officer with senior",
    "senior_manager": "senior with manager", "victim_vulnerability": "victim's vulnerability",
    "household_impact": "impact on the household", "not_offered": "not offered yet",
    "same_sex_and_ethnic_origin": "same sex and ethnic origin", "no_further_action": "no further action",
    "sexual_orientation": "sexual orientation", "transgender_identity": "transgender identity",
    "victim_support_referral": "victim support referral", "council_asb": "council ASB team",
    "asb_category": "ASB category", "not_needed": "not needed",
}


def say(word: Any) -> str:
    """A code as a housing officer reads it (``threats_of_violence`` -> ``threats of violence``)."""
    if word is None:
        return ""
    text = str(word)
    return _WORDS.get(text, text.replace("_", " "))


def listed(words: Iterable[Any] | None) -> str:
    spoken = [say(w) for w in words or ()]
    if len(spoken) <= 1:
        return "".join(spoken)
    return ", ".join(spoken[:-1]) + " and " + spoken[-1]


def _moment(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str) and value:
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return None
    else:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def when(value: Any) -> str:
    """``Tue 3 Mar 2026, 14:05`` in UK local time; empty when unknown."""
    moment = _moment(value)
    if moment is None:
        return str(value or "")
    local = moment.astimezone(LANDLORD_TIME)
    return f"{local:%a} {local.day} {local:%b %Y, %H:%M}"


def day(value: Any) -> str:
    moment = _moment(value)
    if moment is None:
        return str(value or "")
    local = moment.astimezone(LANDLORD_TIME)
    return f"{local.day} {local:%b %Y}"


def due_class(value: Any, now: datetime | None = None) -> str:
    """``overdue`` when a due time has passed, ``due-soon`` within a day, else empty."""
    moment = _moment(value)
    if moment is None:
        return ""
    seconds = (moment - (now or datetime.now(UTC))).total_seconds()
    return "overdue" if seconds < 0 else "due-soon" if seconds < 24 * 3600 else ""
