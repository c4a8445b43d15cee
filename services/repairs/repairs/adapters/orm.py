"""Repairs' own tables."""

from sqlalchemy import JSON, Column, DateTime, Index, Integer, MetaData, String, Table, Text

from hcs.tables import ID

metadata = MetaData()

jobs = Table(
    "jobs", metadata,
    Column("job_id", String(36), primary_key=True),
    Column("request_id", String(64), nullable=False, unique=True),
    Column("case_id", String(64), nullable=False),
    Column("stream", String(20), nullable=False),
    Column("address", JSON, nullable=False),
    Column("description", String(500), nullable=False),
    Column("location", String(200)),
    Column("contractor", String(64), nullable=False),
    Column("status", String(20), nullable=False),
    Column("reported_at", DateTime(timezone=True), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("target_at", DateTime(timezone=True), nullable=False),
    Column("delivery_attempts", Integer, nullable=False, default=0),
    Column("next_attempt_at", DateTime(timezone=True)),
    Column("dispatched_at", DateTime(timezone=True)),
    Column("made_safe_at", DateTime(timezone=True)),
    Column("completed_at", DateTime(timezone=True)),
    Column("closed_at", DateTime(timezone=True)),
    Index("ix_jobs_case", "case_id"),
    Index("ix_jobs_awaiting_delivery", "status", "next_attempt_at"),
)

# One row per attempt to send a job to its contractor.
deliveries = Table(
    "deliveries", metadata,
    Column("id", ID, primary_key=True, autoincrement=True),
    Column("job_id", String(36), nullable=False),
    Column("attempt", Integer, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("status_code", Integer),
    Column("error", String(80)),
    Column("outcome", String(20), nullable=False),  # delivered | failed
    Index("ix_deliveries_job", "job_id", "attempt"),
)

# Contractor status callbacks that were applied, keyed by their webhook-id (duplicates are no-ops).
callbacks = Table(
    "callbacks", metadata,
    Column("contractor", String(64), primary_key=True),
    Column("webhook_id", String(100), primary_key=True),
    Column("job_id", String(36), nullable=False),
    Column("status", String(20), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("notes", Text),
    Index("ix_callbacks_job", "job_id"),
)
