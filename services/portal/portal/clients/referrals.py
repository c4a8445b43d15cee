"""Referrals' RPCs as the portal uses them (issue 6; ``services/referrals/referrals/service.py``).

- ``record_consent({case_id, partners[], purposes[], data_categories[], withhold {partner: [field]},
  how, wording_version, given_at, expires_at, idempotency_key})`` -> [consent record per partner];
- ``withdraw_consent({case_id, partners|None (every partner), how, withdrawn_at, idempotency_key})``;
- ``get_consent_record(case_id)`` -> [{consent_id, partner, version, status given|withdrawn|expired,
  purposes, data_categories, withheld_fields, how, wording_version, given_at, expires_at,
  withdrawn_at, recorded_at, recorded_by}], every version;
- ``request_referral({case_id, partner, purpose, data_categories[], idempotency_key})``: refused with
  ``hcs.errors.ConsentRefused`` (reason no_consent, consent_withdrawn ...) by the consent gate;
- ``revoke_referral({referral_id, reason})``; ``list_referrals(case_id)``, ``get_referral(id)``
  (with history, fields disclosed, disclosures, stop notice); ``referral_board({partner})``;
- ``list_partners()`` -> [{code, name, kind, delivery, active, agreement {purposes {purpose:
  [field]}, lawful_basis ...}}]; ``get_sharing_catalogue()`` -> {categories: [{code, description,
  sensitive}], fields: [{name, category, sensitivity}]};
- ``list_disclosures({partner, case_id, referral_id, since, until, after, limit})`` (the data
  protection officer's disclosure log, oldest first, paged by ``seq``).
"""

from __future__ import annotations

from typing import Any

from portal.clients.port import Payload, Port, given

CONSENT_WORDING_VERSION = "portal-consent-v1"  # what the consent page reads to the victim
CONSENT_FORMS = ("verbal", "written", "digital")
REVOKE_REASONS = ("victim_request", "no_longer_needed", "sent_in_error", "wrong_partner", "case_closed", "other")
DISCLOSURE_PAGE = 50


class ReferralsClient(Port):
    service = "referrals"

    def partners(self) -> list[Payload]:
        return self._rpc("list_partners")  # type: ignore[no-any-return]

    def sharing_catalogue(self) -> Payload:
        return self._rpc("get_sharing_catalogue")  # type: ignore[no-any-return]

    def consents(self, case_id: str) -> list[Payload]:
        return self._rpc("get_consent_record", case_id)  # type: ignore[no-any-return]

    def record_consent(self, payload: Payload) -> list[Payload]:
        return self._rpc("record_consent", {"wording_version": CONSENT_WORDING_VERSION, **payload})  # type: ignore[no-any-return]

    def withdraw_consent(self, payload: Payload) -> list[Payload]:
        return self._rpc("withdraw_consent", payload)  # type: ignore[no-any-return]

    def referrals(self, case_id: str) -> list[Payload]:
        return self._rpc("list_referrals", case_id)  # type: ignore[no-any-return]

    def referral(self, referral_id: str) -> Payload:
        return self._rpc("get_referral", referral_id)  # type: ignore[no-any-return]

    def request_referral(self, payload: Payload) -> Payload:
        return self._rpc("request_referral", payload)  # type: ignore[no-any-return]

    def revoke_referral(self, payload: Payload) -> Payload:
        return self._rpc("revoke_referral", payload)  # type: ignore[no-any-return]

    def referral_board(self, partner: str | None = None) -> Payload:
        return self._rpc("referral_board", given(partner=partner))  # type: ignore[no-any-return]

    def disclosures(self, query: Payload, after: int = 0) -> tuple[list[Payload], int | None]:
        """One page of the disclosure log, and the ``after`` of the next page (None: the last)."""
        wanted: dict[str, Any] = {**given(**query), "after": after, "limit": DISCLOSURE_PAGE + 1}
        found: list[Payload] = self._rpc("list_disclosures", wanted)
        page = found[:DISCLOSURE_PAGE]
        return page, (page[-1]["seq"] if len(found) > DISCLOSURE_PAGE else None)
