"""The POL-6 clock: completed, or made safe, within 24 hours of the report."""

from __future__ import annotations

import enum
from datetime import datetime


class TargetOutcome(enum.StrEnum):
    COMPLETED_IN_TIME = "completed_in_time"
    MADE_SAFE_IN_TIME = "made_safe_in_time"
    RUNNING = "running"
    BREACHED = "breached"

    @property
    def met(self) -> bool:
        return self in (TargetOutcome.COMPLETED_IN_TIME, TargetOutcome.MADE_SAFE_IN_TIME)


def assess(target_at: datetime, made_safe_at: datetime | None, completed_at: datetime | None,
           now: datetime) -> TargetOutcome:
    if completed_at is not None and completed_at <= target_at:
        return TargetOutcome.COMPLETED_IN_TIME
    if made_safe_at is not None and made_safe_at <= target_at:
        return TargetOutcome.MADE_SAFE_IN_TIME
    if now <= target_at:
        return TargetOutcome.RUNNING
    return TargetOutcome.BREACHED
