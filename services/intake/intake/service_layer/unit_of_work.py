from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hcs.db import SqlAlchemyUnitOfWork
from intake.adapters.repository import ConcurrentWrite, SqlReportRepository

__all__ = ["ConcurrentWrite", "IntakeUnitOfWork"]


class IntakeUnitOfWork(SqlAlchemyUnitOfWork):
    reports: SqlReportRepository

    def bind(self, session: Session) -> None:
        self.reports = SqlReportRepository(session)

    def commit(self) -> None:
        try:
            super().commit()
        except IntegrityError:
            self.rollback()
            raise ConcurrentWrite("a concurrent write to the same report") from None
