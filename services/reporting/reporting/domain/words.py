"""The landlord's words for the system's vocabularies, as printed in packs and exports."""

from __future__ import annotations

LABELS = {
    "general_needs": "General Needs", "care_support": "Care & Support",
    "disability": "disability", "race": "race", "religion": "religion or belief",
    "sexual_orientation": "sexual orientation", "transgender_identity": "transgender identity",
    "sex_gender": "sex or gender", "age": "age", "other": "other",
    "very_satisfied": "very satisfied", "fairly_satisfied": "fairly satisfied",
    "neither": "neither satisfied nor dissatisfied", "fairly_dissatisfied": "fairly dissatisfied",
    "very_dissatisfied": "very dissatisfied", "dont_know": "don't know / not applicable",
    "resolved": "resolved", "partly_resolved": "partly resolved", "no_further_action": "no further action",
    "victim_moved": "victim moved", "perpetrator_moved": "perpetrator moved",
    "legal_action_concluded": "legal action concluded", "victim_withdrew": "victim withdrew",
    "linked_elsewhere": "linked to another case",
    "police": "police", "council_asb": "council ASB team", "multi_agency_forum": "multi-agency forum",
    "victim_support": "Victim Support", "counselling": "counselling", "interpreting": "interpreting",
    "temporary_accommodation": "temporary accommodation",
    "no_consent": "no consent", "consent_withdrawn": "consent withdrawn", "consent_expired": "consent expired",
    "purpose_not_covered": "purpose not covered by the consent", "data_not_covered": "data not covered by the consent",
    "no_agreement": "no sharing agreement with the partner",
    "warning_letter": "warning letter", "acceptable_behaviour_agreement": "acceptable behaviour agreement",
    "mediation": "mediation", "civil_injunction": "civil injunction",
    "civil_injunction_without_notice": "civil injunction without notice",
    "criminal_behaviour_order": "Criminal Behaviour Order",
    "community_protection_notice": "Community Protection Notice",
    "closure_order": "closure order", "possession_proceedings": "possession proceedings",
    "demoted_tenancy": "demoted tenancy", "introductory_tenancy_extension": "introductory tenancy extended",
    "parenting_order": "parenting order", "asbo_legacy": "ASBO (legacy)",
    "child_curfew_order_legacy": "child curfew order (legacy)", "police_referral": "police referral",
    "prosecution_support": "prosecution support",
}


def label(word: str) -> str:
    return LABELS.get(word, word.replace("_", " "))
