"""Referrals' tables: the case index, append-only consent history, partners, their credentials and
versioned agreements, referrals with their append-only history, the append-only disclosure log,
stop-and-delete notices, delivery attempts and partners' callbacks; and the plumbing tables.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""
import sqlalchemy as sa
from alembic import op

from hcs.migrations import create_plumbing, drop_plumbing
from referrals.adapters.orm import APPEND_ONLY, append_only_sql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_plumbing(op)
    op.create_table('agreements',
    sa.Column('partner', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('lawful_basis', sa.String(length=40), nullable=False),
    sa.Column('special_category_condition', sa.String(length=40), nullable=True),
    sa.Column('purposes', sa.JSON(), nullable=False),
    sa.Column('retention_days', sa.Integer(), nullable=False),
    sa.Column('acknowledge_within_hours', sa.Integer(), nullable=False),
    sa.Column('respond_within_hours', sa.Integer(), nullable=False),
    sa.Column('effective_from', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('document_ref', sa.String(length=64), nullable=False),
    sa.Column('recorded_by', sa.String(length=120), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('partner', 'version')
    )
    op.create_table('cases',
    sa.Column('case_id', sa.String(length=64), nullable=False),
    sa.Column('stream', sa.String(length=20), nullable=False),
    sa.Column('team', sa.String(length=64), nullable=True),
    sa.Column('officer_id', sa.String(length=64), nullable=True),
    sa.Column('report_ids', sa.JSON(), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('case_id')
    )
    op.create_table('consents',
    sa.Column('consent_id', sa.String(length=36), nullable=False),
    sa.Column('case_id', sa.String(length=64), nullable=False),
    sa.Column('partner', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('purposes', sa.JSON(), nullable=False),
    sa.Column('data_categories', sa.JSON(), nullable=False),
    sa.Column('withheld_fields', sa.Text(), nullable=False),  # encrypted (hcs.crypto)
    sa.Column('how', sa.String(length=20), nullable=True),
    sa.Column('wording_version', sa.String(length=64), nullable=True),
    sa.Column('given_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('recorded_by', sa.String(length=120), nullable=False),
    sa.Column('idempotency_key', sa.String(length=100), nullable=True),
    sa.PrimaryKeyConstraint('consent_id'),
    sa.UniqueConstraint('case_id', 'partner', 'version', name='uq_consents_version'),
    sa.UniqueConstraint('idempotency_key', 'partner', name='uq_consents_key')
    )
    op.create_index('ix_consents_expiring', 'consents', ['status', 'expires_at'], unique=False)
    op.create_table('delivery_attempts',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('referral_id', sa.String(length=36), nullable=False),
    sa.Column('attempt', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status_code', sa.Integer(), nullable=True),
    sa.Column('error', sa.String(length=200), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_delivery_attempts', 'delivery_attempts', ['referral_id', 'id'], unique=False)
    op.create_table('disclosures',
    sa.Column('seq', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('disclosure_id', sa.String(length=120), nullable=False),
    sa.Column('referral_id', sa.String(length=36), nullable=False),
    sa.Column('case_id', sa.String(length=64), nullable=False),
    sa.Column('stream', sa.String(length=20), nullable=False),
    sa.Column('partner', sa.String(length=64), nullable=False),
    sa.Column('purpose', sa.String(length=64), nullable=False),
    sa.Column('fields', sa.JSON(), nullable=False),
    sa.Column('consent_id', sa.String(length=36), nullable=False),
    sa.Column('consent_version', sa.Integer(), nullable=False),
    sa.Column('agreement_version', sa.Integer(), nullable=False),
    sa.Column('requested_by', sa.String(length=120), nullable=False),
    sa.Column('disclosed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('attempt', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('seq'),
    sa.UniqueConstraint('disclosure_id')
    )
    op.create_index('ix_disclosures_at', 'disclosures', ['disclosed_at'], unique=False)
    op.create_index('ix_disclosures_case', 'disclosures', ['case_id', 'seq'], unique=False)
    op.create_index('ix_disclosures_partner', 'disclosures', ['partner', 'seq'], unique=False)
    op.create_index('ix_disclosures_referral', 'disclosures', ['referral_id'], unique=False)
    op.create_table('partner_callbacks',
    sa.Column('partner', sa.String(length=64), nullable=False),
    sa.Column('webhook_id', sa.String(length=100), nullable=False),
    sa.Column('referral_id', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('partner', 'webhook_id')
    )
    op.create_table('partner_credentials',
    sa.Column('partner', sa.String(length=64), nullable=False),
    sa.Column('secret', sa.Text(), nullable=False),  # encrypted
    sa.Column('rotated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('partner')
    )
    op.create_table('partners',
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('delivery', sa.String(length=20), nullable=False),
    sa.Column('endpoint', sa.String(length=500), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('registered_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('code')
    )
    op.create_table('referral_history',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('referral_id', sa.String(length=36), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('by', sa.String(length=120), nullable=False),
    sa.Column('reason', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_referral_history', 'referral_history', ['referral_id', 'id'], unique=False)
    op.create_table('referrals',
    sa.Column('referral_id', sa.String(length=36), nullable=False),
    sa.Column('idempotency_key', sa.String(length=120), nullable=False),
    sa.Column('request_id', sa.String(length=64), nullable=True),
    sa.Column('case_id', sa.String(length=64), nullable=False),
    sa.Column('stream', sa.String(length=20), nullable=False),
    sa.Column('partner', sa.String(length=64), nullable=False),
    sa.Column('partner_kind', sa.String(length=40), nullable=True),
    sa.Column('purpose', sa.String(length=64), nullable=False),
    sa.Column('data_categories', sa.JSON(), nullable=False),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('requested_by', sa.String(length=120), nullable=False),
    sa.Column('consent_id', sa.String(length=36), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('delivery_attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.String(length=200), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('acknowledged_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reason', sa.String(length=64), nullable=True),
    sa.Column('outcome_note', sa.Text(), nullable=True),  # encrypted
    sa.Column('partner_reference', sa.String(length=64), nullable=True),
    sa.Column('disclosed_fields', sa.JSON(), nullable=False),
    sa.Column('first_disclosed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('partner_deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('referral_id'),
    sa.UniqueConstraint('idempotency_key'),
    sa.UniqueConstraint('request_id')
    )
    op.create_index('ix_referrals_case', 'referrals', ['case_id', 'partner'], unique=False)
    op.create_index('ix_referrals_due', 'referrals', ['status', 'next_attempt_at'], unique=False)
    op.create_index('ix_referrals_partner', 'referrals', ['partner', 'status'], unique=False)
    op.create_table('stop_notices',
    sa.Column('notice_id', sa.String(length=36), nullable=False),
    sa.Column('referral_id', sa.String(length=36), nullable=False),
    sa.Column('case_id', sa.String(length=64), nullable=False),
    sa.Column('stream', sa.String(length=20), nullable=False),
    sa.Column('partner', sa.String(length=64), nullable=False),
    sa.Column('reason', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.String(length=200), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('deletion_confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('notice_id'),
    sa.UniqueConstraint('referral_id')
    )
    op.create_index('ix_stop_notices_due', 'stop_notices', ['sent_at', 'next_attempt_at'], unique=False)
    op.create_index('ix_stop_notices_partner', 'stop_notices', ['partner', 'deletion_confirmed_at'], unique=False)

    dialect = op.get_bind().dialect.name
    for table in APPEND_ONLY:
        for statement in append_only_sql(table, dialect):
            op.execute(statement)


def downgrade() -> None:
    for table in ("partner_callbacks", "delivery_attempts", "stop_notices", "disclosures", "referral_history",
                  "referrals", "agreements", "partner_credentials", "partners", "consents", "cases"):
        op.drop_table(table)
    drop_plumbing(op)
