"""What the handlers need besides a unit of work: the clock rules, the registry and the text screen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from repairs.domain.contractors import Contractor
from repairs.domain.screening import TextScreen
from repairs.domain.target import SlaPolicy


@dataclass(frozen=True)
class Rules:
    policy: SlaPolicy
    contractors: tuple[Contractor, ...]
    screen: TextScreen
    accept_within: timedelta = timedelta(minutes=30)

    def contractor(self, name: str | None) -> Contractor | None:
        return next((c for c in self.contractors if c.name == name), None)

    def accept_window(self, contractor: Contractor) -> timedelta:
        return contractor.accept_within or self.accept_within
