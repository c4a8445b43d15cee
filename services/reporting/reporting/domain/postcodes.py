"""UK postcodes cut to the areas hot spots are mapped by (code of practice 1.2.2).

``SW1A 1AA`` has the district ``SW1A`` (outward code), the sector ``SW1A 1`` (several thousand
addresses) and the unit ``SW1A 1AA`` (about fifteen neighbouring addresses: the cluster of UPRNs the
Operations Director's hot spots show). A sector on its own (``SW1A 1``, with the space: what an
anonymised fact keeps, see ``reporting.domain.minimise``) maps to its district and sector. Anything
else that is not a well-formed postcode maps to no area, never to a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9])([A-Z]{2})$")
_SECTOR = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ([0-9])$")  # "E1 6": what an anonymised fact keeps


@dataclass(frozen=True)
class Areas:
    district: str | None = None
    sector: str | None = None
    unit: str | None = None


NO_AREA = Areas()


def areas_of(postcode: str | None) -> Areas:
    if not postcode:
        return NO_AREA
    sector = _SECTOR.match(" ".join(postcode.upper().split()))
    if sector:
        return Areas(sector.group(1), f"{sector.group(1)} {sector.group(2)}", None)
    compact = re.sub(r"\s+", "", postcode).upper()
    match = _POSTCODE.match(compact)
    if not match:
        return NO_AREA
    outward, sector_digit, unit_letters = match.groups()
    return Areas(outward, f"{outward} {sector_digit}", f"{outward} {sector_digit}{unit_letters}")


def sector_of(postcode: str | None) -> str | None:
    """``E1 6AN`` as ``E1 6``: the area a report stays counted in once its home is forgotten."""
    return areas_of(postcode).sector
