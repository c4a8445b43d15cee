"""The team holding each case a report is in (from cases' ``case_opened``, ``report_linked`` and
``case_allocated``), so officers and seniors of other teams do not see the case's reports.

Kept per case, not per report, so that a handover to another team applies to every report of the
case whichever order the events arrive in. Reports of cases opened before this revision have no team
here and stay open to the staff of their stream.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_teams",
        sa.Column("case_id", sa.String(length=64), primary_key=True),
        sa.Column("team", sa.String(length=64), nullable=False),
        sa.Column("as_of", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("case_teams")
