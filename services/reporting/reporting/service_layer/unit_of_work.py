from sqlalchemy.orm import Session

from hcs.db import SqlAlchemyUnitOfWork
from reporting.adapters.repository import SqlFactRepository


class ReportingUnitOfWork(SqlAlchemyUnitOfWork):
    facts: SqlFactRepository

    def bind(self, session: Session) -> None:
        self.facts = SqlFactRepository(session)
