"""Cases and everything that hangs from them, the staff directory, and the plumbing tables.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""
import sqlalchemy as sa
from alembic import op

from hcs.migrations import create_plumbing, drop_plumbing

# The contact log is append-only in the database itself, like the audit log: no row is changed (save
# a key rotation re-encrypting its summary), and a row is deleted only on the erasure path
# (cases.adapters.erasure), once its case's tombstone is in ``erased`` in the same transaction
# (hcs.append_only, hcs.erasure).


def append_only_sql(dialect: str) -> list[str]:
    from cases.adapters.orm import contacts
    from hcs.append_only import append_only_sql as triggers

    return triggers(contacts, dialect, erasable_by="case_id")


revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_plumbing(op)
    op.create_table("approvals",
    sa.Column("approval_id", sa.String(length=36), nullable=False),
    sa.Column("case_id", sa.String(length=36), nullable=False),
    sa.Column("kind", sa.String(length=30), nullable=False),
    sa.Column("requested_by", sa.String(length=120), nullable=False),
    sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("request", sa.JSON(), nullable=False),
    sa.Column("approver_roles", sa.JSON(), nullable=False),
    sa.Column("status", sa.String(length=20), nullable=False),
    sa.Column("decided_by", sa.String(length=120), nullable=True),
    sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("decision_note", sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint("approval_id")
    )
    op.create_index("ix_approvals_case", "approvals", ["case_id"], unique=False)
    op.create_index("ix_approvals_status", "approvals", ["status"], unique=False)
    op.create_table("case_parties",
    sa.Column("case_id", sa.String(length=36), nullable=False),
    sa.Column("kind", sa.String(length=20), nullable=False),
    sa.Column("party_key", sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint("case_id", "kind", "party_key")
    )
    op.create_index("ix_case_parties_key", "case_parties", ["kind", "party_key"], unique=False)
    op.create_table("case_reports",
    sa.Column("report_id", sa.String(length=64), nullable=False),
    sa.Column("case_id", sa.String(length=36), nullable=True),
    sa.Column("stream", sa.String(length=20), nullable=False),
    sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("triage", sa.String(length=30), nullable=False),
    sa.Column("outcome", sa.String(length=20), nullable=False),
    sa.Column("link_reason", sa.String(length=30), nullable=True),
    sa.Column("hate_incident", sa.Boolean(), nullable=False),
    sa.Column("strands", sa.JSON(), nullable=False),
    sa.Column("perceived_by", sa.String(length=20), nullable=True),
    sa.Column("incident_types", sa.JSON(), nullable=False),
    sa.Column("flags", sa.JSON(), nullable=False),
    sa.Column("household_key", sa.String(length=64), nullable=True),
    sa.Column("version", sa.Integer(), nullable=False),
    sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("withdrawn_reason", sa.String(length=30), nullable=True),
    sa.PrimaryKeyConstraint("report_id")
    )
    op.create_index("ix_case_reports_case", "case_reports", ["case_id"], unique=False)
    op.create_index("ix_case_reports_household", "case_reports", ["household_key", "received_at"], unique=False)
    op.create_table("cases",
    sa.Column("case_id", sa.String(length=36), nullable=False),
    sa.Column("stream", sa.String(length=20), nullable=False),
    sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("opened_from", sa.String(length=64), nullable=False),
    sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("household_key", sa.String(length=64), nullable=True),
    sa.Column("address", sa.JSON(), nullable=True),
    sa.Column("hate_incident", sa.Boolean(), nullable=False),
    sa.Column("strands", sa.JSON(), nullable=False),
    sa.Column("asb_category", sa.String(length=20), nullable=True),
    sa.Column("original_perception", sa.Text(), nullable=False),  # encrypted (hcs.crypto)
    sa.Column("status", sa.String(length=20), nullable=False),
    sa.Column("team", sa.String(length=64), nullable=True),
    sa.Column("patch", sa.String(length=64), nullable=True),
    sa.Column("officer_id", sa.String(length=64), nullable=True),
    sa.Column("allocated_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("officer_preference", sa.String(length=40), nullable=True),
    sa.Column("preference_match", sa.Text(), nullable=True),  # encrypted
    sa.Column("preference_honoured", sa.Boolean(), nullable=True),
    sa.Column("preference_note", sa.String(length=300), nullable=True),
    sa.Column("flags", sa.JSON(), nullable=False),
    sa.Column("threats_of_violence", sa.Boolean(), nullable=False),
    sa.Column("perpetrator_identified", sa.Boolean(), nullable=False),
    sa.Column("anonymous", sa.Boolean(), nullable=False),
    sa.Column("risk_level", sa.String(length=20), nullable=False),
    sa.Column("risk_score", sa.Integer(), nullable=False),
    sa.Column("risk_provisional", sa.Boolean(), nullable=False),
    sa.Column("risk_assessed_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("first_contact_due_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("first_contact_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("update_every_working_days", sa.Integer(), nullable=True),
    sa.Column("last_update_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("next_update_due_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("officer_review_due_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("last_officer_review_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("manager_review_due_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("last_manager_review_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("community_trigger_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("community_trigger_reason", sa.String(length=300), nullable=True),
    sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("outcome", sa.String(length=40), nullable=True),
    sa.Column("closure", sa.JSON(), nullable=True),
    sa.Column("version", sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint("case_id")
    )
    op.create_index("ix_cases_first_contact_due", "cases", ["status", "first_contact_due_at"], unique=False)
    op.create_index("ix_cases_manager_review_due", "cases", ["status", "manager_review_due_at"], unique=False)
    op.create_index("ix_cases_officer_review_due", "cases", ["status", "officer_review_due_at"], unique=False)
    op.create_index("ix_cases_officer_status", "cases", ["officer_id", "status"], unique=False)
    op.create_index("ix_cases_team_status", "cases", ["team", "status"], unique=False)
    op.create_table("classification_changes",
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
    sa.Column("case_id", sa.String(length=36), nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("kind", sa.String(length=20), nullable=False),
    sa.Column("before", sa.JSON(), nullable=True),
    sa.Column("after", sa.JSON(), nullable=False),
    sa.Column("by", sa.String(length=120), nullable=False),
    sa.Column("rationale", sa.Text(), nullable=True),
    sa.Column("approved_by", sa.String(length=120), nullable=True),
    sa.Column("report_id", sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint("id")
    )
    op.create_index("ix_classification_changes_case", "classification_changes", ["case_id", "id"], unique=False)
    op.create_table("conferences",
    sa.Column("conference_id", sa.String(length=36), nullable=False),
    sa.Column("case_id", sa.String(length=36), nullable=False),
    sa.Column("scheduled_for", sa.DateTime(timezone=True), nullable=False),
    sa.Column("attendees", sa.JSON(), nullable=False),
    sa.Column("purpose", sa.Text(), nullable=False),
    sa.Column("victim_consented", sa.Boolean(), nullable=False),
    sa.Column("scheduled_by", sa.String(length=120), nullable=False),
    sa.Column("scheduled_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("status", sa.String(length=20), nullable=False),
    sa.Column("held_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("minutes", sa.Text(), nullable=True),
    sa.Column("actions", sa.JSON(), nullable=False),
    sa.Column("cancelled_because", sa.String(length=300), nullable=True),
    sa.PrimaryKeyConstraint("conference_id")
    )
    op.create_index("ix_conferences_case", "conferences", ["case_id"], unique=False)
    op.create_table("contacts",
    sa.Column("contact_id", sa.String(length=36), nullable=False),
    sa.Column("case_id", sa.String(length=36), nullable=False),
    sa.Column("contacted_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("recorded_by", sa.String(length=120), nullable=False),
    sa.Column("kind", sa.String(length=20), nullable=False),
    sa.Column("party", sa.String(length=30), nullable=False),
    sa.Column("direction", sa.String(length=10), nullable=False),
    sa.Column("successful", sa.Boolean(), nullable=False),
    sa.Column("summary", sa.Text(), nullable=False),
    sa.Column("corrects", sa.String(length=36), nullable=True),
    sa.Column("first_contact", sa.Boolean(), nullable=False),
    sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("within_target", sa.Boolean(), nullable=True),
    sa.PrimaryKeyConstraint("contact_id")
    )
    op.create_index("ix_contacts_case", "contacts", ["case_id", "contacted_at"], unique=False)
    op.create_table("partner_referrals",
    sa.Column("ref_key", sa.String(length=80), nullable=False),
    sa.Column("case_id", sa.String(length=36), nullable=False),
    sa.Column("request_id", sa.String(length=64), nullable=True),
    sa.Column("partner", sa.String(length=64), nullable=True),
    sa.Column("partner_kind", sa.String(length=40), nullable=True),
    sa.Column("purpose", sa.String(length=64), nullable=True),
    sa.Column("status", sa.String(length=20), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint("ref_key")
    )
    op.create_index("ix_partner_referrals_case", "partner_referrals", ["case_id"], unique=False)
    op.create_index("ix_partner_referrals_request", "partner_referrals", ["request_id"], unique=False)
    op.create_table("perpetrator_actions",
    sa.Column("action_id", sa.String(length=36), nullable=False),
    sa.Column("case_id", sa.String(length=36), nullable=False),
    sa.Column("remedy", sa.String(length=60), nullable=False),
    sa.Column("perpetrator_key", sa.String(length=64), nullable=True),
    sa.Column("victim_view", sa.String(length=20), nullable=False),
    sa.Column("status", sa.String(length=20), nullable=False),
    sa.Column("proposed_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("proposed_by", sa.String(length=120), nullable=False),
    sa.Column("reason", sa.Text(), nullable=True),
    sa.Column("expires_on", sa.Date(), nullable=True),
    sa.Column("breaches", sa.Integer(), nullable=False),
    sa.Column("history", sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint("action_id")
    )
    op.create_index("ix_perpetrator_actions_case", "perpetrator_actions", ["case_id"], unique=False)
    op.create_table("repair_requests",
    sa.Column("request_id", sa.String(length=36), nullable=False),
    sa.Column("case_id", sa.String(length=36), nullable=False),
    sa.Column("action_id", sa.String(length=36), nullable=True),
    sa.Column("report_id", sa.String(length=64), nullable=True),
    sa.Column("job_id", sa.String(length=64), nullable=True),
    sa.Column("status", sa.String(length=20), nullable=False),
    sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint("request_id")
    )
    op.create_index("ix_repair_requests_case", "repair_requests", ["case_id"], unique=False)
    op.create_index("ix_repair_requests_job", "repair_requests", ["job_id"], unique=False)
    op.create_table("reviews",
    sa.Column("review_id", sa.String(length=36), nullable=False),
    sa.Column("case_id", sa.String(length=36), nullable=False),
    sa.Column("kind", sa.String(length=20), nullable=False),
    sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("reviewer_id", sa.String(length=120), nullable=False),
    sa.Column("officer_id", sa.String(length=120), nullable=True),
    sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("risk_level", sa.String(length=20), nullable=True),
    sa.Column("assessment_id", sa.String(length=36), nullable=True),
    sa.Column("notes", sa.Text(), nullable=False),
    sa.Column("next_steps", sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint("review_id")
    )
    op.create_index("ix_reviews_case", "reviews", ["case_id", "reviewed_at"], unique=False)
    op.create_table("risk_assessments",
    sa.Column("assessment_id", sa.String(length=36), nullable=False),
    sa.Column("case_id", sa.String(length=36), nullable=False),
    sa.Column("assessed_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("assessed_by", sa.String(length=120), nullable=False),
    sa.Column("factors", sa.JSON(), nullable=False),
    sa.Column("score", sa.Integer(), nullable=False),
    sa.Column("level", sa.String(length=20), nullable=False),
    sa.Column("occasion", sa.String(length=20), nullable=False),
    sa.Column("notes", sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint("assessment_id")
    )
    op.create_index("ix_risk_assessments_case", "risk_assessments", ["case_id", "assessed_at"], unique=False)
    op.create_table("staff",
    sa.Column("staff_id", sa.String(length=120), nullable=False),
    sa.Column("name", sa.String(length=200), nullable=False),
    sa.Column("role", sa.String(length=40), nullable=False),
    sa.Column("team", sa.String(length=64), nullable=False),
    sa.Column("patches", sa.JSON(), nullable=False),
    sa.Column("streams", sa.JSON(), nullable=False),
    sa.Column("reports_to", sa.String(length=120), nullable=True),
    sa.Column("trained_on", sa.Date(), nullable=True),
    sa.Column("sex", sa.Text(), nullable=True),  # encrypted
    sa.Column("ethnic_origin", sa.Text(), nullable=True),  # encrypted
    sa.Column("active", sa.Boolean(), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("updated_by", sa.String(length=120), nullable=True),
    sa.PrimaryKeyConstraint("staff_id")
    )
    op.create_index("ix_staff_team", "staff", ["team"], unique=False)
    op.create_table("support_actions",
    sa.Column("action_id", sa.String(length=36), nullable=False),
    sa.Column("case_id", sa.String(length=36), nullable=False),
    sa.Column("action_type", sa.String(length=40), nullable=False),
    sa.Column("description", sa.Text(), nullable=False),
    sa.Column("owner_id", sa.String(length=120), nullable=False),
    sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("created_by", sa.String(length=120), nullable=False),
    sa.Column("status", sa.String(length=20), nullable=False),
    sa.Column("agreement", sa.String(length=20), nullable=True),
    sa.Column("agreement_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("agreement_by", sa.String(length=120), nullable=True),
    sa.Column("request_id", sa.String(length=36), nullable=True),
    sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("details", sa.JSON(), nullable=False),
    sa.Column("history", sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint("action_id")
    )
    op.create_index("ix_support_actions_case", "support_actions", ["case_id"], unique=False)
    op.create_index("ix_support_actions_due", "support_actions", ["status", "due_at"], unique=False)
    op.create_table("surveys",
    sa.Column("case_id", sa.String(length=36), nullable=False),
    sa.Column("status", sa.String(length=20), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("reason", sa.String(length=200), nullable=True),
    sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("recorded_by", sa.String(length=120), nullable=True),
    sa.Column("tp12", sa.String(length=30), nullable=True),
    sa.Column("kept_informed", sa.Boolean(), nullable=True),
    sa.Column("feels_safer", sa.Boolean(), nullable=True),
    sa.Column("comments", sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint("case_id")
    )
    op.create_table("timeline",
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
    sa.Column("case_id", sa.String(length=36), nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("kind", sa.String(length=40), nullable=False),
    sa.Column("summary", sa.String(length=300), nullable=False),
    sa.Column("actor", sa.String(length=120), nullable=False),
    sa.Column("ref_id", sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint("id")
    )
    op.create_index("ix_timeline_case", "timeline", ["case_id", "at"], unique=False)
    op.create_table("work_items",
    sa.Column("item_id", sa.String(length=36), nullable=False),
    sa.Column("case_id", sa.String(length=36), nullable=False),
    sa.Column("kind", sa.String(length=40), nullable=False),
    sa.Column("summary", sa.String(length=300), nullable=False),
    sa.Column("raised_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("dedupe_key", sa.String(length=200), nullable=False),
    sa.Column("team", sa.String(length=64), nullable=True),
    sa.Column("assignee_id", sa.String(length=120), nullable=True),
    sa.Column("assignee_role", sa.String(length=40), nullable=True),
    sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("ref_id", sa.String(length=64), nullable=True),
    sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("resolved_by", sa.String(length=120), nullable=True),
    sa.Column("resolution", sa.String(length=300), nullable=True),
    sa.PrimaryKeyConstraint("item_id"),
    sa.UniqueConstraint("dedupe_key")
    )
    op.create_index("ix_work_items_assignee", "work_items", ["assignee_id", "resolved_at"], unique=False)
    op.create_index("ix_work_items_case", "work_items", ["case_id"], unique=False)
    op.create_index("ix_work_items_open_team", "work_items", ["resolved_at", "team"], unique=False)

    for statement in append_only_sql(op.get_bind().dialect.name):
        op.execute(statement)


def downgrade() -> None:
    op.drop_table("work_items")
    op.drop_table("timeline")
    op.drop_table("surveys")
    op.drop_table("support_actions")
    op.drop_table("staff")
    op.drop_table("risk_assessments")
    op.drop_table("reviews")
    op.drop_table("repair_requests")
    op.drop_table("perpetrator_actions")
    op.drop_table("partner_referrals")
    op.drop_table("contacts")
    op.drop_table("conferences")
    op.drop_table("classification_changes")
    op.drop_table("cases")
    op.drop_table("case_reports")
    op.drop_table("case_parties")
    op.drop_table("approvals")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS contacts_append_only()")
    drop_plumbing(op)
