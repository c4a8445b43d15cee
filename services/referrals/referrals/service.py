"""The referrals service: consent records and referrals to partner agencies behind the consent gate
(POL-5), thin nameko entrypoints over referrals' handlers.

Partners reach it over HTTP, each request signed (Standard Webhooks) with the partner's own secret:
``POST /partners/<code>/callbacks`` (acknowledged, accepted, rejected, done, deleted) and, for
partners without an endpoint of their own, ``POST /partners/<code>/pull``. The data protection
entrypoints (subject access, the expiry run, ``case_erased``) are in ``referrals.entrypoints.privacy``.
"""

from __future__ import annotations

from typing import Any

from prometheus_client import Counter
from werkzeug.wrappers import Request, Response

from hcs import schemas
from hcs.auth import ADMINISTRATOR, DATA_PROTECTION_OFFICER, require_role, rpc
from hcs.db import Database
from hcs.errors import Forbidden, HcsError
from hcs.events import Event
from hcs.messaging import consumes
from hcs.web import http
from referrals import views
from referrals.adapters import partner_http
from referrals.adapters.systems import DeliveryTimer, PartnerSystems
from referrals.entrypoints.privacy import PrivacyEntrypoints
from referrals.schemas import (
    AgreementSchema,
    BoardQuerySchema,
    CaseRefSchema,
    ConsentSchema,
    CredentialsSchema,
    DisclosureQuerySchema,
    PartnerReportSchema,
    PartnerSchema,
    PartnerUpdateSchema,
    PullSchema,
    ReferralRequestSchema,
    RevokeSchema,
    WithdrawalSchema,
)
from referrals.service_layer import (
    callbacks,
    case_events,
    consents,
    delivery,
    notices,
    pull,
    queries,
    registry,
    requests,
)
from referrals.service_layer.access import ACTORS, READERS, audit
from referrals.service_layer.unit_of_work import ReferralsUnitOfWork
from referrals.views import ConsentViewSchema, DisclosureViewSchema, PartnerDetailSchema, PartnerViewSchema

SENT = Counter("hcs_referral_deliveries_total", "Attempts to send a referral or a stop notice to a partner",
               ["service", "kind", "outcome"])
DIRECTORY = READERS | {ADMINISTRATOR}


