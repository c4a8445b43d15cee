from sqlalchemy.orm import Session

from hcs.db import SqlAlchemyUnitOfWork
from intake.adapters.repository import SqlReportRepository


class IntakeUnitOfWork(SqlAlchemyUnitOfWork):
    reports: SqlReportRepository

    def bind(self, session: Session) -> None:
        self.reports = SqlReportRepository(session)
