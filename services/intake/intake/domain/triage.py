"""Triage of a report, kept with it and never a reason to discard it (POL-1, POL-2).

The outcome (with its ASB category) comes from ``intake.domain.outcome``, the flags from
``intake.domain.flags``; each says why in words a housing officer reads. The rules are configurable
(``extra.triage`` in intake's config) through ``TriageRules``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from intake.domain import flags as flag_rules
from intake.domain import outcome as outcome_rules
from intake.domain.keys import Keys

URGENT_INCIDENT_TYPES = frozenset({"threats_of_violence", "physical_assault", "arson"})


@dataclass(frozen=True)
class TriageRules:
    repeat_victim_reports: int = 3
    repeat_victim_days: int = 91  # "3 months"
    duplicate_window_hours: float = 3.0
    urgent_incident_types: frozenset[str] = URGENT_INCIDENT_TYPES
    local_strands_are_hate_incidents: bool = True
    care_support_is_vulnerable: bool = True

    @property
    def repeat_window(self) -> timedelta:
        return timedelta(days=self.repeat_victim_days)

    @property
    def duplicate_window(self) -> timedelta:
        return timedelta(hours=self.duplicate_window_hours)

    @property
    def lookback(self) -> timedelta:
        """How far back earlier reports matter to either rule."""
        return max(self.repeat_window, timedelta(days=31))


@dataclass(frozen=True)
class Triage:
    outcome: str
    reasons: tuple[str, ...]
    asb_category: str | None = None
    strands: tuple[str, ...] = ()
    perceived_by: str | None = None
    flags: tuple[str, ...] = ()
    possible_duplicate_of: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return {"outcome": self.outcome, "asb_category": self.asb_category, "reasons": list(self.reasons),
                "strands": list(self.strands), "perceived_by": self.perceived_by, "flags": list(self.flags),
                "possible_duplicate_of": list(self.possible_duplicate_of)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Triage:
        return cls(data["outcome"], tuple(data.get("reasons") or ()), data.get("asb_category"),
                   tuple(data.get("strands") or ()), data.get("perceived_by"), tuple(data.get("flags") or ()),
                   tuple(data.get("possible_duplicate_of") or ()))


def triage(details: Mapping[str, Any], rules: TriageRules, keys: Keys = Keys(), received_at: datetime | None = None,
           earlier: Sequence[flag_rules.EarlierReport] = ()) -> Triage:
    """Triage a report given the earlier reports that share one of its place keys.

    ``received_at`` is when this report arrived: only reports received before it count."""
    found = outcome_rules.classify(details, rules)
    raised = flag_rules.flag(details, rules, keys, received_at, earlier)
    return Triage(found.outcome, found.reasons + raised.reasons, found.asb_category, found.strands,
                  found.perceived_by, raised.flags, raised.possible_duplicate_of)
