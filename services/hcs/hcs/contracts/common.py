"""Field vocabularies and field builders shared by several contracts.

Every service that needs one of these words takes it from here, so a report's strand or a job's
status means the same in every service and in every event.
"""

from marshmallow import fields, validate

STREAMS = ("general_needs", "care_support")
HATE_STRANDS = ("disability", "race", "religion", "sexual_orientation", "transgender_identity")
LOCAL_STRANDS = ("sex_gender", "age", "other")
STRANDS = HATE_STRANDS + LOCAL_STRANDS
PERCEIVERS = ("victim", "witness", "reporter", "staff", "other")
TRIAGE_OUTCOMES = ("hate_incident", "harassment", "other_asb", "neighbour_dispute", "not_landlord_matter")
ASB_CATEGORIES = ("personal", "nuisance", "environmental")
CHANNELS = ("phone", "visit", "letter", "email", "web_form", "third_party_centre", "partner_agency",
            "staff_observed")
INCIDENT_TYPES = ("verbal_abuse", "written_abuse", "graffiti", "damage_to_property", "physical_assault",
                  "threats_of_violence", "arson", "excessive_noise", "other")
LOCATION_TYPES = ("home", "communal_area", "street", "online", "other")
TRIAGE_FLAGS = ("urgent", "repeat_victim", "vulnerable_victim", "repair_needed", "interpreter_needed",
                "possible_duplicate")
OFFICER_PREFERENCES = ("same_sex", "same_ethnic_origin", "same_sex_and_ethnic_origin", "no_preference",
                       "not_offered")
RISK_LEVELS = ("standard", "medium", "high")
CASE_OUTCOMES = ("resolved", "partly_resolved", "no_further_action", "victim_moved", "perpetrator_moved",
                 "legal_action_concluded", "victim_withdrew", "linked_elsewhere")
TP12_ANSWERS = ("very_satisfied", "fairly_satisfied", "neither", "fairly_dissatisfied", "very_dissatisfied",
                "dont_know")
AGREEMENTS = ("agreed", "declined", "victim_own_wish")
SUPPORT_ACTIONS = ("counselling_referral", "victim_support_referral", "interpreter", "target_hardening",
                   "damage_repair", "temporary_housing", "permanent_transfer", "witness_support",
                   "police_report", "other")
REMEDIES = ("warning_letter", "acceptable_behaviour_agreement", "mediation", "civil_injunction",
            "civil_injunction_without_notice", "criminal_behaviour_order", "community_protection_notice",
            "closure_order", "possession_proceedings", "demoted_tenancy", "introductory_tenancy_extension",
            "parenting_order", "asbo_legacy", "child_curfew_order_legacy", "police_referral",
            "prosecution_support")
REMEDY_STATUSES = ("proposed", "approved", "served", "granted", "refused", "breached", "ended")
JOB_TYPES = ("graffiti_removal", "glazing", "door_repair", "lock_change", "door_reinforcement", "window_locks",
             "letterbox_fireproofing", "security_lighting", "alarm", "doorbell_camera", "boarding_up", "other")
REPAIR_PRIORITIES = ("emergency", "urgent", "target_hardening")
PARTNER_KINDS = ("police", "council_asb", "multi_agency_forum", "victim_support", "counselling",
                 "interpreting", "temporary_accommodation", "other")


def stream() -> fields.String:
    return fields.String(required=True, validate=validate.OneOf(STREAMS))


def ident() -> fields.String:
    return fields.String(required=True, validate=validate.Length(min=1, max=64))


def optional_ident() -> fields.String:
    return fields.String(load_default=None, allow_none=True, validate=validate.Length(min=1, max=64))


def moment() -> fields.AwareDateTime:
    return fields.AwareDateTime(required=True)


def optional_moment() -> fields.AwareDateTime:
    return fields.AwareDateTime(load_default=None, allow_none=True)


def one_of(choices: tuple[str, ...], required: bool = True) -> fields.String:
    if required:
        return fields.String(required=True, validate=validate.OneOf(choices))
    return fields.String(load_default=None, allow_none=True, validate=validate.OneOf(choices))


def words(choices: tuple[str, ...], max_items: int = 20) -> fields.List:
    """A list of words from one vocabulary (strands, flags, incident types)."""
    return fields.List(fields.String(validate=validate.OneOf(choices)), load_default=list,
                       validate=validate.Length(max=max_items))


def short_text(max_length: int = 500, required: bool = False) -> fields.String:
    return fields.String(required=required, load_default=None, allow_none=not required,
                         validate=validate.Length(max=max_length))
