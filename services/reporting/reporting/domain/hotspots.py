"""Hot spots: where incidents cluster, ranked, with the change since the last period (code 1.2.2).

Areas are postcode sectors (several thousand addresses) for every audience, and, for staff only,
clusters of neighbouring UPRNs (a postcode unit, about fifteen addresses) with how many addresses in
the cluster reported and how many reported more than once. No UPRN or address ever leaves the read
model. Incidents with no usable postcode are counted apart, never guessed into an area.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from reporting.domain.figures import Figure
from reporting.domain.suppression import THRESHOLD, is_small

LEVELS = ("sector", "cluster")


@dataclass(frozen=True)
class HotSpot:
    rank: int
    area: str
    incidents: Figure
    previous: Figure
    addresses: int | None = None
    repeat_addresses: int | None = None

    @property
    def change(self) -> int | None:
        if self.incidents.hidden or self.previous.hidden:
            return None
        return self.incidents.numerator - self.previous.numerator

    @property
    def change_text(self) -> str:
        change = self.change
        return "*" if change is None else f"{change:+d}"


@dataclass(frozen=True)
class Cluster:
    incidents: int
    addresses: int
    repeat_addresses: int


@dataclass(frozen=True)
class HotSpots:
    level: str
    spots: list[HotSpot]
    unmapped: Figure  # incidents in the period with no usable postcode
    areas_with_incidents: int


def rank(current: Mapping[str | None, int], previous: Mapping[str | None, int], top: int, suppressed: bool,
         level: str = "sector", clusters: Mapping[str, Cluster] | None = None) -> HotSpots:
    """Areas ranked by incidents this period (most first; ties by area name). Suppressed lists keep
    only areas with at least five incidents, and hide small figures of the period before."""
    areas = sorted((a for a, n in current.items() if a is not None and n > 0), key=lambda a: (-current[a], a))
    if suppressed:
        areas = [a for a in areas if current[a] >= THRESHOLD]
    spots = []
    for position, area in enumerate(areas[:top], start=1):
        now, before = Figure("count", current[area]), Figure("count", previous.get(area, 0))
        if suppressed and is_small(before):
            before = before.hide("small")
        cluster = (clusters or {}).get(area)
        spots.append(HotSpot(position, area, now, before, cluster.addresses if cluster else None,
                             cluster.repeat_addresses if cluster else None))
    unmapped = Figure("count", current.get(None, 0))
    if suppressed and is_small(unmapped):
        unmapped = unmapped.hide("small")
    return HotSpots(level, spots, unmapped, sum(1 for a, n in current.items() if a is not None and n > 0))


def heat(spots: list[HotSpot], counts: Mapping[tuple[str | None, int], int], months: list[int],
         suppressed: bool) -> list[list[int | None]]:
    """Incidents per area (rows, in rank order) and month (columns); small cells hidden when suppressed."""
    def cell(area: str, month: int) -> int | None:
        n = counts.get((area, month), 0)
        return None if suppressed and 0 < n < THRESHOLD else n

    return [[cell(s.area, m) for m in months] for s in spots]
