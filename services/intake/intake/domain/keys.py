"""Keys that say "the same party" without naming it.

A report's household, the place of the incident and each alleged perpetrator get a *place key*: a
keyed digest (HMAC-SHA256, secret from intake's config) of the property's UPRN, or failing that of
its postcode and first address line. Two reports about the same property carry the same key, so
cases can link reports about the same household or the same alleged perpetrator (and notice when a
report's perpetrator is another report's victim), while an event never carries the perpetrator's
address. A postcode alone covers a dozen homes or more and makes no key.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from intake.domain.people import PersonKey


@dataclass(frozen=True)
class Keys:
    """The place keys of one report: its household, where it happened, each alleged perpetrator;
    and the person keys of everyone it names (``intake.domain.people``: subject access)."""

    household: str | None = None
    incident_place: str | None = None
    perpetrators: tuple[str, ...] = ()
    people: tuple[PersonKey, ...] = ()

    def of_places(self) -> set[str]:
        return {k for k in (self.household, self.incident_place) if k}


_POSTCODE = re.compile(r"^([A-Z]{1,2}\d[A-Z\d]?)(\d[A-Z]{2})$")


def normalise_postcode(value: Any) -> str | None:
    """``e16an`` and ``E1  6AN`` both become ``E1 6AN``; anything else is returned unchanged."""
    if not value:
        return None
    compact = re.sub(r"\s+", "", str(value)).upper()
    match = _POSTCODE.match(compact)
    return f"{match.group(1)} {match.group(2)}" if match else str(value).strip()


def _normalise_line(value: Any) -> str:
    return " ".join(re.sub(r"[^a-z0-9 ]", " ", str(value or "").lower()).split())


def place_key(address: Mapping[str, Any] | None, secret: bytes) -> str | None:
    if not address:
        return None
    uprn = str(address.get("uprn") or "").strip()
    if uprn.isdigit():
        material = f"uprn|{int(uprn)}"
    else:
        postcode, line = normalise_postcode(address.get("postcode")), _normalise_line(address.get("line"))
        if not (postcode and line):
            return None
        material = f"address|{postcode.replace(' ', '')}|{line}"
    return "k" + hmac.new(secret, material.encode(), hashlib.sha256).hexdigest()[:40]


def report_keys(details: Mapping[str, Any], secret: bytes) -> Keys:
    from intake.domain.people import people_of  # people builds on place keys

    household = (details.get("household") or {}).get("address")
    if not household:
        household = next((v.get("address") for v in details.get("victims") or [] if v.get("address")), None)
    perpetrators = (place_key(p.get("address"), secret) for p in details.get("perpetrators") or [])
    return Keys(place_key(household, secret), place_key((details.get("incident") or {}).get("address"), secret),
                tuple(dict.fromkeys(k for k in perpetrators if k)), people_of(details, secret))
