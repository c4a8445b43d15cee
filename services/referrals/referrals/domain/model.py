"""The cases referrals knows about (from cases' events), disclosures, and stop-and-delete notices."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime


@dataclass(frozen=True)
class CaseEntry:
    """What referrals knows of a case: its stream (POL-7), owner, reports, and whether it closed."""

    case_id: str
    stream: str
    team: str | None = None
    officer_id: str | None = None
    report_ids: tuple[str, ...] = ()
    closed_at: datetime | None = None

    def with_report(self, report_id: str) -> CaseEntry:
        if report_id in self.report_ids:
            return self
        return replace(self, report_ids=(*self.report_ids, report_id))


@dataclass(frozen=True)
class Disclosure:
    """One release of case data to a partner: which fields (never their values), under which consent
    record and version and which agreement version, asked for by whom, when and how. Append-only.
    Written in the transaction that claims the attempt, before the data goes on the wire, so the log
    never understates what a partner may hold."""

    disclosure_id: str
    referral_id: str
    case_id: str
    stream: str
    partner: str
    purpose: str
    fields: frozenset[str]
    consent_id: str
    consent_version: int
    agreement_version: int
    requested_by: str
    disclosed_at: datetime
    channel: str  # webhook | pull
    attempt: int
    seq: int = 0  # its place in the log, given by the store (for paging)


@dataclass
class StopNotice:
    """A signed stop-and-delete notice owed to a partner that may hold a referral's data. Written in
    the transaction that stopped the referral (an outbox for partners) and sent until taken."""

    notice_id: str
    referral_id: str
    case_id: str
    stream: str
    partner: str
    reason: str
    created_at: datetime
    attempts: int = 0
    next_attempt_at: datetime | None = None
    last_error: str | None = None
    sent_at: datetime | None = None
    deletion_confirmed_at: datetime | None = None

    @property
    def awaiting_delivery(self) -> bool:
        return self.sent_at is None

    def claim(self, lease_until: datetime) -> int:
        self.attempts += 1
        self.next_attempt_at = lease_until
        return self.attempts

    def failed(self, retry_at: datetime, error: str) -> None:
        self.next_attempt_at = retry_at
        self.last_error = error[:200]

    def mark_sent(self, at: datetime) -> bool:
        """True the first time (the moment to publish stop_notice_sent)."""
        first = self.sent_at is None
        self.sent_at = self.sent_at or at
        self.next_attempt_at = None
        self.last_error = None
        return first

    def confirm_deleted(self, at: datetime) -> bool:
        first = self.deletion_confirmed_at is None
        self.deletion_confirmed_at = self.deletion_confirmed_at or at
        return first

    def body(self) -> dict[str, str]:
        """What the partner receives: which referral to stop and delete, and why. No case data."""
        return {"type": "referral.stop", "notice_id": self.notice_id, "referral_id": self.referral_id,
                "reason": self.reason, "issued_at": self.created_at.isoformat()}
