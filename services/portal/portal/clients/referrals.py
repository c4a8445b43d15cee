"""Referrals' RPCs as the portal uses them (issue 6).

Assumed: ``record_consent({case_id, partners[], purposes[], data_categories[], withhold{partner:
[field]}, how, wording_version, given_at, expires_at, idempotency_key})`` -> [consent per partner];
``withdraw_consent({case_id, partners|None, how, idempotency_key})``; ``get_consent_record(case_id)``
-> [consent]; ``request_referral({case_id, partner, purpose, data_categories[], idempotency_key})`` ->
referral; ``list_referrals(case_id)`` -> [referral with status and response {rag, due_at}];
``list_partners()`` -> [{code, name, kind, delivery, active, agreement: {purposes: {purpose: [field]},
lawful_basis, retention_days, ...}}].

The data categories a victim consents to, in the words read to them, are referrals' catalogue
(``referrals.domain.fields.CATEGORIES``): copied here until referrals offers it over RPC.
"""

from __future__ import annotations

from typing import Any

from portal.clients.rpc import Call

CONSENT_WORDING_VERSION = "portal-consent-v1"
CONSENT_FORMS = ("verbal", "written", "digital")
CATEGORIES: dict[str, str] = {
    "case": "the landlord's case reference and the officer to contact",
    "contact": "the victim's name and how to contact them",
    "address": "the victim's address",
    "language": "the victim's language and whether an interpreter is needed",
    "incident": "what happened, when and where, without the victim's own account",
    "incident_account": "the victim's own account of the incident",
    "hate_perception": "the hostility the victim or others perceived (race, religion ...)",
    "risk": "the landlord's assessment of risk to the victim",
    "vulnerability": "health, disability and other vulnerability of the victim",
    "support": "support the victim has agreed with the landlord",
    "perpetrator": "what is known about the alleged perpetrator",
    "police": "whether the police were told, and their crime reference",
}
SPECIAL_CATEGORIES = frozenset({"incident_account", "hate_perception", "vulnerability", "perpetrator", "police"})


class ReferralsClient:
    def __init__(self, call: Call) -> None:
        self._call = call

    def partners(self) -> list[dict[str, Any]]:
        return self._call("referrals", "list_partners")  # type: ignore[no-any-return]

    def consents(self, case_id: str) -> list[dict[str, Any]]:
        return self._call("referrals", "get_consent_record", case_id)  # type: ignore[no-any-return]

    def record_consent(self, payload: dict[str, Any]) -> list[dict[str, Any]]:
        return self._call("referrals", "record_consent",  # type: ignore[no-any-return]
                          {"wording_version": CONSENT_WORDING_VERSION, **payload})

    def withdraw_consent(self, payload: dict[str, Any]) -> list[dict[str, Any]]:
        return self._call("referrals", "withdraw_consent", payload)  # type: ignore[no-any-return]

    def referrals(self, case_id: str) -> list[dict[str, Any]]:
        return self._call("referrals", "list_referrals", case_id)  # type: ignore[no-any-return]

    def request_referral(self, payload: dict[str, Any]) -> dict[str, Any]:
        return self._call("referrals", "request_referral", payload)  # type: ignore[no-any-return]
