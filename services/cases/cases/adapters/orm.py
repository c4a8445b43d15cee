"""Cases' own tables."""

from sqlalchemy import JSON, Boolean, Column, DateTime, Index, MetaData, String, Table

metadata = MetaData()

cases = Table(
    "cases", metadata,
    Column("case_id", String(36), primary_key=True),
    Column("stream", String(20), nullable=False),
    Column("status", String(20), nullable=False),
    Column("opened_at", DateTime(timezone=True), nullable=False),
    Column("closed_at", DateTime(timezone=True)),
    Column("household_key", String(64)),
    Column("hate_incident", Boolean, nullable=False),
    Column("strands", JSON, nullable=False),
    Column("original_perception", JSON, nullable=False),
    Index("ix_cases_household_open", "household_key", "status"),
)

case_reports = Table(
    "case_reports", metadata,
    Column("report_id", String(36), primary_key=True),
    Column("case_id", String(36), nullable=True),  # null: recorded, no case opened
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("triage", String(30), nullable=False),
    Column("outcome", String(20), nullable=False),  # opened | linked | recorded
    Index("ix_case_reports_case", "case_id"),
)
