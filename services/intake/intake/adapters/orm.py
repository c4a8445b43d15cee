"""Intake's own tables. ``details`` holds the report as received or last amended (personal and
special category data: read only through the audited RPCs); every version is kept in
``report_versions``; flags are rows so a listing can filter on them. ``details`` and ``triage``
(which names the perceived strands) are encrypted at rest (hcs.crypto)."""

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
)

from hcs.crypto import Encrypted

metadata = MetaData()

reports = Table(
    "reports", metadata,
    Column("report_id", String(36), primary_key=True),
    Column("submitted_by", String(120), nullable=False),
    Column("submitter_role", String(40), nullable=False),
    Column("centre", String(64)),
    Column("idempotency_key", String(100), nullable=False),
    Column("fingerprint", String(64), nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("channel", String(40), nullable=False),
    Column("stream", String(20), nullable=False),
    Column("anonymous", Boolean, nullable=False),
    Column("status", String(20), nullable=False),
    Column("version", Integer, nullable=False),
    Column("triage_outcome", String(30), nullable=False),
    Column("household_key", String(64)),
    Column("incident_place_key", String(64)),
    Column("perpetrator_keys", JSON, nullable=False),
    Column("incident_from", DateTime(timezone=True)),
    Column("incident_until", DateTime(timezone=True)),
    Column("triage", Encrypted("reports.triage"), nullable=False),
    Column("details", Encrypted("reports.details"), nullable=False),
    Column("withdrawn_at", DateTime(timezone=True)),
    Column("withdrawn_by", String(120)),
    Column("withdrawal_reason", String(30)),
    Column("withdrawal_note", String(500)),
    UniqueConstraint("submitted_by", "idempotency_key", name="uq_reports_submitter_key"),
    Index("ix_reports_received", "received_at", "report_id"),
    Index("ix_reports_stream_received", "stream", "received_at"),
    Index("ix_reports_household", "household_key", "received_at"),
    Index("ix_reports_incident_place", "incident_place_key", "received_at"),
)

report_versions = Table(
    "report_versions", metadata,
    Column("report_id", String(36), ForeignKey("reports.report_id"), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("recorded_by", String(120), nullable=False),
    Column("role", String(40), nullable=False),
    Column("reason", String(500)),
    Column("changed", JSON, nullable=False),
    Column("triage", Encrypted("report_versions.triage"), nullable=False),
    Column("details", Encrypted("report_versions.details"), nullable=False),
)

report_flags = Table(
    "report_flags", metadata,
    Column("report_id", String(36), ForeignKey("reports.report_id"), primary_key=True),
    Column("flag", String(30), primary_key=True),
    Index("ix_report_flags_flag", "flag", "report_id"),
)
