from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hcs.db import SqlAlchemyUnitOfWork
from intake.adapters.privacy import SqlPersonIndex, SqlReportRetention, SqlSubjectAccessRegister
from intake.adapters.repository import ConcurrentWrite, SqlReportRepository
from intake.adapters.teams import SqlCaseTeams

__all__ = ["ConcurrentWrite", "IntakeUnitOfWork"]


class IntakeUnitOfWork(SqlAlchemyUnitOfWork):
    reports: SqlReportRepository
    register: SqlSubjectAccessRegister
    people: SqlPersonIndex
    retention: SqlReportRetention
    teams: SqlCaseTeams

    def bind(self, session: Session) -> None:
        self.reports = SqlReportRepository(session)
        self.register = SqlSubjectAccessRegister(session)
        self.people = SqlPersonIndex(session)
        self.retention = SqlReportRetention(session)
        self.teams = SqlCaseTeams(session)

    def commit(self) -> None:
        try:
            super().commit()
        except IntegrityError:
            self.rollback()
            raise ConcurrentWrite("a concurrent write to the same report") from None
