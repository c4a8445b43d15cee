"""Intake's own tables."""

from sqlalchemy import JSON, Column, DateTime, Index, MetaData, String, Table

metadata = MetaData()

reports = Table(
    "reports", metadata,
    Column("report_id", String(36), primary_key=True),
    Column("idempotency_key", String(100), nullable=False, unique=True),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("channel", String(40), nullable=False),
    Column("stream", String(20), nullable=False),
    Column("submitted_by", String(120), nullable=False),
    Column("triage_outcome", String(30), nullable=False),
    Column("triage", JSON, nullable=False),
    Column("details", JSON, nullable=False),
    Index("ix_reports_stream_received", "stream", "received_at"),
)
