"""The staff directory (POL-10, policy section 4; POL-3).

Each member of staff has a role, a team, the patches and streams they cover, who they report to,
and the date they were last trained in the harassment policy. Sex and ethnic origin are recorded
only where the member of staff chose to record them, and used only to honour a victim's request for
an officer of the same sex or ethnic origin. Cases go only to officers trained in the policy; an
overdue refresher is flagged (and, if the landlord so configures, stops new allocations).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from dateutil.relativedelta import relativedelta

from cases.domain.errors import InvalidCommand
from cases.domain.vocabulary import STAFF_ROLES, STREAMS

SEXES = ("female", "male", "other")
TRAINED, REFRESHER_OVERDUE, NOT_TRAINED = "trained", "refresher_overdue", "not_trained"


@dataclass(frozen=True)
class TrainingRule:
    refresher_months: int = 12
    block_when_overdue: bool = False

    def __post_init__(self) -> None:
        if self.refresher_months < 1:
            raise ValueError("refresher_months is at least 1")

    def status(self, trained_on: date | None, today: date) -> str:
        if trained_on is None:
            return NOT_TRAINED
        return REFRESHER_OVERDUE if self.refresher_due(trained_on) < today else TRAINED

    def refresher_due(self, trained_on: date) -> date:
        return trained_on + relativedelta(months=self.refresher_months)

    def may_take_cases(self, trained_on: date | None, today: date) -> bool:
        status = self.status(trained_on, today)
        return status == TRAINED or (status == REFRESHER_OVERDUE and not self.block_when_overdue)


@dataclass
class StaffMember:
    staff_id: str
    name: str
    role: str
    team: str
    patches: list[str] = field(default_factory=list)
    streams: list[str] = field(default_factory=lambda: list(STREAMS))
    reports_to: str | None = None
    trained_on: date | None = None
    sex: str | None = None
    ethnic_origin: str | None = None
    active: bool = True
    updated_at: datetime | None = None
    updated_by: str | None = None

    def check(self, today: date) -> None:
        if self.role not in STAFF_ROLES:
            raise InvalidCommand("role", "Staff in the directory are housing officers, seniors or managers.")
        if not set(self.streams) <= set(STREAMS) or not self.streams:
            raise InvalidCommand("streams", "Name at least one stream: general_needs, care_support.")
        if self.trained_on is not None and self.trained_on > today:
            raise InvalidCommand("trained_on", "Training cannot be recorded for a future date.")
        if self.sex is not None and self.sex not in SEXES:
            raise InvalidCommand("sex", f"One of {', '.join(SEXES)}, or leave it unrecorded.")
        if self.reports_to == self.staff_id:
            raise InvalidCommand("reports_to", "Nobody reports to themselves.")


@dataclass(frozen=True)
class Placement:
    """A patch: the postcode areas (``E``), districts (``E1``) or sectors (``E1 6``) it covers."""

    patch: str
    team: str
    postcodes: tuple[str, ...]
    stream: str | None = None


def postcode_parts(postcode: str | None) -> set[str]:
    """A UK postcode's area, district, sector and whole code, without spaces: ``E1 6AN`` gives
    ``E``, ``E1``, ``E16`` and ``E16AN``. A partial code gives what can be told of it."""
    code = (postcode or "").replace(" ", "").upper()
    if len(code) < 5:  # not a full postcode: take it as a district
        return {code, code.rstrip("0123456789")} - {""}
    outward, inward = code[:-3], code[-3:]
    return {outward.rstrip("0123456789"), outward, outward + inward[0], code} - {""}


def place(postcode: str | None, stream: str, placements: tuple[Placement, ...],
          default_team: str | None) -> tuple[str | None, str | None]:
    """``(team, patch)`` for a case's address: the most specific patch that covers the postcode; one
    for the case's own stream beats one for both."""
    parts = postcode_parts(postcode)
    best: tuple[tuple[int, bool], Placement] | None = None
    for placement in placements:
        if placement.stream not in (None, stream):
            continue
        for entry in placement.postcodes:
            norm = entry.replace(" ", "").upper()
            rank = (len(norm), placement.stream is not None)
            if norm in parts and (best is None or rank > best[0]):
                best = (rank, placement)
    if best is None:
        return default_team, None
    return best[1].team, best[1].patch
