"""Intake's own tables. ``details`` holds the report as received or last amended (personal and
special category data: read only through the audited RPCs); every version is kept in
``report_versions``; flags are rows so a listing can filter on them. ``details`` and ``triage``
(which names the perceived strands) are encrypted at rest (hcs.crypto).

``report_people`` holds the person keys of everyone a report names, in every version (keyed digests,
never names: ``intake.domain.people``); ``subject_access_requests`` is the data protection officer's
register of requests (the subject's identifying details encrypted at rest), with each search run.
``case_teams`` holds the team of each case a report is in (from cases' events), which decides which
officers and seniors see the report (``intake.domain.teams``)."""

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
)

from hcs.crypto import Encrypted

metadata = MetaData()

reports = Table(
    "reports", metadata,
    Column("report_id", String(36), primary_key=True),
    Column("submitted_by", String(120), nullable=False),
    Column("submitter_role", String(40), nullable=False),
    Column("centre", String(64)),
    Column("idempotency_key", String(100), nullable=False),
    Column("fingerprint", String(64), nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("channel", String(40), nullable=False),
    Column("stream", String(20), nullable=False),
    Column("anonymous", Boolean, nullable=False),
    Column("status", String(20), nullable=False),
    Column("version", Integer, nullable=False),
    Column("triage_outcome", String(30), nullable=False),
    Column("household_key", String(64)),
    Column("incident_place_key", String(64)),
    Column("perpetrator_keys", JSON, nullable=False),
    Column("incident_from", DateTime(timezone=True)),
    Column("incident_until", DateTime(timezone=True)),
    Column("triage", Encrypted("reports.triage"), nullable=False),
    Column("details", Encrypted("reports.details"), nullable=False),
    Column("withdrawn_at", DateTime(timezone=True)),
    Column("withdrawn_by", String(120)),
    Column("withdrawal_reason", String(30)),
    Column("withdrawal_note", String(500)),
    Column("case_id", String(64)),  # the case it opened or joined (cases' events); null: no case
    UniqueConstraint("submitted_by", "idempotency_key", name="uq_reports_submitter_key"),
    Index("ix_reports_received", "received_at", "report_id"),
    Index("ix_reports_stream_received", "stream", "received_at"),
    Index("ix_reports_household", "household_key", "received_at"),
    Index("ix_reports_incident_place", "incident_place_key", "received_at"),
    Index("ix_reports_case", "case_id"),
)

case_teams = Table(
    "case_teams", metadata,
    Column("case_id", String(64), primary_key=True),
    Column("team", String(64), nullable=False),
    Column("as_of", DateTime(timezone=True), nullable=False),  # when cases said so: a later word wins
)

report_versions = Table(
    "report_versions", metadata,
    Column("report_id", String(36), ForeignKey("reports.report_id"), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("recorded_by", String(120), nullable=False),
    Column("role", String(40), nullable=False),
    Column("reason", String(500)),
    Column("changed", JSON, nullable=False),
    Column("triage", Encrypted("report_versions.triage"), nullable=False),
    Column("details", Encrypted("report_versions.details"), nullable=False),
)

report_flags = Table(
    "report_flags", metadata,
    Column("report_id", String(36), ForeignKey("reports.report_id"), primary_key=True),
    Column("flag", String(30), primary_key=True),
    Index("ix_report_flags_flag", "flag", "report_id"),
)

report_people = Table(
    "report_people", metadata,
    Column("report_id", String(36), ForeignKey("reports.report_id"), primary_key=True),
    Column("role", String(30), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("name_key", String(64), primary_key=True),
    Column("contact_keys", JSON, nullable=False),
    Column("place_keys", JSON, nullable=False),
    Index("ix_report_people_name", "name_key"),
)

subject_access_requests = Table(
    "subject_access_requests", metadata,
    Column("request_id", String(36), primary_key=True),
    Column("reference", String(20), nullable=False, unique=True),
    Column("opened_by", String(120), nullable=False),
    Column("idempotency_key", String(100), nullable=False),
    Column("opened_at", DateTime(timezone=True), nullable=False),
    Column("received_on", Date, nullable=False),
    Column("clock_starts_on", Date, nullable=False),
    Column("due_on", Date, nullable=False),
    Column("channel", String(20), nullable=False),
    Column("requester", String(20), nullable=False),
    Column("subject", Encrypted("subject_access_requests.subject"), nullable=False),
    Column("status", String(20), nullable=False),
    Column("extended_due_on", Date),
    Column("extension_reason", String(300)),
    Column("extended_at", DateTime(timezone=True)),
    Column("extended_by", String(120)),
    Column("last_searched_at", DateTime(timezone=True)),
    Column("closed_at", DateTime(timezone=True)),
    Column("closed_by", String(120)),
    Column("responded_on", Date),
    Column("outcome_note", Encrypted("subject_access_requests.outcome_note", as_json=False)),
    UniqueConstraint("opened_by", "idempotency_key", name="uq_sar_opener_key"),
    Index("ix_sar_status_due", "status", "due_on"),
    Index("ix_sar_closed", "closed_at"),
)

subject_access_searches = Table(
    "subject_access_searches", metadata,
    Column("request_id", String(36), ForeignKey("subject_access_requests.request_id"), primary_key=True),
    Column("searched_at", DateTime(timezone=True), primary_key=True),
    Column("searched_by", String(120), nullable=False),
    Column("complete", Boolean, nullable=False),
    Column("summary", JSON, nullable=False),  # counts per service and the services that did not answer
    Column("document_sha256", String(64)),
)
