"""Repairs' own tables. Every time is stored in UTC.

Free text that can say something about the household is encrypted at rest (hcs.crypto): a job's
access notes (screened, but still about the people at home: "elderly tenant, knock loudly"), the work
orders kept for contractors (which carry them), and the notes of each update (a contractor's or an
officer's own words).
"""

from sqlalchemy import JSON, Column, DateTime, Index, Integer, MetaData, String, Table

from hcs.crypto import Encrypted
from hcs.tables import ID

metadata = MetaData()


def _at(name: str, nullable: bool = True) -> Column:  # type: ignore[type-arg]
    return Column(name, DateTime(timezone=True), nullable=nullable)


jobs = Table(
    "jobs", metadata,
    Column("job_id", String(36), primary_key=True),
    Column("request_id", String(64), nullable=False, unique=True),
    Column("case_id", String(64), nullable=False),
    Column("action_id", String(64)),
    Column("stream", String(20), nullable=False),
    Column("team", String(64)),
    Column("address", JSON, nullable=False),
    Column("job_type", String(40), nullable=False),
    Column("priority", String(20), nullable=False),
    Column("description", String(600), nullable=False),
    Column("location", String(200)),
    Column("access_notes", Encrypted("jobs.access_notes", as_json=False)),
    Column("attributes", JSON, nullable=False),
    Column("withheld", JSON, nullable=False),
    Column("status", String(20), nullable=False),
    Column("contractor", String(64)),
    Column("assignment", Integer, nullable=False),
    _at("assigned_at"), _at("accept_by"),
    Column("assignments", JSON, nullable=False),
    _at("reported_at", False), _at("created_at", False), _at("target_at", False), _at("at_risk_at", False),
    _at("dispatched_at"), _at("accepted_at"), _at("attended_at"), _at("made_safe_at"), _at("completed_at"),
    _at("closed_at"), _at("last_progress_at"),
    Column("no_access_visits", Integer, nullable=False),
    _at("follow_on_due_at"), _at("follow_on_at_risk_at"),
    Column("photos", JSON, nullable=False),
    Column("cancel_reason", String(300)),
    # when each warning was raised: at most once each per job
    _at("at_risk_raised_at"), _at("breached_raised_at"), _at("follow_on_at_risk_raised_at"),
    _at("follow_on_breached_raised_at"),
    Index("ix_jobs_case", "case_id"),
    Index("ix_jobs_contractor_status", "contractor", "status"),
    Index("ix_jobs_status_target", "status", "target_at"),
    Index("ix_jobs_accept_by", "accept_by"),
)

# Messages to contractors' systems (offers, amendments, withdrawals): an outbox of its own.
contractor_messages = Table(
    "contractor_messages", metadata,
    Column("id", ID, primary_key=True, autoincrement=True),
    Column("webhook_id", String(120), nullable=False, unique=True),
    Column("job_id", String(36), nullable=False),
    Column("contractor", String(64), nullable=False),
    Column("assignment", Integer, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("data", Encrypted("contractor_messages.data"), nullable=False),
    _at("created_at", False), _at("next_attempt_at", False),
    Column("attempts", Integer, nullable=False),
    Column("status", String(20), nullable=False),  # pending | delivered | superseded
    _at("delivered_at"),
    Index("ix_messages_due", "status", "next_attempt_at"),
    Index("ix_messages_job", "job_id", "contractor", "id"),
)

# One row per attempt to send a message to a contractor.
deliveries = Table(
    "deliveries", metadata,
    Column("id", ID, primary_key=True, autoincrement=True),
    Column("job_id", String(36), nullable=False),
    Column("webhook_id", String(120), nullable=False),
    Column("contractor", String(64), nullable=False),
    Column("attempt", Integer, nullable=False),
    _at("at", False),
    Column("status_code", Integer),
    Column("error", String(80)),
    Column("outcome", String(20), nullable=False),  # delivered | failed
    Index("ix_deliveries_job", "job_id", "id"),
)

# Every update to a job from outside: contractors' callbacks (keyed by their webhook-id) and staff
# commands (keyed by their idempotency key). A key seen again is a duplicate and changes nothing.
job_updates = Table(
    "job_updates", metadata,
    Column("channel", String(80), primary_key=True),  # contractor:<name> | staff
    Column("key", String(120), primary_key=True),
    Column("job_id", String(36), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("actor", String(120), nullable=False),
    _at("at", False), _at("received_at", False),
    Column("outcome", String(20), nullable=False),  # applied | late | stale
    Column("reason", String(300)),
    Column("notes", Encrypted("job_updates.notes", as_json=False)),
    Index("ix_job_updates_job", "job_id", "received_at"),
)
