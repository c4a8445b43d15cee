"""How a report is classified for counting, decided once from what intake recorded.

POL-2 (perception first, Macpherson): a racist incident is any incident perceived to be racist by the
victim or any other person, so the perceived strands decide, whatever the triage. A hate incident is
one perceived to be motivated by hostility on one of the regulator's five monitored strands (or one
intake triaged as a hate incident). Strands the landlord records locally (sex or gender, age, other)
are counted beside them but do not make a hate incident for the regulator.
"""

from __future__ import annotations

from collections.abc import Iterable

from hcs.contracts.common import HATE_STRANDS, STRANDS

STRAND_BITS = {strand: 1 << index for index, strand in enumerate(STRANDS)}
MONITORED_STRANDS = sum(STRAND_BITS[s] for s in HATE_STRANDS)
# A report withdrawn for one of these reasons never was a report; one withdrawn at the reporter's
# request still was (the incident was reported) and still counts.
VOID_REASONS = frozenset({"made_in_error", "duplicate"})
THIRD_PARTY_CHANNELS = ("third_party_centre", "partner_agency")


def strand_mask(strands: Iterable[str]) -> int:
    return sum(STRAND_BITS[s] for s in set(strands) if s in STRAND_BITS)


def strands_of(mask: int) -> list[str]:
    return [s for s in STRANDS if mask & STRAND_BITS[s]]


def is_racist(strands: Iterable[str]) -> bool:
    return "race" in set(strands)


def is_hate_incident(triage: str | None, strands: Iterable[str]) -> bool:
    return triage == "hate_incident" or bool(strand_mask(strands) & MONITORED_STRANDS)
