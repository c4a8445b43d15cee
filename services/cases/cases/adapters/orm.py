"""Cases' own tables. Column names match the domain dataclasses' fields, so that one small mapper
(``cases.adapters.mapping``) moves records in and out. Special category data (the original perception,
the victim's preference of officer, staff's sex and ethnic origin) and free-text assessments of the
victim, with the contact log's summaries of what was said, are encrypted at rest (hcs.crypto)."""

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

from hcs.crypto import Encrypted

metadata = MetaData()
ID = BigInteger().with_variant(Integer(), "sqlite")


def _moment(name: str, nullable: bool = True) -> Column:
    return Column(name, DateTime(timezone=True), nullable=nullable)


cases = Table(
    "cases", metadata,
    Column("case_id", String(36), primary_key=True),
    Column("stream", String(20), nullable=False),
    _moment("opened_at", False), Column("opened_from", String(64), nullable=False), _moment("received_at", False),
    Column("household_key", String(64)), Column("address", JSON),
    Column("hate_incident", Boolean, nullable=False), Column("strands", JSON, nullable=False),
    Column("asb_category", String(20)),
    Column("original_perception", Encrypted("cases.original_perception"), nullable=False),
    Column("status", String(20), nullable=False),
    Column("team", String(64)), Column("patch", String(64)), Column("officer_id", String(64)),
    _moment("allocated_at"), Column("officer_preference", String(40)),
    Column("preference_match", Encrypted("cases.preference_match")),
    Column("preference_honoured", Boolean), Column("preference_note", String(300)),
    Column("flags", JSON, nullable=False), Column("threats_of_violence", Boolean, nullable=False),
    Column("perpetrator_identified", Boolean, nullable=False), Column("anonymous", Boolean, nullable=False),
    Column("risk_level", String(20), nullable=False), Column("risk_score", Integer, nullable=False),
    Column("risk_provisional", Boolean, nullable=False), _moment("risk_assessed_at"),
    _moment("first_contact_due_at"), _moment("first_contact_at"), Column("update_every_working_days", Integer),
    _moment("last_update_at"), _moment("next_update_due_at"),
    _moment("officer_review_due_at"), _moment("last_officer_review_at"),
    _moment("manager_review_due_at"), _moment("last_manager_review_at"),
    _moment("community_trigger_at"), Column("community_trigger_reason", String(300)),
    _moment("closed_at"), Column("outcome", String(40)), Column("closure", JSON),
    Column("version", Integer, nullable=False),
    Index("ix_cases_team_status", "team", "status"),
    Index("ix_cases_officer_status", "officer_id", "status"),
    Index("ix_cases_officer_review_due", "status", "officer_review_due_at"),
    Index("ix_cases_manager_review_due", "status", "manager_review_due_at"),
    Index("ix_cases_first_contact_due", "status", "first_contact_due_at"),
)

case_reports = Table(
    "case_reports", metadata,
    Column("report_id", String(64), primary_key=True),
    Column("case_id", String(36)),  # null: recorded, no case opened (POL-1)
    Column("stream", String(20), nullable=False),
    _moment("received_at", False),
    Column("triage", String(30), nullable=False),
    Column("outcome", String(20), nullable=False),  # opened | linked | recorded
    Column("link_reason", String(30)),
    Column("hate_incident", Boolean, nullable=False),
    Column("strands", JSON, nullable=False),
    Column("perceived_by", String(20)),
    Column("incident_types", JSON, nullable=False),
    Column("flags", JSON, nullable=False),
    Column("household_key", String(64)),
    Column("version", Integer, nullable=False),
    _moment("withdrawn_at"), Column("withdrawn_reason", String(30)),
    Index("ix_case_reports_case", "case_id"),
    Index("ix_case_reports_household", "household_key", "received_at"),
)

case_parties = Table(
    "case_parties", metadata,
    Column("case_id", String(36), primary_key=True),
    Column("kind", String(20), primary_key=True),
    Column("party_key", String(200), primary_key=True),
    Index("ix_case_parties_key", "kind", "party_key"),
)

