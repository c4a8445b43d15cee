"""The partner registry: partners, their credentials, and their information-sharing agreements.

Administrators register partners and keep their systems' details (endpoint, how they take
referrals, the webhook secret); the data protection officer records agreements (code 1.3.3). A
secret is written, rotated, never read back: views say only whether one is set and when it was
last changed. Partners listed in the config (``extra.partners``) are registered at start if they
are not yet known, so a fresh system has its reference partner.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from hcs.auth import Caller
from hcs.errors import Conflict, NotFound, ValidationFailed
from referrals.domain.partners import WEBHOOK, Agreement, AgreementRuleBroken, Partner, make_agreement
from referrals.service_layer.access import audit, refuse

AGREEMENT_KEYS = ("lawful_basis", "special_category_condition", "purposes", "retention_days",
                  "acknowledge_within_hours", "respond_within_hours", "ends_at", "document_ref")


def register_partner(uow: Any, details: dict[str, Any], caller: Caller) -> Partner:
    with uow:
        if uow.partners.get(details["code"]) is not None:
            refuse(uow, caller, "register_partner", "partner", details["code"], "already registered",
                   Conflict(f"partner {details['code']} is already registered"))
        partner = _add_partner(uow, details, caller)
        uow.commit()
    return partner


def update_partner(uow: Any, details: dict[str, Any], caller: Caller) -> Partner:
    """Change a partner's name, kind, delivery, endpoint or whether it is active."""
    with uow:
        partner: Partner | None = uow.partners.get(details["code"])
        if partner is None:
            raise NotFound(f"no partner {details['code']}")
        changes = {k: details[k] for k in ("name", "kind", "delivery", "endpoint", "active") if k in details}
        updated = replace(partner, **changes)
        if updated.delivery == WEBHOOK and not updated.endpoint:
            raise ValidationFailed("partner is invalid", {"endpoint": ["A webhook partner needs an endpoint."]})
        uow.partners.save(updated)
        audit(uow, caller, "update_partner", "partner", partner.code)
        uow.commit()
    return updated


def set_credentials(uow: Any, code: str, secret: str, caller: Caller) -> None:
    with uow:
        if uow.partners.get(code) is None:
            raise NotFound(f"no partner {code}")
        uow.partners.set_secret(code, secret, uow.clock.now())
        audit(uow, caller, "set_partner_credentials", "partner", code)
        uow.commit()


def record_agreement(uow: Any, details: dict[str, Any], caller: Caller) -> Agreement:
    with uow:
        if uow.partners.get(details["partner"]) is None:
            raise NotFound(f"no partner {details['partner']}")
        agreement = _add_agreement(uow, details["partner"], details, caller.user_id)
        audit(uow, caller, "record_agreement", "partner", details["partner"])
        uow.commit()
    return agreement


def seed_partners(uow: Any, seeds: Iterable[dict[str, Any]], actor: Caller) -> list[str]:
    """Register each configured partner not yet known (with its secret and first agreement)."""
    added = []
    with uow:
        for seed in seeds:
            if uow.partners.get(seed["code"]) is None:
                _add_partner(uow, seed, actor)
                _add_agreement(uow, seed["code"], seed["agreement"], actor.user_id)
                added.append(seed["code"])
        uow.commit()
    return added


def _add_partner(uow: Any, details: dict[str, Any], actor: Caller) -> Partner:
    now = uow.clock.now()
    partner = Partner(details["code"], details["name"], details["kind"], details["delivery"],
                      details.get("endpoint"), details.get("active", True), now)
    if partner.delivery == WEBHOOK and not partner.endpoint:
        raise ValidationFailed("partner is invalid", {"endpoint": ["A webhook partner needs an endpoint."]})
    uow.partners.add(partner)
    uow.partners.set_secret(partner.code, details["secret"], now)
    audit(uow, actor, "register_partner", "partner", partner.code)
    return partner


def _add_agreement(uow: Any, partner: str, details: dict[str, Any], recorded_by: str) -> Agreement:
    now = uow.clock.now()
    versions = uow.agreements.for_partner(partner)
    terms: dict[str, Any] = {k: details.get(k) for k in AGREEMENT_KEYS}
    try:
        agreement = make_agreement(
            partner=partner, previous=max(versions, key=lambda a: a.version) if versions else None,
            effective_from=details.get("effective_from") or now, recorded_by=recorded_by, now=now, **terms)
    except AgreementRuleBroken as exc:
        raise ValidationFailed("agreement is invalid", {exc.field: [str(exc)]}) from None
    uow.agreements.add(agreement)
    return agreement
