"""Referrals' part of the answer to a subject access request: the sharing records of the requester's
cases (``referrals.domain.disclosure``); every case read is audited against it."""

from __future__ import annotations

from typing import Any

from hcs.auth import Caller
from referrals import views
from referrals.domain.disclosure import disclose_sharing
from referrals.service_layer.access import audit

MAX_DISCLOSURES = 10_000


def subject_access_part(uow: Any, caller: Caller, reference: str, cases: dict[str, list[str]]) -> dict[str, Any]:
    records, withheld, review = [], [], []
    with uow:
        for case_id, roles in sorted(cases.items()):
            consents = views.ConsentViewSchema(many=True).dump(uow.consents.for_case(case_id))
            referrals = []
            for referral in uow.referrals.for_case(case_id):
                body = views.ReferralSchema().dump(referral)
                notice = uow.notices.for_referral(referral.referral_id)
                body.update({"history": views.TransitionSchema(many=True).dump(referral.history),
                             "outcome_note": referral.outcome_note, "partner_reference": referral.partner_reference,
                             "stop_notice": views.NoticeViewSchema().dump(notice) if notice else None})
                body.pop("last_error", None)
                referrals.append(body)
            disclosures = views.DisclosureViewSchema(many=True).dump(
                uow.disclosures.query(case_id=case_id, limit=MAX_DISCLOSURES))
            if not (consents or referrals or disclosures):
                continue
            shown = disclose_sharing(case_id, set(roles), consents, referrals, disclosures)
            records.append(shown.content)
            withheld.extend(shown.withheld)
            review.extend(shown.review)
            audit(uow, caller, "subject_access_part", "case", case_id, reason=f"subject access {reference}")
        uow.commit()
    return {"service": "referrals", "request": reference, "records": {"cases": records}, "withheld": withheld,
            "review": review, "notes": [], "links": {}}
