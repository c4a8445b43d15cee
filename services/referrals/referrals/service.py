"""The referrals service: consent records and referrals to partner agencies behind the consent gate."""

from __future__ import annotations

from typing import Any

from hcs import schemas
from hcs.auth import STAFF_ROLES, require_role, rpc
from hcs.db import Database
from hcs.events import Event
from hcs.messaging import consumes
from hcs.service import ServiceBase
from referrals.schemas import (
    CaseRefSchema,
    ConsentSchema,
    ConsentViewSchema,
    ReferralRequestSchema,
    ReferralViewSchema,
    WithdrawalSchema,
)
from referrals.service_layer import handlers
from referrals.service_layer.unit_of_work import ReferralsUnitOfWork


class ReferralsService(ServiceBase):
    name = "referrals"
    db = Database(ReferralsUnitOfWork)

    @rpc
    def record_consent(self, payload: dict[str, Any]) -> dict[str, Any]:
        require_role(self.caller, STAFF_ROLES, "record consent")
        details = schemas.load(ConsentSchema(), payload, "consent")
        return ConsentViewSchema().dump(handlers.record_consent(self.db(), details, self.caller))  # type: ignore[no-any-return]

    @rpc
    def withdraw_consent(self, case_id: str, partner: str) -> dict[str, Any]:
        require_role(self.caller, STAFF_ROLES, "withdraw consent")
        details = schemas.load(WithdrawalSchema(), {"case_id": case_id, "partner": partner}, "withdrawal")
        return ConsentViewSchema().dump(handlers.withdraw(self.db(), details, self.caller))  # type: ignore[no-any-return]

    @rpc
    def request_referral(self, payload: dict[str, Any]) -> dict[str, Any]:
        require_role(self.caller, STAFF_ROLES, "request referrals")
        details = schemas.load(ReferralRequestSchema(), payload, "referral")
        return ReferralViewSchema().dump(handlers.request_referral(self.db(), details, self.caller))  # type: ignore[no-any-return]

    @rpc
    def list_consents(self, case_id: str) -> list[dict[str, Any]]:
        require_role(self.caller, STAFF_ROLES, "read consents")
        case = schemas.load(CaseRefSchema(), {"case_id": case_id}, "case")
        return ConsentViewSchema(many=True).dump(  # type: ignore[no-any-return]
            handlers.list_consents(self.db(), case["case_id"], self.caller))

    @rpc
    def list_referrals(self, case_id: str) -> list[dict[str, Any]]:
        require_role(self.caller, STAFF_ROLES, "read referrals")
        case = schemas.load(CaseRefSchema(), {"case_id": case_id}, "case")
        return ReferralViewSchema(many=True).dump(  # type: ignore[no-any-return]
            handlers.list_referrals(self.db(), case["case_id"], self.caller))

    @consumes("case_opened")
    def on_case_opened(self, event: Event, uow: Any) -> None:
        handlers.index_case(uow, event)
