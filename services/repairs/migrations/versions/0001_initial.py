"""Jobs, delivery attempts, contractor callbacks, and the plumbing tables.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""
import sqlalchemy as sa
from alembic import op

from hcs.migrations import create_plumbing, drop_plumbing
from hcs.tables import ID

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_plumbing(op)
    op.create_table(
        "jobs",
        sa.Column("job_id", sa.String(36), primary_key=True),
        sa.Column("request_id", sa.String(64), nullable=False, unique=True),
        sa.Column("case_id", sa.String(64), nullable=False),
        sa.Column("stream", sa.String(20), nullable=False),
        sa.Column("address", sa.JSON, nullable=False),
        sa.Column("description", sa.String(500), nullable=False),
        sa.Column("location", sa.String(200)),
        sa.Column("contractor", sa.String(64), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("target_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivery_attempts", sa.Integer, nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True)),
        sa.Column("dispatched_at", sa.DateTime(timezone=True)),
        sa.Column("made_safe_at", sa.DateTime(timezone=True)),
        sa.Column("completed_at", sa.DateTime(timezone=True)),
        sa.Column("closed_at", sa.DateTime(timezone=True)),
    )
    op.create_index("ix_jobs_case", "jobs", ["case_id"])
    op.create_index("ix_jobs_awaiting_delivery", "jobs", ["status", "next_attempt_at"])
    op.create_table(
        "deliveries",
        sa.Column("id", ID, primary_key=True, autoincrement=True),
        sa.Column("job_id", sa.String(36), nullable=False),
        sa.Column("attempt", sa.Integer, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status_code", sa.Integer),
        sa.Column("error", sa.String(80)),
        sa.Column("outcome", sa.String(20), nullable=False),
    )
    op.create_index("ix_deliveries_job", "deliveries", ["job_id", "attempt"])
    op.create_table(
        "callbacks",
        sa.Column("contractor", sa.String(64), primary_key=True),
        sa.Column("webhook_id", sa.String(100), primary_key=True),
        sa.Column("job_id", sa.String(36), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("notes", sa.Text),
    )
    op.create_index("ix_callbacks_job", "callbacks", ["job_id"])


def downgrade() -> None:
    op.drop_table("callbacks")
    op.drop_table("deliveries")
    op.drop_table("jobs")
    drop_plumbing(op)
