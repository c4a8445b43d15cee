from sqlalchemy.orm import Session

from hcs.db import SqlAlchemyUnitOfWork
from repairs.adapters.erasure import SqlJobErasure
from repairs.adapters.logs import SqlDeliveryLog, SqlMessageBox, SqlUpdateLog
from repairs.adapters.repository import SqlJobRepository


class RepairsUnitOfWork(SqlAlchemyUnitOfWork):
    jobs: SqlJobRepository
    messages: SqlMessageBox
    deliveries: SqlDeliveryLog
    updates: SqlUpdateLog
    erasure: SqlJobErasure

    def bind(self, session: Session) -> None:
        self.jobs = SqlJobRepository(session)
        self.messages = SqlMessageBox(session)
        self.deliveries = SqlDeliveryLog(session)
        self.updates = SqlUpdateLog(session)
        self.erasure = SqlJobErasure(session)
