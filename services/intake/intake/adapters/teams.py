"""The team holding each case a report is in, as cases' events tell it (``intake.domain.teams``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, exists, insert, select, update
from sqlalchemy.orm import Session

from hcs.clock import as_utc
from intake.adapters.orm import case_teams, reports


class SqlCaseTeams:
    def __init__(self, session: Session) -> None:
        self.session = session

    def learn(self, case_id: str, team: str, as_of: datetime) -> None:
        """The case is held by ``team`` as of ``as_of``; an older word than the one kept is ignored, so
        a handover stands whichever order the events arrive in. Two at once for a new case are one
        insert that fails (the inbox tries the loser again)."""
        c = case_teams.c
        row = self.session.execute(select(c.as_of).where(c.case_id == case_id).with_for_update()).first()
        if row is None:
            self.session.execute(insert(case_teams).values(case_id=case_id, team=team, as_of=as_of))
        elif as_utc(row.as_of) <= as_of:
            self.session.execute(update(case_teams).where(c.case_id == case_id).values(team=team, as_of=as_of))

    def forget(self, case_id: str) -> None:
        self.session.execute(delete(case_teams).where(case_teams.c.case_id == case_id))

    def of_report(self, report_id: str) -> str | None:
        """The team of the report's case; None if it is in no case or the case's team is unknown."""
        query = (select(case_teams.c.team).select_from(reports.join(case_teams, reports.c.case_id ==
                                                                    case_teams.c.case_id))
                 .where(reports.c.report_id == report_id))
        return self.session.execute(query).scalar()


def in_team(team: str | None) -> Any:
    """For a listing: the report is in no case of another team (None: in no case with a known team)."""
    t = case_teams.c
    other = t.team != team if team is not None else t.team.is_not(None)
    return ~exists(select(t.case_id).where(and_(t.case_id == reports.c.case_id, other)))
