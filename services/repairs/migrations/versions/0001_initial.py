"""Jobs, messages to contractors and each attempt to deliver them, updates received about jobs, and
the plumbing tables.

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
    op.create_table('contractor_messages',
    sa.Column('id', ID, autoincrement=True, nullable=False),
    sa.Column('webhook_id', sa.String(length=120), nullable=False),
    sa.Column('job_id', sa.String(length=36), nullable=False),
    sa.Column('contractor', sa.String(length=64), nullable=False),
    sa.Column('assignment', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('data', sa.Text(), nullable=False),  # encrypted (hcs.crypto)
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('delivered_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('webhook_id')
    )
    op.create_index('ix_messages_due', 'contractor_messages', ['status', 'next_attempt_at'], unique=False)
    op.create_index('ix_messages_job', 'contractor_messages', ['job_id', 'contractor', 'id'], unique=False)
    op.create_table('deliveries',
    sa.Column('id', ID, autoincrement=True, nullable=False),
    sa.Column('job_id', sa.String(length=36), nullable=False),
    sa.Column('webhook_id', sa.String(length=120), nullable=False),
    sa.Column('contractor', sa.String(length=64), nullable=False),
    sa.Column('attempt', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status_code', sa.Integer(), nullable=True),
    sa.Column('error', sa.String(length=80), nullable=True),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_deliveries_job', 'deliveries', ['job_id', 'id'], unique=False)
    op.create_table('job_updates',
    sa.Column('channel', sa.String(length=80), nullable=False),
    sa.Column('key', sa.String(length=120), nullable=False),
    sa.Column('job_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('actor', sa.String(length=120), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.String(length=300), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),  # encrypted
    sa.PrimaryKeyConstraint('channel', 'key')
    )
    op.create_index('ix_job_updates_job', 'job_updates', ['job_id', 'received_at'], unique=False)
    op.create_table('jobs',
    sa.Column('job_id', sa.String(length=36), nullable=False),
    sa.Column('request_id', sa.String(length=64), nullable=False),
    sa.Column('case_id', sa.String(length=64), nullable=False),
    sa.Column('action_id', sa.String(length=64), nullable=True),
    sa.Column('stream', sa.String(length=20), nullable=False),
    sa.Column('address', sa.JSON(), nullable=False),
    sa.Column('job_type', sa.String(length=40), nullable=False),
    sa.Column('priority', sa.String(length=20), nullable=False),
    sa.Column('description', sa.String(length=600), nullable=False),
    sa.Column('location', sa.String(length=200), nullable=True),
    sa.Column('access_notes', sa.Text(), nullable=True),  # encrypted
    sa.Column('attributes', sa.JSON(), nullable=False),
    sa.Column('withheld', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('contractor', sa.String(length=64), nullable=True),
    sa.Column('assignment', sa.Integer(), nullable=False),
    sa.Column('assigned_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('accept_by', sa.DateTime(timezone=True), nullable=True),
    sa.Column('assignments', sa.JSON(), nullable=False),
    sa.Column('reported_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('target_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('at_risk_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('dispatched_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('accepted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('attended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('made_safe_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_progress_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('no_access_visits', sa.Integer(), nullable=False),
    sa.Column('follow_on_due_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('follow_on_at_risk_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('photos', sa.JSON(), nullable=False),
    sa.Column('cancel_reason', sa.String(length=300), nullable=True),
    sa.Column('at_risk_raised_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('breached_raised_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('follow_on_at_risk_raised_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('follow_on_breached_raised_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('job_id'),
    sa.UniqueConstraint('request_id')
    )
    op.create_index('ix_jobs_accept_by', 'jobs', ['accept_by'], unique=False)
    op.create_index('ix_jobs_case', 'jobs', ['case_id'], unique=False)
    op.create_index('ix_jobs_contractor_status', 'jobs', ['contractor', 'status'], unique=False)
    op.create_index('ix_jobs_status_target', 'jobs', ['status', 'target_at'], unique=False)


def downgrade() -> None:
    for table in ("jobs", "job_updates", "deliveries", "contractor_messages"):
        op.drop_table(table)
    drop_plumbing(op)