class ReferralsService(PrivacyEntrypoints):
    name = "referrals"
    db = Database(ReferralsUnitOfWork)
    partners = PartnerSystems()

    # consent (POL-5)
    @rpc
    def record_consent(self, payload: dict[str, Any]) -> list[dict[str, Any]]:
        self._allow(ACTORS, "record_consent")
        details = schemas.load(ConsentSchema(), payload, "consent")
        return ConsentViewSchema(many=True).dump(consents.record_consent(self.db(), details, self.caller))  # type: ignore[no-any-return]

    @rpc
    def withdraw_consent(self, payload: dict[str, Any]) -> list[dict[str, Any]]:
        self._allow(ACTORS, "withdraw_consent")
        details = schemas.load(WithdrawalSchema(), payload, "withdrawal")
        return ConsentViewSchema(many=True).dump(consents.withdraw(self.db(), details, self.caller))  # type: ignore[no-any-return]

    @rpc
    def get_consent_record(self, case_id: str) -> list[dict[str, Any]]:
        self._allow(READERS, "consent_record")
        case = schemas.load(CaseRefSchema(), {"case_id": case_id}, "case")
        return ConsentViewSchema(many=True).dump(queries.consent_record(self.db(), case["case_id"], self.caller))  # type: ignore[no-any-return]

    # referrals
    @rpc
    def request_referral(self, payload: dict[str, Any]) -> dict[str, Any]:
        self._allow(ACTORS, "request_referral")
        details = schemas.load(ReferralRequestSchema(), payload, "referral")
        return views.ReferralSchema().dump(requests.request_referral(self.db(), details, self.caller))  # type: ignore[no-any-return]

    @rpc
    def revoke_referral(self, payload: dict[str, Any]) -> dict[str, Any]:
        self._allow(ACTORS, "revoke_referral")
        details = schemas.load(RevokeSchema(), payload, "revocation")
        return views.ReferralSchema().dump(requests.revoke(self.db(), details, self.caller))  # type: ignore[no-any-return]

    @rpc
    def list_referrals(self, case_id: str) -> list[dict[str, Any]]:
        self._allow(READERS, "list_referrals")
        case = schemas.load(CaseRefSchema(), {"case_id": case_id}, "case")
        found = queries.referrals_for_case(self.db(), case["case_id"], self.caller, self.partners.settings.targets)
        return [views.referral_view(v) for v in found]

    @rpc
    def get_referral(self, referral_id: str) -> dict[str, Any]:
        self._allow(READERS, "get_referral")
        wanted = schemas.record_id(referral_id, "referral_id")
        return views.referral_detail(queries.referral_detail(self.db(), wanted, self.caller,
                                                             self.partners.settings.targets))

    @rpc
    def referral_board(self, query: dict[str, Any] | None = None) -> dict[str, Any]:
        """Open referrals the caller may see, each red / amber / green, and the count per partner."""
        self._allow(READERS, "referral_board")
        filters = schemas.load(BoardQuerySchema(), query or {}, "query")
        found = queries.referral_board(self.db(), self.caller, self.partners.settings.targets, filters.get("partner"))
        return views.board(found)

    # partner registry and the disclosure log (code 1.3.3)
    @rpc
    def list_partners(self) -> list[dict[str, Any]]:
        self._allow(DIRECTORY, "partner_directory")
        return PartnerViewSchema(many=True).dump(queries.partner_directory(self.db(), self.caller))  # type: ignore[no-any-return]

    @rpc
    def get_partner(self, code: str) -> dict[str, Any]:
        self._allow(DIRECTORY, "get_partner")
        wanted = schemas.record_id(code, "code")
        return PartnerDetailSchema().dump(queries.partner_detail(self.db(), wanted, self.caller))  # type: ignore[no-any-return]

    @rpc
    def get_sharing_catalogue(self) -> dict[str, Any]:
        """Categories and fields of data that can ever be shared (not a record: not audited)."""
        self._allow(DIRECTORY, "sharing_catalogue")
        return views.catalogue()

    @rpc(sensitive_arguments=("payload",))
    def register_partner(self, payload: dict[str, Any]) -> dict[str, Any]:
        self._allow({ADMINISTRATOR}, "register_partner")
        registry.register_partner(self.db(), schemas.load(PartnerSchema(), payload, "partner"), self.caller)
        return self.get_partner(payload["code"])

    @rpc
    def update_partner(self, payload: dict[str, Any]) -> dict[str, Any]:
        self._allow({ADMINISTRATOR}, "update_partner")
        registry.update_partner(self.db(), schemas.load(PartnerUpdateSchema(), payload, "partner"), self.caller)
        return self.get_partner(payload["code"])

    @rpc(sensitive_arguments=("payload",))
    def set_partner_credentials(self, payload: dict[str, Any]) -> dict[str, Any]:
        self._allow({ADMINISTRATOR}, "set_partner_credentials")
        details = schemas.load(CredentialsSchema(), payload, "credentials")
        registry.set_credentials(self.db(), details["code"], details["secret"], self.caller)
        return {"code": details["code"], "credentials_set": True}

    @rpc
    def record_agreement(self, payload: dict[str, Any]) -> dict[str, Any]:
        self._allow({DATA_PROTECTION_OFFICER}, "record_agreement")
        agreement = registry.record_agreement(self.db(), schemas.load(AgreementSchema(), payload, "agreement"),
                                              self.caller)
        return views.AgreementViewSchema().dump(agreement)  # type: ignore[no-any-return]

    @rpc
    def list_disclosures(self, query: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        self._allow({DATA_PROTECTION_OFFICER}, "disclosure_log")
        filters = schemas.load(DisclosureQuerySchema(), query or {}, "query")
        return DisclosureViewSchema(many=True).dump(queries.disclosure_log(self.db(), filters, self.caller))  # type: ignore[no-any-return]

    # partners' systems
    @http("POST", "/partners/<code>/callbacks")
    def partner_callback(self, request: Request, code: str) -> Response:
        try:
            body = partner_http.verified_body(self.db, request, code, "partner_callback")
            report = schemas.load(PartnerReportSchema(), partner_http.json_body(body), "callback")
            receipt = callbacks.record_partner_report(self.db(), code, request.headers["webhook-id"], report)
        except HcsError as exc:
            return partner_http.error(exc)
        return partner_http.answer(receipt.__dict__)

    @http("POST", "/partners/<code>/pull")
    def partner_pull(self, request: Request, code: str) -> Response:
        try:
            body = partner_http.verified_body(self.db, request, code, "pull")
            wanted = partner_http.json_body(body) if body else {}  # an empty body: the default batch
            limit = schemas.load(PullSchema(), wanted, "pull")["limit"]
            pull.first_use(self.db(), code, request.headers["webhook-id"])
            batch = pull.pull(self.db, self.partners.source, code, limit, callbacks.partner_caller(code),
                              self.partners.settings.policy)
        except HcsError as exc:
            return partner_http.error(exc)
        return partner_http.answer({"referrals": batch.referrals, "notices": batch.notices})

    @DeliveryTimer.decorator(interval=0.5)
    def deliver(self) -> None:
        """Notice expired consents, send due referrals (gate in each claim), then due stop notices."""
        actor, policy = self.caller, self.partners.settings.policy
        consents.expire_due(self.db, actor)
        tick = delivery.deliver_due(self.db, self.partners.source, self.partners.client, actor, policy)
        sent, failed = notices.deliver_due_notices(self.db, self.partners.client, actor, policy)
        for kind, outcome, count in (("referral", "delivered", tick.delivered), ("referral", "failed", tick.failed),
                                     ("referral", "postponed", tick.postponed), ("notice", "delivered", sent),
                                     ("notice", "failed", failed)):
            if count:
                SENT.labels(self.name, kind, outcome).inc(count)

    # cases' events
    @consumes("case_opened")
    def on_case_opened(self, event: Event, uow: Any) -> None:
        case_events.case_opened(uow, event.data)

    @consumes("report_linked")
    def on_report_linked(self, event: Event, uow: Any) -> None:
        case_events.report_linked(uow, event.data)

    @consumes("case_allocated")
    def on_case_allocated(self, event: Event, uow: Any) -> None:
        case_events.case_allocated(uow, event.data, self.caller)

    @consumes("partner_referral_requested")
    def on_partner_referral_requested(self, event: Event, uow: Any) -> None:
        case_events.partner_referral_requested(uow, event.data)

    @consumes("case_closed")
    def on_case_closed(self, event: Event, uow: Any) -> None:
        case_events.case_closed(uow, event.data)

    def _allow(self, roles: Any, action: str) -> None:
        """Deny by default; a refused role is audited before the caller hears no."""
        try:
            require_role(self.caller, roles, action.replace("_", " "))
        except Forbidden:
            with self.db() as uow:
                audit(uow, self.caller, action, outcome="refused", reason=f"role {self.caller.role}")
                uow.commit()
            raise
