"""Referrals' own tables. Consent records, agreements, disclosures and referral history are
append-only in the database itself (triggers), not only by convention: no row is ever changed, and a
row is deleted only on the erasure path, once the tombstone of its case (or referral) is in ``erased``
(``hcs.erasure``) in the same transaction. Agreements are never deleted. Partner secrets live in a
table of their own, so no query of partners can select one by accident, and are encrypted at rest
(``hcs.crypto``), as are the victim's withholdings per partner and the partners' outcome notes."""

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
)

from hcs import append_only
from hcs.crypto import Encrypted
from hcs.tables import ID

metadata = MetaData()
TS = DateTime(timezone=True)

cases = Table(
    "cases", metadata,
    Column("case_id", String(64), primary_key=True),
    Column("stream", String(20), nullable=False),
    Column("team", String(64)),
    Column("officer_id", String(64)),
    Column("report_ids", JSON, nullable=False),
    Column("closed_at", TS),
)
consents = Table(
    "consents", metadata,
    Column("consent_id", String(36), primary_key=True),
    Column("case_id", String(64), nullable=False),
    Column("partner", String(64), nullable=False),
    Column("version", Integer, nullable=False),
    Column("status", String(20), nullable=False),  # given | withdrawn | expired
    Column("purposes", JSON, nullable=False),
    Column("data_categories", JSON, nullable=False),
    Column("withheld_fields", Encrypted("consents.withheld_fields"), nullable=False),
    Column("how", String(20)),
    Column("wording_version", String(64)),
    Column("given_at", TS),
    Column("expires_at", TS),
    Column("withdrawn_at", TS),
    Column("recorded_at", TS, nullable=False),
    Column("recorded_by", String(120), nullable=False),
    Column("idempotency_key", String(100)),
    UniqueConstraint("case_id", "partner", "version", name="uq_consents_version"),
    UniqueConstraint("idempotency_key", "partner", name="uq_consents_key"),
    Index("ix_consents_expiring", "status", "expires_at"),
)
partners = Table(
    "partners", metadata,
    Column("code", String(64), primary_key=True),
    Column("name", String(120), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("delivery", String(20), nullable=False),
    Column("endpoint", String(500)),
    Column("active", Boolean, nullable=False),
    Column("registered_at", TS, nullable=False),
)
partner_credentials = Table(
    "partner_credentials", metadata,
    Column("partner", String(64), primary_key=True),
    Column("secret", Encrypted("partner_credentials.secret", as_json=False), nullable=False),
    Column("rotated_at", TS, nullable=False),
)
agreements = Table(
    "agreements", metadata,
    Column("partner", String(64), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("lawful_basis", String(40), nullable=False),
    Column("special_category_condition", String(40)),
    Column("purposes", JSON, nullable=False),
    Column("retention_days", Integer, nullable=False),
    Column("acknowledge_within_hours", Integer, nullable=False),
    Column("respond_within_hours", Integer, nullable=False),
    Column("effective_from", TS, nullable=False),
    Column("ends_at", TS),
    Column("document_ref", String(64), nullable=False),
    Column("recorded_by", String(120), nullable=False),
    Column("recorded_at", TS, nullable=False),
)
referrals = Table(
    "referrals", metadata,
    Column("referral_id", String(36), primary_key=True),
    Column("idempotency_key", String(120), nullable=False, unique=True),
    Column("request_id", String(64), unique=True),
    Column("case_id", String(64), nullable=False),
    Column("stream", String(20), nullable=False),
    Column("partner", String(64), nullable=False),
    Column("partner_kind", String(40)),
    Column("purpose", String(64), nullable=False),
    Column("data_categories", JSON, nullable=False),
    Column("requested_at", TS, nullable=False),
    Column("requested_by", String(120), nullable=False),
    Column("consent_id", String(36), nullable=False),
    Column("status", String(20), nullable=False),
    Column("delivery_attempts", Integer, nullable=False),
    Column("next_attempt_at", TS),
    Column("last_error", String(200)),
    Column("sent_at", TS),
    Column("acknowledged_at", TS),
    Column("decided_at", TS),
    Column("closed_at", TS),
    Column("reason", String(64)),
    Column("outcome_note", Encrypted("referrals.outcome_note", as_json=False)),
    Column("partner_reference", String(64)),
    Column("disclosed_fields", JSON, nullable=False),
    Column("first_disclosed_at", TS),
    Column("partner_deleted_at", TS),
    Index("ix_referrals_case", "case_id", "partner"),
    Index("ix_referrals_due", "status", "next_attempt_at"),
    Index("ix_referrals_partner", "partner", "status"),
)
referral_history = Table(
    "referral_history", metadata,
    Column("id", ID, primary_key=True, autoincrement=True),
    Column("referral_id", String(36), nullable=False),
    Column("status", String(20), nullable=False),
    Column("at", TS, nullable=False),
    Column("by", String(120), nullable=False),
    Column("reason", String(64)),
    Index("ix_referral_history", "referral_id", "id"),
)
disclosures = Table(
    "disclosures", metadata,
    Column("seq", ID, primary_key=True, autoincrement=True),
    Column("disclosure_id", String(120), nullable=False, unique=True),
    Column("referral_id", String(36), nullable=False),
    Column("case_id", String(64), nullable=False),
    Column("stream", String(20), nullable=False),
    Column("partner", String(64), nullable=False),
    Column("purpose", String(64), nullable=False),
    Column("fields", JSON, nullable=False),
    Column("consent_id", String(36), nullable=False),
    Column("consent_version", Integer, nullable=False),
    Column("agreement_version", Integer, nullable=False),
    Column("requested_by", String(120), nullable=False),
    Column("disclosed_at", TS, nullable=False),
    Column("channel", String(20), nullable=False),
    Column("attempt", Integer, nullable=False),
    Index("ix_disclosures_partner", "partner", "seq"),
    Index("ix_disclosures_case", "case_id", "seq"),
    Index("ix_disclosures_referral", "referral_id"),
    Index("ix_disclosures_at", "disclosed_at"),
)
stop_notices = Table(
    "stop_notices", metadata,
    Column("notice_id", String(36), primary_key=True),
    Column("referral_id", String(36), nullable=False, unique=True),
    Column("case_id", String(64), nullable=False),
    Column("stream", String(20), nullable=False),
    Column("partner", String(64), nullable=False),
    Column("reason", String(64), nullable=False),
    Column("created_at", TS, nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_at", TS),
    Column("last_error", String(200)),
    Column("sent_at", TS),
    Column("deletion_confirmed_at", TS),
    Index("ix_stop_notices_due", "sent_at", "next_attempt_at"),
    Index("ix_stop_notices_partner", "partner", "deletion_confirmed_at"),
)
delivery_attempts = Table(
    "delivery_attempts", metadata,
    Column("id", ID, primary_key=True, autoincrement=True),
    Column("referral_id", String(36), nullable=False),
    Column("attempt", Integer, nullable=False),
    Column("at", TS, nullable=False),
    Column("status_code", Integer),
    Column("error", String(200)),
    Index("ix_delivery_attempts", "referral_id", "id"),
)
partner_callbacks = Table(
    "partner_callbacks", metadata,
    Column("partner", String(64), primary_key=True),
    Column("webhook_id", String(100), primary_key=True),
    Column("referral_id", String(64), nullable=False),
    Column("status", String(20), nullable=False),
    Column("received_at", TS, nullable=False),
)

APPEND_ONLY = ("consents", "agreements", "disclosures", "referral_history")
# the column whose tombstone lets a row be deleted (erasure under the retention schedule); none: never
ERASABLE_BY = {"consents": "case_id", "disclosures": "case_id", "referral_history": "referral_id"}


def append_only_sql(table: str, dialect: str) -> list[str]:
    """A record of this table is never edited (a change of mind is a new record), save a key
    rotation's re-encryption; it is deleted only when its case (or referral) has been erased under the
    retention schedule (``hcs.append_only``)."""
    return append_only.append_only_sql(metadata.tables[table], dialect, ERASABLE_BY.get(table))
