"""What portals read: a case's consent record, its referrals (with their response status), one
referral in detail, the open referrals board, the partner directory, and the disclosure log.
Every read leaves one audit row (allowed or refused), never the values read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from hcs.auth import Caller
from hcs.errors import NotFound
from referrals.domain.consent import ConsentRecord
from referrals.domain.model import Disclosure, StopNotice
from referrals.domain.partners import Agreement, Partner, agreement_in_force
from referrals.domain.referral import Referral
from referrals.domain.targets import ResponseStatus, Targets, met_target, response_status
from referrals.service_layer.access import audit, refusal, refuse, visible_case


@dataclass(frozen=True)
class ReferralView:
    referral: Referral
    response: ResponseStatus
    decided_within_target: bool | None = None


@dataclass(frozen=True)
class ReferralDetail:
    referral: Referral
    response: ResponseStatus
    disclosures: list[Disclosure]
    notice: StopNotice | None
    attempts: list[dict[str, Any]]
    decided_within_target: bool | None = None


@dataclass(frozen=True)
class PartnerView:
    partner: Partner
    agreement: Agreement | None
    agreements: list[Agreement]
    credentials_set: bool
    credentials_rotated_at: datetime | None


def consent_record(uow: Any, case_id: str, caller: Caller) -> list[ConsentRecord]:
    """The whole consent history of a case, every version of every partner's consent."""
    with uow:
        case = visible_case(uow, case_id, caller, "consent_record")
        found: list[ConsentRecord] = uow.consents.for_case(case.case_id)
        audit(uow, caller, "consent_record", "case", case.case_id)
        uow.commit()
    return found


def referrals_for_case(uow: Any, case_id: str, caller: Caller, targets: Targets) -> list[ReferralView]:
    with uow:
        case = visible_case(uow, case_id, caller, "list_referrals")
        found = [_view(uow, r, targets) for r in uow.referrals.for_case(case.case_id)]
        audit(uow, caller, "list_referrals", "case", case.case_id)
        uow.commit()
    return found


def referral_detail(uow: Any, referral_id: str, caller: Caller, targets: Targets) -> ReferralDetail:
    with uow:
        referral: Referral | None = uow.referrals.get(referral_id)
        if referral is None:
            refuse(uow, caller, "get_referral", "referral", referral_id, "unknown referral",
                   NotFound(f"no referral {referral_id}"))
        assert referral is not None
        visible_case(uow, referral.case_id, caller, "get_referral")
        view = _view(uow, referral, targets)
        detail = ReferralDetail(referral, view.response, uow.disclosures.for_referral(referral_id),
                                uow.notices.for_referral(referral_id), uow.attempts.for_referral(referral_id),
                                view.decided_within_target)
        audit(uow, caller, "get_referral", "referral", referral_id)
        uow.commit()
    return detail


def referral_board(uow: Any, caller: Caller, targets: Targets, partner: str | None = None,
                   limit: int = 500) -> list[ReferralView]:
    """Open referrals the caller may see, oldest first, each with its red / amber / green status."""
    with uow:
        open_ones: list[Referral] = uow.referrals.open(sorted(caller.streams), partner, limit)
        visible = []
        for referral in open_ones:
            case = uow.cases.get(referral.case_id)
            if case is not None and refusal(caller, case) is None:
                visible.append(_view(uow, referral, targets))
        audit(uow, caller, "referral_board", "partner" if partner else None, partner)
        uow.commit()
    return visible


def partner_directory(uow: Any, caller: Caller) -> list[PartnerView]:
    with uow:
        views = [_partner_view(uow, p) for p in uow.partners.all()]
        audit(uow, caller, "partner_directory")
        uow.commit()
    return views


def partner_detail(uow: Any, code: str, caller: Caller) -> PartnerView:
    with uow:
        partner = uow.partners.get(code)
        if partner is None:
            refuse(uow, caller, "get_partner", "partner", code, "unknown partner", NotFound(f"no partner {code}"))
        view = _partner_view(uow, partner)
        audit(uow, caller, "get_partner", "partner", code)
        uow.commit()
    return view


def disclosure_log(uow: Any, filters: dict[str, Any], caller: Caller) -> list[Disclosure]:
    """For the data protection officer: disclosures matching the filters, oldest first, from an id."""
    with uow:
        found: list[Disclosure] = uow.disclosures.query(**filters)
        audit(uow, caller, "disclosure_log", "case" if filters.get("case_id") else None, filters.get("case_id"))
        uow.commit()
    return found


def _view(uow: Any, referral: Referral, targets: Targets) -> ReferralView:
    agreement = agreement_in_force(uow.agreements.for_partner(referral.partner), referral.sent_at or uow.clock.now())
    return ReferralView(referral, response_status(referral, agreement, uow.clock.now(), targets),
                        met_target(referral, agreement))


def _partner_view(uow: Any, partner: Partner) -> PartnerView:
    versions = sorted(uow.agreements.for_partner(partner.code), key=lambda a: a.version)
    rotated_at = uow.partners.secret_rotated_at(partner.code)
    return PartnerView(partner, agreement_in_force(versions, uow.clock.now()), versions, rotated_at is not None,
                       rotated_at)
