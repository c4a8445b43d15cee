"""Officer allocation by team and patch (issue 4; POL-3).

The victim may ask for an officer of the same sex, the same ethnic origin, or both. The request is
honoured where a trained officer in the team matches; either way the outcome is recorded on the
case. Among the officers who fit, the one covering the case's patch with the fewest open cases wins.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from cases.domain.staff import StaffMember, TrainingRule
from cases.domain.vocabulary import HOUSING_OFFICER

WANTS = {"same_sex": ("sex",), "same_ethnic_origin": ("ethnic_origin",),
         "same_sex_and_ethnic_origin": ("sex", "ethnic_origin")}


@dataclass(frozen=True)
class Choice:
    officer: StaffMember | None
    honoured: bool | None  # None: no request to honour
    note: str | None


def wanted(preference: str | None) -> tuple[str, ...]:
    return WANTS.get(preference or "", ())


def matches(officer: StaffMember, preference: str | None, match: Mapping[str, str] | None) -> bool | None:
    """Whether ``officer`` honours the victim's request; None when there is no request."""
    needed = wanted(preference)
    if not needed:
        return None
    match = match or {}
    return all(match.get(k) and getattr(officer, k) == match.get(k) for k in needed)


def eligible(staff: Sequence[StaffMember], team: str | None, stream: str, training: TrainingRule,
             today: date) -> list[StaffMember]:
    return [s for s in staff if s.active and s.role == HOUSING_OFFICER and s.team == team
            and stream in s.streams and training.may_take_cases(s.trained_on, today)]


def choose_officer(staff: Sequence[StaffMember], *, team: str | None, patch: str | None, stream: str,
                   preference: str | None, match: Mapping[str, str] | None, caseload: Mapping[str, int],
                   training: TrainingRule, today: date, exclude: str | None = None) -> Choice:
    pool = [s for s in eligible(staff, team, stream, training, today) if s.staff_id != exclude]
    if not pool:
        return Choice(None, None, f"no trained officer in team {team} for this stream")
    needed = wanted(preference)
    if needed:
        if not match or not all(match.get(k) for k in needed):
            return Choice(None, None, "the victim's request needs their stated "
                          + " and ".join(k.replace("_", " ") for k in needed))
        fitting = [s for s in pool if matches(s, preference, match)]
        if fitting:
            return Choice(_least_loaded(fitting, patch, caseload), True, None)
        return Choice(_least_loaded(pool, patch, caseload), False,
                      "no trained officer in the team matches the victim's request")
    return Choice(_least_loaded(pool, patch, caseload), None, None)


def _least_loaded(pool: Sequence[StaffMember], patch: str | None, caseload: Mapping[str, int]) -> StaffMember:
    return min(pool, key=lambda s: (patch not in s.patches if patch else False, caseload.get(s.staff_id, 0),
                                    s.staff_id))
