"""The contractor registry and how a job finds its contractor: by trade, area and capacity.

A contractor covers some trades ("general" covers them all), some postcode districts (``E1``), whole
postcode areas (``E``) or anywhere (``*``), works certain hours, and takes at most ``capacity`` open
jobs at once. Emergency jobs (the POL-6 24-hour clock) go first to contractors on duty now, and out of
their hours only to those with emergency cover. Contractors who rejected the job, or let it time
out, are not offered it again unless staff choose them.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

ANYWHERE = "*"
GENERAL_TRADE = "general"
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_OUTWARD = re.compile(r"^([A-Z]{1,2})([0-9][0-9A-Z]?)$")


@dataclass(frozen=True)
class Hours:
    """Days (0 = Monday) and local opening times; ``closes`` of 00:00 means midnight."""

    days: frozenset[int] = frozenset(range(7))
    opens: time = time(0, 0)
    closes: time = time(0, 0)

    def covers(self, local: datetime) -> bool:
        """Overnight hours (opens 18:00, closes 08:00) run past midnight into the next day."""
        now, midnight = local.time(), time(0, 0)
        if self.closes == midnight or self.opens < self.closes:
            return local.weekday() in self.days and now >= self.opens and \
                (self.closes == midnight or now < self.closes)
        if now >= self.opens:
            return local.weekday() in self.days
        return now < self.closes and (local.weekday() - 1) % 7 in self.days

    def describe(self) -> dict[str, object]:
        return {"days": [DAYS[d] for d in sorted(self.days)], "opens": self.opens.strftime("%H:%M"),
                "closes": self.closes.strftime("%H:%M")}


@dataclass(frozen=True)
class Contractor:
    name: str
    endpoint: str
    secret: str = field(repr=False)
    trades: tuple[str, ...] = (GENERAL_TRADE,)
    areas: tuple[str, ...] = (ANYWHERE,)
    hours: Hours = Hours()
    emergency_cover: bool = True  # attends emergencies outside its hours
    capacity: int = 50
    display_name: str = ""
    accept_within: timedelta | None = None  # overrides the service-wide acceptance window

    def __repr__(self) -> str:  # the secret never reaches a log
        return f"Contractor({self.name!r}, {self.endpoint!r})"

    def does(self, trade: str) -> bool:
        return trade in self.trades or GENERAL_TRADE in self.trades

    def covers(self, district: str | None) -> bool:
        if ANYWHERE in self.areas:
            return True
        if district is None:
            return False
        area = _OUTWARD.match(district)
        return district in self.areas or (area is not None and area.group(1) in self.areas)

    def can_attend(self, priority: str, local_now: datetime) -> bool:
        return priority != "emergency" or self.emergency_cover or self.hours.covers(local_now)

    def directory_entry(self) -> dict[str, object]:
        """What staff may see: never the endpoint's credentials or the signing secret."""
        return {"name": self.name, "display_name": self.display_name or self.name,
                "trades": list(self.trades), "areas": list(self.areas), "hours": self.hours.describe(),
                "emergency_cover": self.emergency_cover, "capacity": self.capacity}


def postcode_district(postcode: str | None) -> str | None:
    """The outward code of a UK postcode ("e1 6an" -> "E1"), or None when there is none."""
    if not postcode:
        return None
    compact = re.sub(r"\s+", "", postcode).upper()
    outward = compact[:-3] if len(compact) > 4 else compact
    return outward if _OUTWARD.match(outward) else None


@dataclass(frozen=True)
class WorkNeeded:
    trade: str
    district: str | None
    priority: str


def eligible(registry: Iterable[Contractor], work: WorkNeeded, loads: Mapping[str, int],
             excluded: Collection[str], local_now: datetime) -> list[Contractor]:
    """Contractors who may take the work now, best first: on duty before out-of-hours cover, then
    the least loaded (open jobs against capacity), then the registry's order."""
    found = [c for c in registry if c.name not in excluded and c.does(work.trade) and c.covers(work.district)
             and loads.get(c.name, 0) < c.capacity and c.can_attend(work.priority, local_now)]
    order = {c.name: i for i, c in enumerate(found)}
    return sorted(found, key=lambda c: (not c.hours.covers(local_now), loads.get(c.name, 0) / c.capacity,
                                        order[c.name]))


def choose_contractor(registry: Iterable[Contractor], work: WorkNeeded, loads: Mapping[str, int],
                      excluded: Collection[str], local_now: datetime) -> Contractor | None:
    best = eligible(registry, work, loads, excluded, local_now)
    return best[0] if best else None
