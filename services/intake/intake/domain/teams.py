"""Which team's staff may see a report that is in a case (as cases decides for the case itself,
``cases.domain.access.refusal``).

- A report in a case whose team intake knows is kept to that team for housing officers and seniors:
  an officer or senior of another team (or with no team in their token) is refused it.
- Managers see every team's reports in their streams; the data protection officer reads every report.
- A report not in a case, or in a case whose team intake has not learnt (events published before
  cases named the team), stays open to the staff of its stream: the officer who took it can read it
  back before a case exists.

Streams (POL-7) are checked first, apart (``intake.service_layer.access``).
"""

from __future__ import annotations

from hcs.auth import HOUSING_OFFICER, SENIOR, Caller

TEAM_BOUND = frozenset({HOUSING_OFFICER, SENIOR})


def team_refusal(caller: Caller, case_team: str | None) -> str | None:
    """None when the caller may see a report whose case is held by ``case_team`` (None: no case or no
    team known); otherwise the reason, for the audit row."""
    if caller.role in TEAM_BOUND and case_team is not None and caller.team != case_team:
        return "see a report in another team's case"
    return None


def held_to_team(caller: Caller) -> bool:
    """Does a listing for this caller leave out the reports of other teams' cases?"""
    return caller.role in TEAM_BOUND
