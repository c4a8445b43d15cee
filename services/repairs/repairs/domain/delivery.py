"""Messages to contractors' systems, and how often one is tried again when their system is down.

Every message (a job offer, an amendment, a withdrawal) is written in the same transaction as the
change to the job that causes it, and then sent until the contractor's system takes it: nothing is
lost while their endpoint is down. Each message has one ``webhook-id`` for every attempt, and a job
offer carries the job id, so a retry can never become a second job at the contractor.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime
from typing import Any

FIRST_RETRY_SECONDS = 0.25
OFFER, AMENDMENT, WITHDRAWAL = "job.offered", "job.amended", "job.withdrawn"
KINDS = (OFFER, AMENDMENT, WITHDRAWAL)


@dataclass
class OutboundMessage:
    """``data`` is frozen when the message is written: a retry sends exactly the same body."""

    webhook_id: str
    job_id: str
    contractor: str
    assignment: int
    kind: str
    data: dict[str, Any]
    created_at: datetime
    next_attempt_at: datetime
    attempts: int = 0
    status: str = "pending"  # pending | delivered | superseded (withdrawn before it was sent)
    delivered_at: datetime | None = None
    id: int | None = None

    @staticmethod
    def webhook_id_for(job_id: str, assignment: int, kind: str, sequence: int = 0) -> str:
        suffix = kind.split(".", 1)[1]
        return f"{job_id}.{assignment}.{suffix}" + (f".{sequence}" if sequence else "")

    def body(self, at: datetime) -> dict[str, Any]:
        """A Standard Webhooks payload: type, timestamp, data."""
        return {"type": self.kind, "timestamp": at.isoformat(), "data": self.data}


@dataclass(frozen=True)
class DeliveryAttempt:
    """One try at sending a message: the HTTP status, or the class of the error when there was none."""

    job_id: str
    webhook_id: str
    attempt: int
    at: datetime
    status_code: int | None
    error: str | None
    contractor: str = ""

    @property
    def delivered(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300

    @property
    def outcome(self) -> str:
        return "delivered" if self.delivered else "failed"


def retry_delay(attempt: int, ceiling: float, rng: random.Random | None = None) -> float:
    """Exponential backoff with jitter: about 0.25 s, 0.5 s, 1 s ... never more than ``ceiling``."""
    rng = rng or random.Random()
    base = min(ceiling, FIRST_RETRY_SECONDS * 2 ** max(attempt - 1, 0))
    return base * (0.5 + rng.random() / 2)
