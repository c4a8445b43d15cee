"""Reports, their versions, flags and person keys, the subject access register, and the plumbing tables.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""
import sqlalchemy as sa
from alembic import op

from hcs.migrations import create_plumbing, drop_plumbing

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_plumbing(op)
    op.create_table(
        "reports",
        sa.Column("report_id", sa.String(36), primary_key=True),
        sa.Column("submitted_by", sa.String(120), nullable=False),
        sa.Column("submitter_role", sa.String(40), nullable=False),
        sa.Column("centre", sa.String(64)),
        sa.Column("idempotency_key", sa.String(100), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("channel", sa.String(40), nullable=False),
        sa.Column("stream", sa.String(20), nullable=False),
        sa.Column("anonymous", sa.Boolean, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("triage_outcome", sa.String(30), nullable=False),
        sa.Column("household_key", sa.String(64)),
        sa.Column("incident_place_key", sa.String(64)),
        sa.Column("perpetrator_keys", sa.JSON, nullable=False),
        sa.Column("incident_from", sa.DateTime(timezone=True)),
        sa.Column("incident_until", sa.DateTime(timezone=True)),
        sa.Column("triage", sa.Text, nullable=False),  # encrypted (hcs.crypto)
        sa.Column("details", sa.Text, nullable=False),  # encrypted
        sa.Column("withdrawn_at", sa.DateTime(timezone=True)),
        sa.Column("withdrawn_by", sa.String(120)),
        sa.Column("withdrawal_reason", sa.String(30)),
        sa.Column("withdrawal_note", sa.String(500)),
        sa.Column("case_id", sa.String(64)),
        sa.UniqueConstraint("submitted_by", "idempotency_key", name="uq_reports_submitter_key"),
    )
    op.create_index("ix_reports_received", "reports", ["received_at", "report_id"])
    op.create_index("ix_reports_stream_received", "reports", ["stream", "received_at"])
    op.create_index("ix_reports_household", "reports", ["household_key", "received_at"])
    op.create_index("ix_reports_incident_place", "reports", ["incident_place_key", "received_at"])
    op.create_index("ix_reports_case", "reports", ["case_id"])
    op.create_table(
        "report_versions",
        sa.Column("report_id", sa.String(36), sa.ForeignKey("reports.report_id"), primary_key=True),
        sa.Column("version", sa.Integer, primary_key=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(120), nullable=False),
        sa.Column("role", sa.String(40), nullable=False),
        sa.Column("reason", sa.String(500)),
        sa.Column("changed", sa.JSON, nullable=False),
        sa.Column("triage", sa.Text, nullable=False),  # encrypted (hcs.crypto)
        sa.Column("details", sa.Text, nullable=False),  # encrypted
    )
    op.create_table(
        "report_flags",
        sa.Column("report_id", sa.String(36), sa.ForeignKey("reports.report_id"), primary_key=True),
        sa.Column("flag", sa.String(30), primary_key=True),
    )
    op.create_index("ix_report_flags_flag", "report_flags", ["flag", "report_id"])
    op.create_table(
        "report_people",
        sa.Column("report_id", sa.String(36), sa.ForeignKey("reports.report_id"), primary_key=True),
        sa.Column("role", sa.String(30), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("name_key", sa.String(64), primary_key=True),
        sa.Column("contact_keys", sa.JSON, nullable=False),
        sa.Column("place_keys", sa.JSON, nullable=False),
    )
    op.create_index("ix_report_people_name", "report_people", ["name_key"])
    op.create_table(
        "subject_access_requests",
        sa.Column("request_id", sa.String(36), primary_key=True),
        sa.Column("reference", sa.String(20), nullable=False, unique=True),
        sa.Column("opened_by", sa.String(120), nullable=False),
        sa.Column("idempotency_key", sa.String(100), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_on", sa.Date, nullable=False),
        sa.Column("clock_starts_on", sa.Date, nullable=False),
        sa.Column("due_on", sa.Date, nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("requester", sa.String(20), nullable=False),
        sa.Column("subject", sa.Text, nullable=False),  # encrypted (hcs.crypto)
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("extended_due_on", sa.Date),
        sa.Column("extension_reason", sa.String(300)),
        sa.Column("extended_at", sa.DateTime(timezone=True)),
        sa.Column("extended_by", sa.String(120)),
        sa.Column("last_searched_at", sa.DateTime(timezone=True)),
        sa.Column("closed_at", sa.DateTime(timezone=True)),
        sa.Column("closed_by", sa.String(120)),
        sa.Column("responded_on", sa.Date),
        sa.Column("outcome_note", sa.Text),  # encrypted
        sa.UniqueConstraint("opened_by", "idempotency_key", name="uq_sar_opener_key"),
    )
    op.create_index("ix_sar_status_due", "subject_access_requests", ["status", "due_on"])
    op.create_index("ix_sar_closed", "subject_access_requests", ["closed_at"])
    op.create_table(
        "subject_access_searches",
        sa.Column("request_id", sa.String(36), sa.ForeignKey("subject_access_requests.request_id"),
                  primary_key=True),
        sa.Column("searched_at", sa.DateTime(timezone=True), primary_key=True),
        sa.Column("searched_by", sa.String(120), nullable=False),
        sa.Column("complete", sa.Boolean, nullable=False),
        sa.Column("summary", sa.JSON, nullable=False),
        sa.Column("document_sha256", sa.String(64)),
    )


def downgrade() -> None:
    op.drop_table("subject_access_searches")
    op.drop_table("subject_access_requests")
    op.drop_table("report_people")
    op.drop_table("report_flags")
    op.drop_table("report_versions")
    op.drop_table("reports")
    drop_plumbing(op)
