"""How often a job is offered to a contractor whose system does not answer."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime
from typing import Any

FIRST_RETRY_SECONDS = 0.25


@dataclass(frozen=True)
class Contractor:
    name: str
    endpoint: str
    secret: str
    trades: tuple[str, ...] = ()

    def __repr__(self) -> str:  # the secret never reaches a log
        return f"Contractor({self.name!r}, {self.endpoint!r})"


@dataclass(frozen=True)
class DeliveryAttempt:
    """One try at sending a job: the HTTP status, or the class of the error when there was none."""

    job_id: str
    attempt: int
    at: datetime
    status_code: int | None
    error: str | None

    @property
    def delivered(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300

    @property
    def outcome(self) -> str:
        return "delivered" if self.delivered else "failed"


def choose_contractor(registry: list[Contractor], work: dict[str, Any] | None = None) -> Contractor:
    """The walking skeleton sends every job to the first contractor in the registry."""
    if not registry:
        raise LookupError("no contractor is registered for harassment repairs")
    return registry[0]


def retry_delay(attempt: int, ceiling: float, rng: random.Random | None = None) -> float:
    """Exponential backoff with jitter: about 0.25 s, 0.5 s, 1 s ... never more than ``ceiling``."""
    rng = rng or random.Random()
    base = min(ceiling, FIRST_RETRY_SECONDS * 2 ** max(attempt - 1, 0))
    return base * (0.5 + rng.random() / 2)
