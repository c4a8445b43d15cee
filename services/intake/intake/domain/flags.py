"""Flags raised on a report at triage, each with its reason.

- urgent: threats of violence, physical assault, arson or fire risk (configurable); threats by an
  identifiable perpetrator add the without-notice injunction prompt (code 1.4.1);
- repeat_victim: this household's Nth report within the window (3 in 91 days unless configured),
  counting this one, leaving out withdrawn reports and possible duplicates of this one;
- vulnerable_victim: a victim's recorded vulnerabilities or support needs, or (configurable) a
  Care & Support household (code 1.2.3);
- repair_needed: damage needing repair (POL-6);
- interpreter_needed (code 1.4.4);
- possible_duplicate: an earlier report, from another channel, about the same household or place,
  whose incident time overlaps this one's (within the configured tolerance).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from intake.domain.keys import Keys
from intake.domain.times import incident_window
from intake.domain.vocabulary import TRIAGE_FLAGS, listed

if TYPE_CHECKING:
    from intake.domain.triage import TriageRules


@dataclass(frozen=True)
class EarlierReport:
    """What the flag rules need to know of another report sharing a place key with this one."""

    report_id: str
    channel: str
    received_at: datetime
    household_key: str | None
    incident_place_key: str | None
    incident_window: tuple[datetime, datetime] | None
    withdrawn: bool = False

    @property
    def places(self) -> set[str]:
        return {k for k in (self.household_key, self.incident_place_key) if k}


@dataclass(frozen=True)
class Flags:
    flags: tuple[str, ...]
    reasons: tuple[str, ...]
    possible_duplicate_of: tuple[str, ...] = ()


def flag(details: Mapping[str, Any], rules: TriageRules, keys: Keys, received_at: datetime | None,
         earlier: Sequence[EarlierReport]) -> Flags:
    raised: dict[str, list[str]] = {}
    types = set((details.get("incident") or {}).get("types") or [])
    urgent = sorted(types & rules.urgent_incident_types)
    if urgent:
        raised["urgent"] = [f"Urgent: {listed(urgent)} reported. Contact the victim and assess their safety "
                            "today (code 1.4.1)."]
        if "threats_of_violence" in types and any(p.get("known") for p in details.get("perpetrators") or []):
            raised["urgent"].append("Threats of violence by an identifiable perpetrator: consider a without-notice "
                                    "injunction and a counselling referral (code 1.4.1).")
    victims = details.get("victims") or []
    if any(v.get("vulnerabilities") or v.get("support_needs") for v in victims):
        raised["vulnerable_victim"] = ["A victim has recorded vulnerabilities or support needs: plan support and "
                                       "target-hardening with them (POL-3, code 1.2.3)."]
    elif rules.care_support_is_vulnerable and details.get("stream") == "care_support":
        raised["vulnerable_victim"] = ["The household lives in Care & Support housing: treat the victim as "
                                       "vulnerable (POL-3, code 1.2.3)."]
    if details.get("damage"):
        raised["repair_needed"] = ["Damage needs repair: complete it, or make the home safe and secure, within "
                                   "24 hours (POL-6)."]
    if any(v.get("interpreter_needed") for v in victims):
        raised["interpreter_needed"] = ["An interpreter is needed: arrange one for every contact (code 1.4.4)."]
    window = incident_window(details)
    before = [e for e in earlier if not e.withdrawn and (received_at is None or e.received_at <= received_at)]
    duplicates = _possible_duplicates(details.get("channel"), keys, window, before, rules)
    if duplicates:
        channels = sorted({e.channel for e in before if e.report_id in duplicates})
        raised["possible_duplicate"] = [f"Possibly the same incident as {_reports(len(duplicates))} from another "
                                        f"channel ({listed(channels)}), about the same household or place at the "
                                        "same time: check before acting twice."]
    repeat = _repeat_count(keys, received_at, before, duplicates, rules)
    if repeat >= rules.repeat_victim_reports:
        raised["repeat_victim"] = [f"{repeat} reports from this household in the last {rules.repeat_victim_days} "
                                   "days, this one included: a repeat victim."]
    ordered = tuple(f for f in TRIAGE_FLAGS if f in raised)
    return Flags(ordered, tuple(r for f in ordered for r in raised[f]), tuple(duplicates))


def _possible_duplicates(channel: Any, keys: Keys, window: tuple[datetime, datetime] | None,
                         earlier: Sequence[EarlierReport], rules: TriageRules) -> list[str]:
    places = keys.of_places()
    if not places or window is None:
        return []
    tolerance = rules.duplicate_window
    found = []
    for other in earlier:
        if other.channel == channel or not (places & other.places) or other.incident_window is None:
            continue
        start, end = other.incident_window
        if start - tolerance <= window[1] and window[0] - tolerance <= end:
            found.append(other.report_id)
    return found


def _repeat_count(keys: Keys, received_at: datetime | None, earlier: Sequence[EarlierReport],
                  duplicates: list[str], rules: TriageRules) -> int:
    if keys.household is None or received_at is None:
        return 1
    since = received_at - rules.repeat_window
    return 1 + sum(1 for e in earlier if e.household_key == keys.household and e.received_at >= since
                   and e.report_id not in duplicates)


def _reports(count: int) -> str:
    return "an earlier report" if count == 1 else f"{count} earlier reports"
