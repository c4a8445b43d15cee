"""Plumbing tables every service's database holds beside its own: outbox, inbox, parked, audit_log,
and ``erased`` (the tombstones of records erased under the retention schedule, see ``hcs.erasure``).

They live in their own MetaData; each service's single Alembic environment targets it beside the
service's own MetaData, so one migration history creates both.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

ID = BigInteger().with_variant(Integer(), "sqlite")  # SQLite autoincrements only INTEGER keys


metadata = MetaData()

outbox = Table(
    "outbox", metadata,
    Column("id", ID, primary_key=True, autoincrement=True),
    Column("event_id", String(36), nullable=False, unique=True),
    Column("event_type", String(80), nullable=False),
    Column("schema_version", Integer, nullable=False),
    Column("aggregate_id", String(64), nullable=False),
    Column("envelope", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("published_at", DateTime(timezone=True)),
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_attempt_at", DateTime(timezone=True)),
    Column("last_error", String(300)),
    Index("ix_outbox_pending", "published_at", "id"),
    Index("ix_outbox_aggregate", "aggregate_id"),  # erasure deletes an erased record's rows (hcs.erasure)
)
inbox = Table(
    "inbox", metadata,
    Column("consumer", String(120), primary_key=True),
    Column("event_id", String(36), primary_key=True),
    Column("event_type", String(80), nullable=False),
    Column("processed_at", DateTime(timezone=True), nullable=False),
)
parked = Table(
    "parked", metadata,
    Column("id", ID, primary_key=True, autoincrement=True),
    Column("consumer", String(120), nullable=False),
    Column("event_id", String(36)),
    Column("event_type", String(80)),
    Column("payload", Text, nullable=False),
    Column("reason", String(20), nullable=False),  # invalid | failed
    Column("error", String(500), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("parked_at", DateTime(timezone=True), nullable=False),
    Column("status", String(20), nullable=False, default="parked"),  # parked | replayed
    Column("resolved_at", DateTime(timezone=True)),
    Column("resolution", String(300)),
    Index("ix_parked_status", "status", "id"),
)
audit_log = Table(
    "audit_log", metadata,
    Column("id", ID, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(120), nullable=False),
    Column("role", String(40), nullable=False),
    Column("action", String(80), nullable=False),
    Column("record_type", String(40)),
    Column("record_id", String(64)),
    Column("outcome", String(20), nullable=False),  # allowed | refused | failed
    Column("reason", String(300)),
    Column("correlation_id", String(64)),
    Index("ix_audit_record", "record_type", "record_id"),
)

erased = Table(
    "erased", metadata,
    Column("record_id", String(64), primary_key=True),  # an id only: it resolves to nothing any more
    Column("record_type", String(40), nullable=False),
    Column("erased_at", DateTime(timezone=True), nullable=False),
    Column("rule", String(64), nullable=False),  # the retention schedule's record type
    Column("event_id", String(36)),  # the erasure event published or consumed
)


# The audit log is append-only in the database itself, not only by convention.
APPEND_ONLY_SQL = {
    "sqlite": [
        "CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
        "CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
    ],
    "postgresql": [
        "CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$",
        "DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log",
        "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
        "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
    ],
}
