"""Facts, and the plumbing tables.

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
        "facts",
        sa.Column("id", ID, primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.String(36), nullable=False, unique=True),
        sa.Column("event_type", sa.String(80), nullable=False),
        sa.Column("schema_version", sa.Integer, nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("stream", sa.String(20), nullable=False),
        sa.Column("aggregate_id", sa.String(64), nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
    )
    op.create_index("ix_facts_type_occurred", "facts", ["event_type", "occurred_at"])
    op.create_index("ix_facts_aggregate", "facts", ["aggregate_id"])


def downgrade() -> None:
    op.drop_table("facts")
    drop_plumbing(op)
