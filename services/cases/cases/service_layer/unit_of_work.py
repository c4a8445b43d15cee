from sqlalchemy.orm import Session

from cases.adapters.repository import SqlCaseRepository
from hcs.db import SqlAlchemyUnitOfWork


class CasesUnitOfWork(SqlAlchemyUnitOfWork):
    cases: SqlCaseRepository

    def bind(self, session: Session) -> None:
        self.cases = SqlCaseRepository(session)