classification_changes = Table(
    "classification_changes", metadata,
    Column("id", ID, primary_key=True, autoincrement=True),
    Column("case_id", String(36), nullable=False), _moment("at", False), Column("kind", String(20), nullable=False),
    Column("before", JSON), Column("after", JSON, nullable=False), Column("by", String(120), nullable=False),
    Column("rationale", Text), Column("approved_by", String(120)), Column("report_id", String(64)),
    Index("ix_classification_changes_case", "case_id", "id"),
)

risk_assessments = Table(
    "risk_assessments", metadata,
    Column("assessment_id", String(36), primary_key=True),
    Column("case_id", String(36), nullable=False), _moment("assessed_at", False),
    Column("assessed_by", String(120), nullable=False), Column("factors", JSON, nullable=False),
    Column("score", Integer, nullable=False), Column("level", String(20), nullable=False),
    Column("occasion", String(20), nullable=False),
    Column("notes", Encrypted("risk_assessments.notes", as_json=False)),
    Index("ix_risk_assessments_case", "case_id", "assessed_at"),
)

support_actions = Table(
    "support_actions", metadata,
    Column("action_id", String(36), primary_key=True),
    Column("case_id", String(36), nullable=False), Column("action_type", String(40), nullable=False),
    Column("description", Text, nullable=False), Column("owner_id", String(120), nullable=False),
    _moment("due_at"), _moment("created_at", False), Column("created_by", String(120), nullable=False),
    Column("status", String(20), nullable=False), Column("agreement", String(20)), _moment("agreement_at"),
    Column("agreement_by", String(120)), Column("request_id", String(36)), _moment("completed_at"),
    Column("details", JSON, nullable=False), Column("history", JSON, nullable=False),
    Index("ix_support_actions_case", "case_id"),
    Index("ix_support_actions_due", "status", "due_at"),
)

perpetrator_actions = Table(
    "perpetrator_actions", metadata,
    Column("action_id", String(36), primary_key=True),
    Column("case_id", String(36), nullable=False), Column("remedy", String(60), nullable=False),
    Column("perpetrator_key", String(64)), Column("victim_view", String(20), nullable=False),
    Column("status", String(20), nullable=False), _moment("proposed_at", False),
    Column("proposed_by", String(120), nullable=False), Column("reason", Text), Column("expires_on", Date),
    Column("breaches", Integer, nullable=False), Column("history", JSON, nullable=False),
    Index("ix_perpetrator_actions_case", "case_id"),
)

conferences = Table(
    "conferences", metadata,
    Column("conference_id", String(36), primary_key=True),
    Column("case_id", String(36), nullable=False), _moment("scheduled_for", False),
    Column("attendees", JSON, nullable=False), Column("purpose", Text, nullable=False),
    Column("victim_consented", Boolean, nullable=False), Column("scheduled_by", String(120), nullable=False),
    _moment("scheduled_at", False), Column("status", String(20), nullable=False), _moment("held_at"),
    Column("minutes", Text), Column("actions", JSON, nullable=False), Column("cancelled_because", String(300)),
    Index("ix_conferences_case", "case_id"),
)

contacts = Table(
    "contacts", metadata,
    Column("contact_id", String(36), primary_key=True),
    Column("case_id", String(36), nullable=False), _moment("contacted_at", False), _moment("recorded_at", False),
    Column("recorded_by", String(120), nullable=False), Column("kind", String(20), nullable=False),
    Column("party", String(30), nullable=False), Column("direction", String(10), nullable=False),
    Column("successful", Boolean, nullable=False),
    Column("summary", Encrypted("contacts.summary", as_json=False), nullable=False),
    Column("corrects", String(36)), Column("first_contact", Boolean, nullable=False), _moment("due_at"),
    Column("within_target", Boolean),
    Index("ix_contacts_case", "case_id", "contacted_at"),
)  # append-only in the database itself (triggers in migration 0001), like the audit log

