"""Cases, the reports behind them, and the plumbing tables.

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
        "cases",
        sa.Column("case_id", sa.String(36), primary_key=True),
        sa.Column("stream", sa.String(20), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True)),
        sa.Column("household_key", sa.String(64)),
        sa.Column("hate_incident", sa.Boolean, nullable=False),
        sa.Column("strands", sa.JSON, nullable=False),
        sa.Column("original_perception", sa.JSON, nullable=False),
    )
    op.create_index("ix_cases_household_open", "cases", ["household_key", "status"])
    op.create_table(
        "case_reports",
        sa.Column("report_id", sa.String(36), primary_key=True),
        sa.Column("case_id", sa.String(36), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("triage", sa.String(30), nullable=False),
        sa.Column("outcome", sa.String(20), nullable=False),
    )
    op.create_index("ix_case_reports_case", "case_reports", ["case_id"])


def downgrade() -> None:
    op.drop_table("case_reports")
    op.drop_table("cases")
    drop_plumbing(op)
