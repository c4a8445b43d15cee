"""Referrals' own tables: the case index, the consent history (append-only) and referrals."""

from sqlalchemy import JSON, Column, DateTime, Index, Integer, MetaData, String, Table, UniqueConstraint

metadata = MetaData()

cases = Table(
    "cases", metadata,
    Column("case_id", String(64), primary_key=True),
    Column("stream", String(20), nullable=False),
    Column("opened_at", DateTime(timezone=True), nullable=False),
)
consents = Table(
    "consents", metadata,
    Column("consent_id", String(36), primary_key=True),
    Column("case_id", String(64), nullable=False),
    Column("partner", String(64), nullable=False),
    Column("version", Integer, nullable=False),
    Column("status", String(20), nullable=False),  # given | withdrawn
    Column("purposes", JSON, nullable=False),
    Column("data_categories", JSON, nullable=False),
    Column("given_by", String(20)),
    Column("expires_at", DateTime(timezone=True)),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("recorded_by", String(120), nullable=False),
    UniqueConstraint("case_id", "partner", "version", name="uq_consents_version"),
)
referrals = Table(
    "referrals", metadata,
    Column("referral_id", String(36), primary_key=True),
    Column("idempotency_key", String(100), nullable=False, unique=True),
    Column("case_id", String(64), nullable=False),
    Column("stream", String(20), nullable=False),
    Column("partner", String(64), nullable=False),
    Column("purpose", String(64), nullable=False),
    Column("data_categories", JSON, nullable=False),
    Column("status", String(20), nullable=False),
    Column("requested_at", DateTime(timezone=True), nullable=False),
    Column("requested_by", String(120), nullable=False),
    Column("consent_id", String(36), nullable=False),
    Index("ix_referrals_case", "case_id"),
)

# A consent record is never edited or deleted: a change of mind is a new version.
CONSENTS_APPEND_ONLY_SQL = {
    "sqlite": [
        "CREATE TRIGGER IF NOT EXISTS consents_no_update BEFORE UPDATE ON consents "
        "BEGIN SELECT RAISE(ABORT, 'consents are append-only'); END",
        "CREATE TRIGGER IF NOT EXISTS consents_no_delete BEFORE DELETE ON consents "
        "BEGIN SELECT RAISE(ABORT, 'consents are append-only'); END",
    ],
    "postgresql": [
        "CREATE OR REPLACE FUNCTION consents_append_only() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'consents are append-only'; END $$",
        "CREATE TRIGGER consents_append_only BEFORE UPDATE OR DELETE ON consents "
        "FOR EACH ROW EXECUTE FUNCTION consents_append_only()",
    ],
}
