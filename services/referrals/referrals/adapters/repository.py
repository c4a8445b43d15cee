"""Cases, consents and referrals in and out of the database."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from hcs.clock import as_utc
from referrals.adapters.orm import cases, consents, referrals
from referrals.domain.consent import ConsentRecord
from referrals.domain.model import CaseEntry, Referral


class SqlCaseIndex:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, case_id: str) -> CaseEntry | None:
        row = self.session.execute(select(cases).where(cases.c.case_id == case_id)).first()
        return CaseEntry(row.case_id, row.stream) if row else None

    def add(self, case: CaseEntry, opened_at: datetime) -> None:
        self.session.execute(insert(cases).values(case_id=case.case_id, stream=case.stream,
                                                  opened_at=opened_at.astimezone(UTC)))


class SqlConsentRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def for_case(self, case_id: str) -> list[ConsentRecord]:
        query = select(consents).where(consents.c.case_id == case_id).order_by(
            consents.c.partner, consents.c.version)
        return [_to_consent(row) for row in self.session.execute(query)]

    def add(self, record: ConsentRecord) -> None:
        self.session.execute(insert(consents).values(
            consent_id=record.consent_id, case_id=record.case_id, partner=record.partner,
            version=record.version, status=record.status, purposes=sorted(record.purposes),
            data_categories=sorted(record.data_categories), given_by=record.given_by,
            expires_at=record.expires_at and record.expires_at.astimezone(UTC),
            recorded_at=record.recorded_at.astimezone(UTC),
            recorded_by=record.recorded_by))


class SqlReferralRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, referral: Referral) -> None:
        self.session.execute(insert(referrals).values(
            referral_id=referral.referral_id, idempotency_key=referral.idempotency_key,
            case_id=referral.case_id, stream=referral.stream, partner=referral.partner,
            purpose=referral.purpose, data_categories=sorted(referral.data_categories),
            status=referral.status, requested_at=referral.requested_at.astimezone(UTC),
            requested_by=referral.requested_by, consent_id=referral.consent_id))

    def by_idempotency_key(self, key: str) -> Referral | None:
        row = self.session.execute(select(referrals).where(referrals.c.idempotency_key == key)).first()
        return _to_referral(row) if row else None

    def for_case(self, case_id: str) -> list[Referral]:
        query = select(referrals).where(referrals.c.case_id == case_id).order_by(referrals.c.requested_at)
        return [_to_referral(row) for row in self.session.execute(query)]


def _to_consent(row: Any) -> ConsentRecord:
    return ConsentRecord(row.consent_id, row.case_id, row.partner, row.version, row.status,
                         frozenset(row.purposes), frozenset(row.data_categories), row.given_by,
                         as_utc(row.expires_at) if row.expires_at else None, as_utc(row.recorded_at),
                         row.recorded_by)


def _to_referral(row: Any) -> Referral:
    return Referral(row.referral_id, row.idempotency_key, row.case_id, row.stream, row.partner,
                    row.purpose, frozenset(row.data_categories), row.status, as_utc(row.requested_at),
                    row.requested_by, row.consent_id)
