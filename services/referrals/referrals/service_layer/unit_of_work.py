"""Referrals' unit of work: one transaction over every repository, with the outbox, inbox and audit."""

from sqlalchemy.orm import Session

from hcs.db import SqlAlchemyUnitOfWork
from referrals.adapters.erasure import SqlSharingErasure
from referrals.adapters.referral_store import (
    SqlDeliveryAttempts,
    SqlDisclosureLog,
    SqlPartnerCallbacks,
    SqlReferralRepository,
    SqlStopNotices,
)
from referrals.adapters.repository import (
    SqlAgreementRepository,
    SqlCaseIndex,
    SqlConsentRepository,
    SqlPartnerRepository,
)


class ReferralsUnitOfWork(SqlAlchemyUnitOfWork):
    cases: SqlCaseIndex
    consents: SqlConsentRepository
    partners: SqlPartnerRepository
    agreements: SqlAgreementRepository
    referrals: SqlReferralRepository
    disclosures: SqlDisclosureLog
    notices: SqlStopNotices
    attempts: SqlDeliveryAttempts
    callbacks: SqlPartnerCallbacks
    erasure: SqlSharingErasure

    def bind(self, session: Session) -> None:
        self.cases = SqlCaseIndex(session)
        self.consents = SqlConsentRepository(session)
        self.partners = SqlPartnerRepository(session)
        self.agreements = SqlAgreementRepository(session)
        self.referrals = SqlReferralRepository(session)
        self.disclosures = SqlDisclosureLog(session)
        self.notices = SqlStopNotices(session)
        self.attempts = SqlDeliveryAttempts(session)
        self.callbacks = SqlPartnerCallbacks(session)
        self.erasure = SqlSharingErasure(session)
