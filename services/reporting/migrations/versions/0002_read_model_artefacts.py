"""The read model (typed tables derived from the facts) and the stored documents.

Facts stored before this revision are not yet in the read model: an administrator runs the
``rebuild`` RPC once after upgrading.

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

TABLES = ("erasures", "rollup_counts", "surveys", "reviews", "review_alerts", "remedies", "refusals", "referrals",
          "jobs", "incidents", "cases", "case_reports", "artefacts", "actions")


def upgrade() -> None:
    op.create_table('erasures',
    sa.Column('record_id', sa.String(length=64), nullable=False),
    sa.Column('stream', sa.String(length=20), nullable=True),
    sa.Column('record_type', sa.String(length=30), nullable=True),
    sa.Column('rule', sa.String(length=64), nullable=True),
    sa.Column('erased_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('record_id')
    )
    with op.batch_alter_table('erasures', schema=None) as batch_op:
        batch_op.create_index('ix_erasures_period', ['erased_at', 'stream', 'record_type'], unique=False)

    op.create_table('rollup_counts',
    sa.Column('rollup', sa.String(length=30), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('stream', sa.String(length=20), nullable=False),
    sa.Column('dims', sa.String(length=300), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('rollup', 'month', 'stream', 'dims')
    )
    op.create_table('actions',
    sa.Column('action_id', sa.String(length=64), nullable=False),
    sa.Column('case_id', sa.String(length=64), nullable=True),
    sa.Column('stream', sa.String(length=20), nullable=True),
    sa.Column('action_type', sa.String(length=40), nullable=True),
    sa.Column('agreement', sa.String(length=20), nullable=True),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('action_id')
    )
    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.create_index('ix_actions_period', ['recorded_at', 'stream', 'agreement'], unique=False)

    op.create_table('artefacts',
    sa.Column('artefact_id', sa.String(length=36), nullable=False),
    sa.Column('pack_id', sa.String(length=36), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('period', sa.String(length=30), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('media_type', sa.String(length=60), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.String(length=120), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('artefact_id')
    )
    with op.batch_alter_table('artefacts', schema=None) as batch_op:
        batch_op.create_index('ix_artefacts_kind', ['kind', 'created_at'], unique=False)
        batch_op.create_index('ix_artefacts_pack', ['pack_id'], unique=False)

    op.create_table('case_reports',
    sa.Column('report_id', sa.String(length=64), nullable=False),
    sa.Column('case_id', sa.String(length=64), nullable=False),
    sa.Column('stream', sa.String(length=20), nullable=True),
    sa.PrimaryKeyConstraint('report_id')
    )
    with op.batch_alter_table('case_reports', schema=None) as batch_op:
        batch_op.create_index('ix_case_reports_case', ['case_id'], unique=False)

    op.create_table('cases',
    sa.Column('case_id', sa.String(length=64), nullable=False),
    sa.Column('stream', sa.String(length=20), nullable=True),
    sa.Column('report_id', sa.String(length=64), nullable=True),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('opened_month', sa.Integer(), nullable=True),
    sa.Column('hate_at_opening', sa.Boolean(), nullable=True),
    sa.Column('racist_at_opening', sa.Boolean(), nullable=True),
    sa.Column('strand_mask_at_opening', sa.SmallInteger(), nullable=True),
    sa.Column('hate_now', sa.Boolean(), nullable=True),
    sa.Column('asb_category', sa.String(length=20), nullable=True),
    sa.Column('category_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('risk_level', sa.String(length=10), nullable=True),
    sa.Column('risk_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('first_contact_due_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('first_contact_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('first_contact_within', sa.Boolean(), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('outcome', sa.String(length=30), nullable=True),
    sa.Column('trigger_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_review_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('review_due_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('case_id')
    )
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index('ix_cases_closed', ['closed_at', 'stream', 'outcome'], unique=False)
        batch_op.create_index(
            'ix_cases_open',
            ['stream', 'risk_level'],
            unique=False, postgresql_where=sa.text('closed_at IS NULL'),
            sqlite_where=sa.text('closed_at IS NULL'))
        batch_op.create_index(
            'ix_cases_opened',
            ['opened_at', 'stream', 'hate_at_opening',
             'first_contact_within', 'first_contact_at', 'first_contact_due_at'],
            unique=False)
        batch_op.create_index('ix_cases_trigger', ['trigger_at', 'stream'], unique=False)

    op.create_table('incidents',
    sa.Column('report_id', sa.String(length=64), nullable=False),
    sa.Column('stream', sa.String(length=20), nullable=True),
    sa.Column('version', sa.Integer(), nullable=True),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('received_month', sa.Integer(), nullable=True),
    sa.Column('channel', sa.String(length=30), nullable=True),
    sa.Column('triage', sa.String(length=30), nullable=True),
    sa.Column('strand_mask', sa.SmallInteger(), nullable=True),
    sa.Column('hate', sa.Boolean(), nullable=True),
    sa.Column('racist', sa.Boolean(), nullable=True),
    sa.Column('perceived_by', sa.String(length=20), nullable=True),
    sa.Column('incident_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('location_type', sa.String(length=20), nullable=True),
    sa.Column('incident_types', sa.String(length=300), nullable=True),
    sa.Column('postcode_district', sa.String(length=4), nullable=True),
    sa.Column('postcode_sector', sa.String(length=6), nullable=True),
    sa.Column('postcode_unit', sa.String(length=8), nullable=True),
    sa.Column('uprn', sa.String(length=12), nullable=True),
    sa.Column('police_informed', sa.Boolean(), nullable=True),
    sa.Column('void', sa.Boolean(), server_default=sa.text('(false)'), nullable=False),
    sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('withdrawn_reason', sa.String(length=30), nullable=True),
    sa.PrimaryKeyConstraint('report_id')
    )
    with op.batch_alter_table('incidents', schema=None) as batch_op:
        batch_op.create_index(
            'ix_incidents_area',
            ['received_at', 'void', 'stream',
             'received_month', 'postcode_sector', 'postcode_unit', 'uprn'],
            unique=False)
        batch_op.create_index(
            'ix_incidents_period',
            ['received_at', 'stream', 'void', 'hate', 'racist', 'strand_mask', 'channel'], unique=False)

    op.create_table('jobs',
    sa.Column('job_id', sa.String(length=64), nullable=False),
    sa.Column('case_id', sa.String(length=64), nullable=True),
    sa.Column('stream', sa.String(length=20), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('target_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('job_type', sa.String(length=30), nullable=True),
    sa.Column('priority', sa.String(length=20), nullable=True),
    sa.Column('made_safe_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('made_safe_within', sa.Boolean(), nullable=True),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('completed_within', sa.Boolean(), nullable=True),
    sa.Column('at_risk_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('follow_on_at_risk_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('breached_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('follow_on_breached_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('job_id')
    )
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.create_index(
            'ix_jobs_open',
            ['stream'],
            unique=False, postgresql_where=sa.text('completed_at IS NULL AND cancelled_at IS NULL'),
            sqlite_where=sa.text('completed_at IS NULL AND cancelled_at IS NULL'))
        batch_op.create_index(
            'ix_jobs_period',
            ['created_at', 'stream', 'made_safe_within',
             'completed_within', 'breached_at', 'cancelled_at', 'target_at'],
            unique=False)

    op.create_table('referrals',
    sa.Column('referral_id', sa.String(length=64), nullable=False),
    sa.Column('case_id', sa.String(length=64), nullable=True),
    sa.Column('stream', sa.String(length=20), nullable=True),
    sa.Column('partner', sa.String(length=64), nullable=True),
    sa.Column('partner_kind', sa.String(length=30), nullable=True),
    sa.Column('purpose', sa.String(length=64), nullable=True),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('accepted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('rejected_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('referral_id')
    )
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.create_index(
            'ix_referrals_period',
            ['requested_at', 'stream', 'partner_kind', 'accepted_at', 'rejected_at'], unique=False)

    op.create_table('refusals',
    sa.Column('refusal_id', sa.String(length=64), nullable=False),
    sa.Column('case_id', sa.String(length=64), nullable=True),
    sa.Column('stream', sa.String(length=20), nullable=True),
    sa.Column('partner', sa.String(length=64), nullable=True),
    sa.Column('purpose', sa.String(length=64), nullable=True),
    sa.Column('reason', sa.String(length=30), nullable=True),
    sa.Column('refused_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('refusal_id')
    )
    with op.batch_alter_table('refusals', schema=None) as batch_op:
        batch_op.create_index('ix_refusals_period', ['refused_at', 'stream', 'reason'], unique=False)

    op.create_table('remedies',
    sa.Column('action_id', sa.String(length=64), nullable=False),
    sa.Column('case_id', sa.String(length=64), nullable=True),
    sa.Column('stream', sa.String(length=20), nullable=True),
    sa.Column('remedy', sa.String(length=40), nullable=True),
    sa.Column('first_recorded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=True),
    sa.Column('status_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('action_id')
    )
    with op.batch_alter_table('remedies', schema=None) as batch_op:
        batch_op.create_index('ix_remedies_period', ['first_recorded_at', 'stream', 'remedy'], unique=False)

    op.create_table('review_alerts',
    sa.Column('case_id', sa.String(length=64), nullable=False),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('stream', sa.String(length=20), nullable=True),
    sa.Column('noticed_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('case_id', 'due_at')
    )
    with op.batch_alter_table('review_alerts', schema=None) as batch_op:
        batch_op.create_index('ix_review_alerts_noticed', ['noticed_at', 'stream'], unique=False)

    op.create_table('reviews',
    sa.Column('review_id', sa.String(length=64), nullable=False),
    sa.Column('case_id', sa.String(length=64), nullable=True),
    sa.Column('stream', sa.String(length=20), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('on_time', sa.Boolean(), nullable=True),
    sa.PrimaryKeyConstraint('review_id')
    )
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.create_index('ix_reviews_period', ['reviewed_at', 'stream', 'on_time'], unique=False)

    op.create_table('surveys',
    sa.Column('survey_id', sa.String(length=64), nullable=False),
    sa.Column('case_id', sa.String(length=64), nullable=True),
    sa.Column('stream', sa.String(length=20), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('tp12', sa.String(length=24), nullable=True),
    sa.Column('kept_informed', sa.Boolean(), nullable=True),
    sa.Column('feels_safer', sa.Boolean(), nullable=True),
    sa.PrimaryKeyConstraint('survey_id')
    )
    with op.batch_alter_table('surveys', schema=None) as batch_op:
        batch_op.create_index(
            'ix_surveys_period',
            ['answered_at', 'stream', 'tp12', 'kept_informed', 'feels_safer'], unique=False)


def downgrade() -> None:
    for table in TABLES:
        op.drop_table(table)
