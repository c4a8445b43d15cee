from sqlalchemy.orm import Session

from hcs.db import SqlAlchemyUnitOfWork
from repairs.adapters.repository import SqlCallbackLog, SqlDeliveryLog, SqlJobRepository


class RepairsUnitOfWork(SqlAlchemyUnitOfWork):
    jobs: SqlJobRepository
    deliveries: SqlDeliveryLog
    callbacks: SqlCallbackLog

    def bind(self, session: Session) -> None:
        self.jobs = SqlJobRepository(session)
        self.deliveries = SqlDeliveryLog(session)
        self.callbacks = SqlCallbackLog(session)
