"""Erasing a case's sharing records. Consent records, the disclosure log and referral history are
append-only in the database: their triggers let a row go only once the tombstone of its case (or
referral) is in ``erased`` in the same transaction, so the service layer remembers the ids first."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from hcs.clock import as_utc
from referrals.adapters.orm import (
    cases,
    consents,
    delivery_attempts,
    disclosures,
    partner_callbacks,
    referral_history,
    referrals,
    stop_notices,
)


class SqlSharingErasure:
    def __init__(self, session: Session) -> None:
        self.session = session

    def closed_before(self, cutoff: datetime, limit: int) -> list[str]:
        query = (select(cases.c.case_id).where(cases.c.closed_at.is_not(None), cases.c.closed_at <= cutoff)
                 .order_by(cases.c.closed_at).limit(limit))
        return list(self.session.execute(query).scalars())

    def lock(self, case_id: str) -> dict[str, object] | None:
        row = self.session.execute(select(cases.c.case_id, cases.c.stream, cases.c.closed_at)
                                   .where(cases.c.case_id == case_id).with_for_update()).first()
        if row is None:
            return None
        return {"case_id": row.case_id, "stream": row.stream,
                "closed_at": as_utc(row.closed_at) if row.closed_at else None}

    def ids_of(self, case_id: str) -> dict[str, list[str]]:
        """The referrals' and consent records' ids of a case (for the tombstones)."""
        return {"referral": list(self.session.execute(select(referrals.c.referral_id)
                                                      .where(referrals.c.case_id == case_id)).scalars()),
                "consent": list(self.session.execute(select(consents.c.consent_id)
                                                     .where(consents.c.case_id == case_id)).scalars())}

    def erase(self, case_id: str, referral_ids: list[str]) -> None:
        for table in (referral_history, delivery_attempts, partner_callbacks):
            if referral_ids:
                self.session.execute(delete(table).where(table.c.referral_id.in_(referral_ids)))
        for table in (disclosures, stop_notices, referrals, consents, cases):
            self.session.execute(delete(table).where(table.c.case_id == case_id))
