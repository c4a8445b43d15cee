"""A referral to a partner agency and its lifecycle.

    requested -> sent -> acknowledged -> accepted | rejected (reason) -> done (partner's outcome)
    revoked (reason) by the landlord, from any open state
    withdrawn when the consent behind it is withdrawn, runs out or no longer covers it
    refused when the consent gate stops it before anything was sent

A partner may skip the acknowledgement and accept or reject at once. Every other move is an
IllegalTransition (a Conflict for the caller). ``holds_data`` says the partner may hold case data
(a delivery was attempted or a pull answered): such a referral, once stopped, owes the partner a
stop-and-delete notice.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


class Status(enum.StrEnum):
    REQUESTED = "requested"
    SENT = "sent"
    ACKNOWLEDGED = "acknowledged"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    DONE = "done"
    REVOKED = "revoked"
    WITHDRAWN = "withdrawn"
    REFUSED = "refused"


S = Status
NEXT: dict[Status, frozenset[Status]] = {
    S.REQUESTED: frozenset({S.SENT, S.REVOKED, S.WITHDRAWN, S.REFUSED}),
    S.SENT: frozenset({S.ACKNOWLEDGED, S.ACCEPTED, S.REJECTED, S.REVOKED, S.WITHDRAWN}),
    S.ACKNOWLEDGED: frozenset({S.ACCEPTED, S.REJECTED, S.REVOKED, S.WITHDRAWN}),
    S.ACCEPTED: frozenset({S.DONE, S.REVOKED, S.WITHDRAWN}),
}
PARTNER_REPORTS = (S.ACKNOWLEDGED, S.ACCEPTED, S.REJECTED, S.DONE)
REVOKE_REASONS = ("victim_request", "no_longer_needed", "sent_in_error", "wrong_partner", "case_closed",
                  "other")
REJECT_REASONS = ("not_eligible", "no_capacity", "out_of_area", "victim_declined", "duplicate", "other")


class IllegalTransition(Exception):
    def __init__(self, referral_id: str, current: Status, wanted: str) -> None:
        super().__init__(f"referral {referral_id} is {current.value} and cannot become {wanted}")
        self.current = current
        self.wanted = wanted


@dataclass(frozen=True)
class Transition:
    status: Status
    at: datetime
    by: str
    reason: str | None = None


@dataclass
class Referral:
    referral_id: str
    idempotency_key: str
    case_id: str
    stream: str
    partner: str
    partner_kind: str | None
    purpose: str
    data_categories: frozenset[str]
    requested_at: datetime
    requested_by: str
    consent_id: str
    request_id: str | None = None
    status: Status = S.REQUESTED
    delivery_attempts: int = 0
    next_attempt_at: datetime | None = None
    last_error: str | None = None
    sent_at: datetime | None = None
    acknowledged_at: datetime | None = None
    decided_at: datetime | None = None
    closed_at: datetime | None = None
    reason: str | None = None
    outcome_note: str | None = None
    partner_reference: str | None = None
    disclosed_fields: frozenset[str] = frozenset()
    first_disclosed_at: datetime | None = None
    partner_deleted_at: datetime | None = None
    history: list[Transition] = field(default_factory=list)

    @property
    def is_open(self) -> bool:
        return self.status in NEXT

    @property
    def holds_data(self) -> bool:
        """The partner may hold this referral's data: something was put on the wire for it."""
        return self.first_disclosed_at is not None

    @property
    def awaiting_delivery(self) -> bool:
        return self.status is S.REQUESTED

    def claim_delivery(self, lease_until: datetime) -> int:
        """Start one attempt (a push or a pull); nobody else tries before ``lease_until``."""
        if self.status not in (S.REQUESTED, S.SENT):
            raise IllegalTransition(self.referral_id, self.status, "sent")
        self.delivery_attempts += 1
        self.next_attempt_at = lease_until
        return self.delivery_attempts

    def disclosed(self, fields: frozenset[str], at: datetime) -> None:
        self.disclosed_fields = self.disclosed_fields | fields
        self.first_disclosed_at = self.first_disclosed_at or at

    def delivery_failed(self, retry_at: datetime, error: str) -> None:
        self.next_attempt_at = retry_at
        self.last_error = error[:200]

    def postpone(self, retry_at: datetime, error: str) -> int:
        """An attempt that failed before anything was sent (the case data could not be fetched)."""
        self.delivery_attempts += 1
        self.delivery_failed(retry_at, error)
        return self.delivery_attempts

    def partner_deleted(self, at: datetime) -> None:
        if not self.holds_data:
            raise IllegalTransition(self.referral_id, self.status, "deleted")
        self.partner_deleted_at = self.partner_deleted_at or at

    def mark_sent(self, at: datetime, by: str) -> None:
        self._move(S.SENT, at, by)
        self.sent_at = at
        self.next_attempt_at = None
        self.last_error = None

    def record_partner_report(self, status: str, at: datetime, by: str, reason: str | None = None,
                              note: str | None = None) -> bool:
        """A partner's word. False when it changes nothing: the same step again, or an earlier step
        of the path already taken arriving late (callbacks can overtake each other)."""
        wanted = next((s for s in PARTNER_REPORTS if s.value == status), None)
        if wanted is None:
            raise IllegalTransition(self.referral_id, self.status, status)
        if self._already_past(wanted):
            return False
        self._move(wanted, at, by, reason)
        if wanted is S.ACKNOWLEDGED:
            self.acknowledged_at = at
        elif wanted in (S.ACCEPTED, S.REJECTED):
            self.decided_at = at
            self.acknowledged_at = self.acknowledged_at or at
        if wanted is S.DONE:
            self.outcome_note = note
        if wanted is S.REJECTED:
            self.reason, self.outcome_note = reason, note
        return True

    def revoke(self, at: datetime, by: str, reason: str) -> None:
        self._stop(S.REVOKED, at, by, reason)

    def withdraw(self, at: datetime, by: str, reason: str) -> None:
        self._stop(S.WITHDRAWN, at, by, reason)

    def refuse(self, at: datetime, by: str, reason: str) -> None:
        self._stop(S.REFUSED, at, by, reason)

    def _stop(self, status: Status, at: datetime, by: str, reason: str) -> None:
        self._move(status, at, by, reason)
        self.reason = reason
        self.next_attempt_at = None

    def _already_past(self, wanted: Status) -> bool:
        if self.status is wanted:
            return True
        if wanted is S.ACKNOWLEDGED and self.status in (S.ACCEPTED, S.REJECTED, S.DONE):
            return True
        return wanted is S.ACCEPTED and self.status is S.DONE

    def _move(self, wanted: Status, at: datetime, by: str, reason: str | None = None) -> None:
        if wanted not in NEXT.get(self.status, frozenset()):
            raise IllegalTransition(self.referral_id, self.status, wanted.value)
        self.status = wanted
        self.history.append(Transition(wanted, at, by, reason))
        if not self.is_open:
            self.closed_at = at

    def event_data(self, at: datetime, **extra: Any) -> dict[str, Any]:
        """The contract's referral event: which partner and why, never what was shared."""
        return {"referral_id": self.referral_id, "case_id": self.case_id, "stream": self.stream,
                "partner": self.partner, "partner_kind": self.partner_kind, "purpose": self.purpose,
                "at": at, **extra}
