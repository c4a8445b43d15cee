"""Case index, append-only consent history, referrals, and the plumbing tables.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""
import sqlalchemy as sa
from alembic import op

from hcs.migrations import create_plumbing, drop_plumbing
from referrals.adapters.orm import CONSENTS_APPEND_ONLY_SQL

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_plumbing(op)
    op.create_table(
        "cases",
        sa.Column("case_id", sa.String(64), primary_key=True),
        sa.Column("stream", sa.String(20), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "consents",
        sa.Column("consent_id", sa.String(36), primary_key=True),
        sa.Column("case_id", sa.String(64), nullable=False),
        sa.Column("partner", sa.String(64), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("purposes", sa.JSON, nullable=False),
        sa.Column("data_categories", sa.JSON, nullable=False),
        sa.Column("given_by", sa.String(20)),
        sa.Column("expires_at", sa.DateTime(timezone=True)),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(120), nullable=False),
        sa.UniqueConstraint("case_id", "partner", "version", name="uq_consents_version"),
    )
    for statement in CONSENTS_APPEND_ONLY_SQL[op.get_bind().dialect.name]:
        op.execute(statement)
    op.create_table(
        "referrals",
        sa.Column("referral_id", sa.String(36), primary_key=True),
        sa.Column("idempotency_key", sa.String(100), nullable=False, unique=True),
        sa.Column("case_id", sa.String(64), nullable=False),
        sa.Column("stream", sa.String(20), nullable=False),
        sa.Column("partner", sa.String(64), nullable=False),
        sa.Column("purpose", sa.String(64), nullable=False),
        sa.Column("data_categories", sa.JSON, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("requested_by", sa.String(120), nullable=False),
        sa.Column("consent_id", sa.String(36), nullable=False),
    )
    op.create_index("ix_referrals_case", "referrals", ["case_id"])


def downgrade() -> None:
    op.drop_table("referrals")
    op.drop_table("consents")
    op.drop_table("cases")
    drop_plumbing(op)
