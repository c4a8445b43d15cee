"""Referrals (with their history), disclosures, stop notices, delivery attempts and partners'
callbacks in and out of the database."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from hcs.clock import as_utc
from referrals.adapters.orm import (
    delivery_attempts,
    disclosures,
    partner_callbacks,
    referral_history,
    referrals,
    stop_notices,
)
from referrals.adapters.repository import stored, utc
from referrals.domain.model import Disclosure, StopNotice
from referrals.domain.referral import NEXT, Referral, Status, Transition

_MUTABLE = ("status", "delivery_attempts", "next_attempt_at", "last_error", "sent_at", "acknowledged_at",
            "decided_at", "closed_at", "reason", "outcome_note", "partner_reference", "disclosed_fields",
            "first_disclosed_at", "partner_deleted_at")
_OPEN = [s.value for s in NEXT]


class SqlReferralRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, referral: Referral) -> None:
        self.session.execute(insert(referrals).values(
            referral_id=referral.referral_id, idempotency_key=referral.idempotency_key,
            request_id=referral.request_id, case_id=referral.case_id, stream=referral.stream,
            partner=referral.partner, partner_kind=referral.partner_kind, purpose=referral.purpose,
            data_categories=sorted(referral.data_categories), requested_at=stored(referral.requested_at),
            requested_by=referral.requested_by, consent_id=referral.consent_id, **_mutable(referral)))
        self._add_history(referral, 0)

    def save(self, referral: Referral) -> None:
        self.session.execute(update(referrals).where(referrals.c.referral_id == referral.referral_id)
                             .values(**_mutable(referral)))
        known = self.session.execute(select(func.count()).select_from(referral_history)
                                     .where(referral_history.c.referral_id == referral.referral_id)).scalar()
        self._add_history(referral, int(known or 0))

    def _add_history(self, referral: Referral, known: int) -> None:
        for step in referral.history[known:]:
            self.session.execute(insert(referral_history).values(
                referral_id=referral.referral_id, status=step.status.value, at=stored(step.at), by=step.by,
                reason=step.reason))

    def get(self, referral_id: str, for_update: bool = False) -> Referral | None:
        query = select(referrals).where(referrals.c.referral_id == referral_id)
        row = self.session.execute(query.with_for_update() if for_update else query).first()
        return self._with_history(row) if row else None

    def by_idempotency_key(self, key: str) -> Referral | None:
        return self._first(referrals.c.idempotency_key == key)

    def by_request_id(self, request_id: str) -> Referral | None:
        return self._first(referrals.c.request_id == request_id)

    def for_case(self, case_id: str) -> list[Referral]:
        return self._many(referrals.c.case_id == case_id)

    def for_case_partner(self, case_id: str, partner: str) -> list[Referral]:
        return self._many(referrals.c.case_id == case_id, referrals.c.partner == partner)

    def due_for_delivery(self, now: datetime, limit: int, partners: Sequence[str]) -> list[Referral]:
        return self._many(referrals.c.status == Status.REQUESTED.value, referrals.c.next_attempt_at <= now,
                          referrals.c.partner.in_(list(partners)), order=referrals.c.next_attempt_at, limit=limit)

    def awaiting_pull(self, partner: str, limit: int) -> list[Referral]:
        return self._many(referrals.c.partner == partner,
                          referrals.c.status.in_([Status.REQUESTED.value, Status.SENT.value]), limit=limit)

    def open(self, streams: Sequence[str], partner: str | None, limit: int) -> list[Referral]:
        where: list[Any] = [referrals.c.status.in_(_OPEN), referrals.c.stream.in_(list(streams))]
        if partner is not None:
            where.append(referrals.c.partner == partner)
        return self._many(*where, limit=limit)

    def _first(self, *where: Any) -> Referral | None:
        found = self._many(*where, limit=1)
        return found[0] if found else None

    def _many(self, *where: Any, order: Any = None, limit: int | None = None) -> list[Referral]:
        query = select(referrals).where(*where).order_by(
            order if order is not None else referrals.c.requested_at, referrals.c.referral_id)
        if limit is not None:
            query = query.limit(limit)
        return [self._with_history(row) for row in self.session.execute(query)]

    def _with_history(self, row: Any) -> Referral:
        query = (select(referral_history).where(referral_history.c.referral_id == row.referral_id)
                 .order_by(referral_history.c.id))
        history = [Transition(Status(h.status), as_utc(h.at), h.by, h.reason) for h in self.session.execute(query)]
        return Referral(
            row.referral_id, row.idempotency_key, row.case_id, row.stream, row.partner, row.partner_kind, row.purpose,
            frozenset(row.data_categories), as_utc(row.requested_at), row.requested_by, row.consent_id,
            row.request_id, Status(row.status), row.delivery_attempts, utc(row.next_attempt_at), row.last_error,
            utc(row.sent_at), utc(row.acknowledged_at), utc(row.decided_at), utc(row.closed_at), row.reason,
            row.outcome_note, row.partner_reference, frozenset(row.disclosed_fields), utc(row.first_disclosed_at),
            utc(row.partner_deleted_at), history)


class SqlDisclosureLog:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, d: Disclosure) -> None:
        self.session.execute(insert(disclosures).values(
            disclosure_id=d.disclosure_id, referral_id=d.referral_id, case_id=d.case_id, stream=d.stream,
            partner=d.partner, purpose=d.purpose, fields=sorted(d.fields), consent_id=d.consent_id,
            consent_version=d.consent_version, agreement_version=d.agreement_version, requested_by=d.requested_by,
            disclosed_at=stored(d.disclosed_at), channel=d.channel, attempt=d.attempt))

    def for_referral(self, referral_id: str) -> list[Disclosure]:
        return self.query(referral_id=referral_id, limit=10_000)

    def query(self, partner: str | None = None, case_id: str | None = None, referral_id: str | None = None,
              since: datetime | None = None, until: datetime | None = None, after: int = 0,
              limit: int = 100) -> list[Disclosure]:
        c = disclosures.c
        where = [c.seq > after]
        for column, value in ((c.partner, partner), (c.case_id, case_id), (c.referral_id, referral_id)):
            if value is not None:
                where.append(column == value)
        if since is not None:
            where.append(c.disclosed_at >= since)
        if until is not None:
            where.append(c.disclosed_at < until)
        query = select(disclosures).where(*where).order_by(c.seq).limit(limit)
        return [Disclosure(r.disclosure_id, r.referral_id, r.case_id, r.stream, r.partner, r.purpose,
                           frozenset(r.fields), r.consent_id, r.consent_version, r.agreement_version, r.requested_by,
                           as_utc(r.disclosed_at), r.channel, r.attempt, r.seq) for r in self.session.execute(query)]


_NOTICE_MUTABLE = ("attempts", "next_attempt_at", "last_error", "sent_at", "deletion_confirmed_at")


class SqlStopNotices:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, n: StopNotice) -> None:
        self.session.execute(insert(stop_notices).values(
            notice_id=n.notice_id, referral_id=n.referral_id, case_id=n.case_id, stream=n.stream, partner=n.partner,
            reason=n.reason, created_at=stored(n.created_at), **_notice_mutable(n)))

    def save(self, n: StopNotice) -> None:
        self.session.execute(update(stop_notices).where(stop_notices.c.notice_id == n.notice_id)
                             .values(**_notice_mutable(n)))

    def get(self, notice_id: str, for_update: bool = False) -> StopNotice | None:
        query = select(stop_notices).where(stop_notices.c.notice_id == notice_id)
        row = self.session.execute(query.with_for_update() if for_update else query).first()
        return _to_notice(row) if row else None

    def for_referral(self, referral_id: str) -> StopNotice | None:
        row = self.session.execute(select(stop_notices).where(stop_notices.c.referral_id == referral_id)).first()
        return _to_notice(row) if row else None

    def due(self, now: datetime, limit: int, partners: Sequence[str]) -> list[StopNotice]:
        c = stop_notices.c
        query = (select(stop_notices)
                 .where(c.sent_at.is_(None), c.next_attempt_at <= now, c.partner.in_(list(partners)))
                 .order_by(c.next_attempt_at).limit(limit).with_for_update(skip_locked=True))
        return [_to_notice(row) for row in self.session.execute(query)]

    def unconfirmed_for(self, partner: str) -> list[StopNotice]:
        c = stop_notices.c
        query = (select(stop_notices).where(c.partner == partner, c.deletion_confirmed_at.is_(None))
                 .order_by(c.created_at))
        return [_to_notice(row) for row in self.session.execute(query)]


class SqlDeliveryAttempts:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, referral_id: str, attempt: int, at: datetime, status_code: int | None, error: str | None) -> None:
        self.session.execute(insert(delivery_attempts).values(referral_id=referral_id, attempt=attempt, at=stored(at),
                                                              status_code=status_code, error=error))

    def for_referral(self, referral_id: str) -> list[dict[str, Any]]:
        c = delivery_attempts.c
        query = select(c.referral_id, c.attempt, c.at, c.status_code, c.error).where(
            c.referral_id == referral_id).order_by(c.id)
        return [{**row._mapping, "at": as_utc(row.at)} for row in self.session.execute(query)]


class SqlPartnerCallbacks:
    def __init__(self, session: Session) -> None:
        self.session = session

    def seen(self, partner: str, webhook_id: str) -> bool:
        c = partner_callbacks.c
        return self.session.execute(select(c.status).where(c.partner == partner, c.webhook_id == webhook_id)).first() \
            is not None

    def add(self, partner: str, webhook_id: str, referral_id: str, status: str, received_at: datetime) -> None:
        self.session.execute(insert(partner_callbacks).values(
            partner=partner, webhook_id=webhook_id, referral_id=referral_id, status=status,
            received_at=stored(received_at)))


def _mutable(referral: Referral) -> dict[str, Any]:
    values = {name: getattr(referral, name) for name in _MUTABLE}
    values["status"] = referral.status.value
    values["disclosed_fields"] = sorted(referral.disclosed_fields)
    return {k: stored(v) if isinstance(v, datetime) else v for k, v in values.items()}


def _notice_mutable(n: StopNotice) -> dict[str, Any]:
    return {name: stored(v) if isinstance(v := getattr(n, name), datetime) else v for name in _NOTICE_MUTABLE}


def _to_notice(row: Any) -> StopNotice:
    return StopNotice(row.notice_id, row.referral_id, row.case_id, row.stream, row.partner, row.reason,
                      as_utc(row.created_at), row.attempts, utc(row.next_attempt_at), row.last_error, utc(row.sent_at),
                      utc(row.deletion_confirmed_at))
