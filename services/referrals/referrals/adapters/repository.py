"""The case index, consent history, partners and agreements in and out of the database."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import and_, insert, select, update
from sqlalchemy.orm import Session

from hcs.clock import as_utc
from referrals.adapters.orm import agreements, cases, consents, partner_credentials, partners
from referrals.domain.consent import GIVEN, ConsentRecord
from referrals.domain.model import CaseEntry
from referrals.domain.partners import Agreement, Partner
from referrals.service_layer.ports import PartnerLine


def utc(value: datetime | None) -> datetime | None:
    return as_utc(value) if value is not None else None


def stored(value: datetime | None) -> datetime | None:
    return value.astimezone(UTC) if value is not None else None


class SqlCaseIndex:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, case_id: str, for_update: bool = False) -> CaseEntry | None:
        query = select(cases).where(cases.c.case_id == case_id)
        row = self.session.execute(query.with_for_update() if for_update else query).first()
        if row is None:
            return None
        return CaseEntry(row.case_id, row.stream, row.team, row.officer_id, tuple(row.report_ids), utc(row.closed_at))

    def add(self, case: CaseEntry) -> None:
        """A new entry: a plain insert, so one made at the same moment by another handler fails it
        (and the inbox tries again) rather than being overwritten."""
        self.session.execute(insert(cases).values(case_id=case.case_id, stream=case.stream, team=case.team,
                                                  officer_id=case.officer_id, report_ids=list(case.report_ids),
                                                  closed_at=stored(case.closed_at)))

    def save(self, case: CaseEntry) -> None:
        values = {"stream": case.stream, "team": case.team, "officer_id": case.officer_id,
                  "report_ids": list(case.report_ids), "closed_at": stored(case.closed_at)}
        done = self.session.execute(update(cases).where(cases.c.case_id == case.case_id).values(**values))
        if done.rowcount == 0:  # type: ignore[attr-defined]
            self.session.execute(insert(cases).values(case_id=case.case_id, **values))

    def lock(self, case_id: str) -> None:
        """Serialise consent changes and delivery claims of one case (a row lock on PostgreSQL; SQLite
        already has one writer at a time)."""
        self.session.execute(select(cases.c.case_id).where(cases.c.case_id == case_id).with_for_update())


class SqlConsentRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def for_case(self, case_id: str) -> list[ConsentRecord]:
        query = select(consents).where(consents.c.case_id == case_id).order_by(consents.c.partner, consents.c.version)
        return [_to_consent(row) for row in self.session.execute(query)]

    def by_idempotency_key(self, key: str) -> list[ConsentRecord]:
        query = select(consents).where(consents.c.idempotency_key == key).order_by(consents.c.partner)
        return [_to_consent(row) for row in self.session.execute(query)]

    def add(self, record: ConsentRecord, key: str | None = None) -> None:
        self.session.execute(insert(consents).values(
            consent_id=record.consent_id, case_id=record.case_id, partner=record.partner, version=record.version,
            status=record.status, purposes=sorted(record.purposes), data_categories=sorted(record.data_categories),
            withheld_fields=sorted(record.withheld_fields), how=record.how, wording_version=record.wording_version,
            given_at=stored(record.given_at), expires_at=stored(record.expires_at),
            withdrawn_at=stored(record.withdrawn_at), recorded_at=stored(record.recorded_at),
            recorded_by=record.recorded_by, idempotency_key=key))

    def expired_heads(self, now: datetime, limit: int) -> list[tuple[str, str]]:
        """(case, partner) whose newest record is a consent that has run out."""
        newer = consents.alias("newer")
        has_newer = select(newer.c.version).where(and_(
            newer.c.case_id == consents.c.case_id, newer.c.partner == consents.c.partner,
            newer.c.version > consents.c.version)).exists()
        query = (select(consents.c.case_id, consents.c.partner)
                 .where(consents.c.status == GIVEN, consents.c.expires_at <= now, ~has_newer)
                 .order_by(consents.c.expires_at).limit(limit))
        return [(row.case_id, row.partner) for row in self.session.execute(query)]


class SqlPartnerRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, code: str) -> Partner | None:
        row = self.session.execute(select(partners).where(partners.c.code == code)).first()
        return _to_partner(row) if row else None

    def all(self) -> list[Partner]:
        return [_to_partner(row) for row in self.session.execute(select(partners).order_by(partners.c.code))]

    def add(self, partner: Partner) -> None:
        self.session.execute(insert(partners).values(code=partner.code, registered_at=stored(partner.registered_at),
                                                     **_partner_values(partner)))

    def save(self, partner: Partner) -> None:
        self.session.execute(update(partners).where(partners.c.code == partner.code).values(**_partner_values(partner)))

    def set_secret(self, code: str, secret: str, at: datetime) -> None:
        done = self.session.execute(update(partner_credentials).where(partner_credentials.c.partner == code)
                                    .values(secret=secret, rotated_at=stored(at)))
        if done.rowcount == 0:  # type: ignore[attr-defined]
            self.session.execute(insert(partner_credentials).values(partner=code, secret=secret, rotated_at=stored(at)))

    def secret_rotated_at(self, code: str) -> datetime | None:
        query = select(partner_credentials.c.rotated_at).where(partner_credentials.c.partner == code)
        return utc(self.session.execute(query).scalar())

    def line(self, code: str) -> PartnerLine | None:
        query = (select(partners.c.code, partners.c.endpoint, partner_credentials.c.secret)
                 .select_from(partners.outerjoin(partner_credentials, partner_credentials.c.partner == partners.c.code))
                 .where(partners.c.code == code))
        row = self.session.execute(query).first()
        return PartnerLine(row.code, row.endpoint, row.secret or "") if row else None


class SqlAgreementRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def for_partner(self, code: str) -> list[Agreement]:
        query = select(agreements).where(agreements.c.partner == code).order_by(agreements.c.version)
        return [_to_agreement(row) for row in self.session.execute(query)]

    def add(self, agreement: Agreement) -> None:
        self.session.execute(insert(agreements).values(
            partner=agreement.partner, version=agreement.version, lawful_basis=agreement.lawful_basis,
            special_category_condition=agreement.special_category_condition,
            purposes={p: sorted(f) for p, f in agreement.purposes.items()}, retention_days=agreement.retention_days,
            acknowledge_within_hours=agreement.acknowledge_within_hours,
            respond_within_hours=agreement.respond_within_hours, effective_from=stored(agreement.effective_from),
            ends_at=stored(agreement.ends_at), document_ref=agreement.document_ref, recorded_by=agreement.recorded_by,
            recorded_at=stored(agreement.recorded_at)))


def _partner_values(partner: Partner) -> dict[str, Any]:
    return {"name": partner.name, "kind": partner.kind, "delivery": partner.delivery, "endpoint": partner.endpoint,
            "active": partner.active}


def _to_partner(row: Any) -> Partner:
    return Partner(row.code, row.name, row.kind, row.delivery, row.endpoint, bool(row.active),
                   as_utc(row.registered_at))


def _to_consent(row: Any) -> ConsentRecord:
    return ConsentRecord(row.consent_id, row.case_id, row.partner, row.version, row.status, frozenset(row.purposes),
                         frozenset(row.data_categories), frozenset(row.withheld_fields), row.how, row.wording_version,
                         utc(row.given_at), utc(row.expires_at), utc(row.withdrawn_at), as_utc(row.recorded_at),
                         row.recorded_by)


def _to_agreement(row: Any) -> Agreement:
    return Agreement(row.partner, row.version, row.lawful_basis, row.special_category_condition,
                     {p: frozenset(f) for p, f in row.purposes.items()}, row.retention_days,
                     row.acknowledge_within_hours, row.respond_within_hours, as_utc(row.effective_from),
                     utc(row.ends_at), row.document_ref, row.recorded_by, as_utc(row.recorded_at))