reviews = Table(
    "reviews", metadata,
    Column("review_id", String(36), primary_key=True),
    Column("case_id", String(36), nullable=False), Column("kind", String(20), nullable=False),
    _moment("reviewed_at", False), Column("reviewer_id", String(120), nullable=False),
    Column("officer_id", String(120)), _moment("due_at"), Column("risk_level", String(20)),
    Column("assessment_id", String(36)),
    Column("notes", Encrypted("reviews.notes", as_json=False), nullable=False), Column("next_steps", Text),
    Index("ix_reviews_case", "case_id", "reviewed_at"),
)

approvals = Table(
    "approvals", metadata,
    Column("approval_id", String(36), primary_key=True),
    Column("case_id", String(36), nullable=False), Column("kind", String(30), nullable=False),
    Column("requested_by", String(120), nullable=False), _moment("requested_at", False),
    Column("request", JSON, nullable=False), Column("approver_roles", JSON, nullable=False),
    Column("status", String(20), nullable=False), Column("decided_by", String(120)), _moment("decided_at"),
    Column("decision_note", Text),
    Index("ix_approvals_case", "case_id"), Index("ix_approvals_status", "status"),
)

work_items = Table(
    "work_items", metadata,
    Column("item_id", String(36), primary_key=True),
    Column("case_id", String(36), nullable=False), Column("kind", String(40), nullable=False),
    Column("summary", String(300), nullable=False), _moment("raised_at", False),
    Column("dedupe_key", String(200), nullable=False, unique=True),
    Column("team", String(64)), Column("assignee_id", String(120)), Column("assignee_role", String(40)),
    _moment("due_at"), Column("ref_id", String(64)), _moment("resolved_at"), Column("resolved_by", String(120)),
    Column("resolution", String(300)),
    Index("ix_work_items_open_team", "resolved_at", "team"),
    Index("ix_work_items_assignee", "assignee_id", "resolved_at"),
    Index("ix_work_items_case", "case_id"),
)

timeline = Table(
    "timeline", metadata,
    Column("id", ID, primary_key=True, autoincrement=True),
    Column("case_id", String(36), nullable=False), _moment("at", False), Column("kind", String(40), nullable=False),
    Column("summary", String(300), nullable=False), Column("actor", String(120), nullable=False),
    Column("ref_id", String(64)),
    Index("ix_timeline_case", "case_id", "at"),
)

staff = Table(
    "staff", metadata,
    Column("staff_id", String(120), primary_key=True),
    Column("name", String(200), nullable=False), Column("role", String(40), nullable=False),
    Column("team", String(64), nullable=False), Column("patches", JSON, nullable=False),
    Column("streams", JSON, nullable=False), Column("reports_to", String(120)), Column("trained_on", Date),
    Column("sex", Encrypted("staff.sex", as_json=False)),
    Column("ethnic_origin", Encrypted("staff.ethnic_origin", as_json=False)), Column("active", Boolean, nullable=False),
    _moment("updated_at"), Column("updated_by", String(120)),
    Index("ix_staff_team", "team"),
)

surveys = Table(
    "surveys", metadata,
    Column("case_id", String(36), primary_key=True),
    Column("status", String(20), nullable=False), _moment("created_at", False), Column("reason", String(200)),
    _moment("answered_at"), Column("recorded_by", String(120)), Column("tp12", String(30)),
    Column("kept_informed", Boolean), Column("feels_safer", Boolean), Column("comments", Text),
)

partner_referrals = Table(
    "partner_referrals", metadata,
    Column("ref_key", String(80), primary_key=True),
    Column("case_id", String(36), nullable=False), Column("request_id", String(64)),
    Column("partner", String(64)), Column("partner_kind", String(40)), Column("purpose", String(64)),
    Column("status", String(20), nullable=False), _moment("updated_at", False),
    Index("ix_partner_referrals_case", "case_id"), Index("ix_partner_referrals_request", "request_id"),
)

repair_requests = Table(
    "repair_requests", metadata,
    Column("request_id", String(36), primary_key=True),
    Column("case_id", String(36), nullable=False), Column("action_id", String(36)),
    Column("report_id", String(64)), Column("job_id", String(64)), Column("status", String(20), nullable=False),
    _moment("requested_at", False), _moment("updated_at", False),
    Index("ix_repair_requests_case", "case_id"), Index("ix_repair_requests_job", "job_id"),
)
