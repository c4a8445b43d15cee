from sqlalchemy.orm import Session

from hcs.db import SqlAlchemyUnitOfWork
from referrals.adapters.repository import SqlCaseIndex, SqlConsentRepository, SqlReferralRepository


class ReferralsUnitOfWork(SqlAlchemyUnitOfWork):
    cases: SqlCaseIndex
    consents: SqlConsentRepository
    referrals: SqlReferralRepository

    def bind(self, session: Session) -> None:
        self.cases = SqlCaseIndex(session)
        self.consents = SqlConsentRepository(session)
        self.referrals = SqlReferralRepository(session)
