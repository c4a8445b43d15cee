"""Reporting's own table: every consumed event, whole."""

from sqlalchemy import JSON, Column, DateTime, Index, Integer, MetaData, String, Table

from hcs.tables import ID

metadata = MetaData()

facts = Table(
    "facts", metadata,
    Column("id", ID, primary_key=True, autoincrement=True),
    Column("event_id", String(36), nullable=False, unique=True),
    Column("event_type", String(80), nullable=False),
    Column("schema_version", Integer, nullable=False),
    Column("occurred_at", DateTime(timezone=True), nullable=False),
    Column("stream", String(20), nullable=False),
    Column("aggregate_id", String(64), nullable=False),
    Column("data", JSON, nullable=False),
    Index("ix_facts_type_occurred", "event_type", "occurred_at"),
)
