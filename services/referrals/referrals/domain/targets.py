"""Response targets per partner, with a red / amber / green status for each open referral.

A referral waits for something at every open step: to be delivered (the landlord's own target), to
be acknowledged and then decided by the partner (the agreement's targets, counted from when it was
sent). Green while less than ``amber_fraction`` of the time has gone, amber after that, red once the
target has passed. An accepted referral waits for the partner's outcome, which has no target.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from referrals.domain.partners import Agreement
from referrals.domain.referral import Referral, Status

GREEN, AMBER, RED = "green", "amber", "red"


@dataclass(frozen=True)
class Targets:
    delivery_within: timedelta = timedelta(hours=1)
    amber_fraction: float = 0.75


@dataclass(frozen=True)
class ResponseStatus:
    waiting_for: str | None
    due_at: datetime | None
    rag: str | None


NOTHING = ResponseStatus(None, None, None)


def response_status(referral: Referral, agreement: Agreement | None, now: datetime,
                    targets: Targets = Targets()) -> ResponseStatus:
    if referral.status is Status.REQUESTED:
        return _status("delivery", referral.requested_at, referral.requested_at + targets.delivery_within,
                       now, targets)
    if agreement is None or referral.sent_at is None:
        return NOTHING
    sent = referral.sent_at
    if referral.status is Status.SENT:
        return _status("acknowledgement", sent, sent + timedelta(hours=agreement.acknowledge_within_hours),
                       now, targets)
    if referral.status is Status.ACKNOWLEDGED:
        return _status("decision", sent, sent + timedelta(hours=agreement.respond_within_hours), now, targets)
    if referral.status is Status.ACCEPTED:
        return ResponseStatus("outcome", None, None)
    return NOTHING


def _status(waiting_for: str, start: datetime, due: datetime, now: datetime, targets: Targets) -> ResponseStatus:
    if now >= due:
        return ResponseStatus(waiting_for, due, RED)
    amber_from = start + (due - start) * targets.amber_fraction
    return ResponseStatus(waiting_for, due, AMBER if now >= amber_from else GREEN)


def met_target(referral: Referral, agreement: Agreement | None) -> bool | None:
    """Whether the partner decided (accepted or rejected) within its target; None if not yet."""
    if agreement is None or referral.sent_at is None or referral.decided_at is None:
        return None
    return referral.decided_at <= referral.sent_at + timedelta(hours=agreement.respond_within_hours)
