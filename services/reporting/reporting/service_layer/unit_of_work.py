from sqlalchemy.orm import Session

from hcs.db import SqlAlchemyUnitOfWork
from reporting.adapters.artefacts import SqlArtefactStore
from reporting.adapters.readmodel import SqlReadModel
from reporting.adapters.repository import SqlFactRepository


class ReportingUnitOfWork(SqlAlchemyUnitOfWork):
    facts: SqlFactRepository
    read_model: SqlReadModel
    artefacts: SqlArtefactStore

    def bind(self, session: Session) -> None:
        self.facts = SqlFactRepository(session)
        self.read_model = SqlReadModel(session)
        self.artefacts = SqlArtefactStore(session)
