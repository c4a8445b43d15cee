"""What cases keeps of other services' records about its cases: the partner referrals it asked for
(referrals' events) and the repair requests it made (repairs' events). Both feed the timeline and
the closure checklist."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from cases.adapters.orm import partner_referrals, repair_requests

CLOSED_REFERRAL = ("done", "rejected", "revoked", "withdrawn", "refused")


class SqlPartnerReferrals:
    def __init__(self, session: Session) -> None:
        self.session = session

    def note(self, ref_key: str, case_id: str, status: str, at: datetime, *, request_id: str | None,
             partner: str | None, partner_kind: str | None, purpose: str | None) -> None:
        t = partner_referrals
        row = self.session.execute(select(t.c.status).where(t.c.ref_key == ref_key)).first()
        if row is None:
            self.session.execute(insert(t).values(
                ref_key=ref_key, case_id=case_id, request_id=request_id, partner=partner,
                partner_kind=partner_kind, purpose=purpose, status=status, updated_at=at))
        elif row.status not in CLOSED_REFERRAL:  # a late "accepted" never reopens a closed referral
            self.session.execute(update(t).where(t.c.ref_key == ref_key).values(status=status, updated_at=at))

    def rekey(self, request_id: str, referral_id: str) -> bool:
        """The referral our request became: from now on its events name it by referral id."""
        t = partner_referrals
        taken = self.session.execute(select(t.c.ref_key).where(t.c.ref_key == referral_id)).first()
        if taken is not None:
            return False
        result = self.session.execute(
            update(t).where(t.c.ref_key == f"request:{request_id}").values(ref_key=referral_id))
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def withdraw_request(self, request_id: str, at: datetime) -> None:
        """A request referrals has not acted on yet, for an action that was cancelled."""
        t = partner_referrals
        self.session.execute(update(t).where(t.c.ref_key == f"request:{request_id}", t.c.status == "requested")
                             .values(status="withdrawn", updated_at=at))

    def open_count(self, case_id: str) -> int:
        t = partner_referrals
        query = select(func.count()).select_from(t).where(t.c.case_id == case_id, t.c.status.not_in(CLOSED_REFERRAL))
        return int(self.session.execute(query).scalar() or 0)

    def for_case(self, case_id: str) -> list[dict[str, object]]:
        t = partner_referrals
        query = select(t).where(t.c.case_id == case_id).order_by(t.c.updated_at)
        return [dict(r._mapping) for r in self.session.execute(query)]


class SqlRepairRequests:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, request_id: str, case_id: str, action_id: str | None, report_id: str | None, at: datetime) -> None:
        self.session.execute(insert(repair_requests).values(
            request_id=request_id, case_id=case_id, action_id=action_id, report_id=report_id,
            status="requested", requested_at=at, updated_at=at))

    def get(self, request_id: str) -> dict[str, object] | None:
        row = self.session.execute(select(repair_requests).where(repair_requests.c.request_id == request_id)).first()
        return dict(row._mapping) if row else None

    def by_job(self, job_id: str) -> dict[str, object] | None:
        row = self.session.execute(select(repair_requests).where(repair_requests.c.job_id == job_id)).first()
        return dict(row._mapping) if row else None

    def update(self, request_id: str, at: datetime, **values: object) -> None:
        self.session.execute(update(repair_requests).where(repair_requests.c.request_id == request_id)
                             .values(updated_at=at, **values))

    def for_case(self, case_id: str) -> list[dict[str, object]]:
        query = select(repair_requests).where(repair_requests.c.case_id == case_id).order_by(
            repair_requests.c.requested_at)
        return [dict(r._mapping) for r in self.session.execute(query)]
