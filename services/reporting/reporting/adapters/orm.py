"""Reporting's tables: every consumed event whole (``facts``, what a rebuild replays), the read model
derived from them (typed columns, one row per report, case, job ...), and the documents produced.

The read model's indexes lead with the moment a figure is placed in a period by and carry the
columns its conditions test, so a period's figures are read from the index alone (an index-only
scan on PostgreSQL) rather than from the table.
"""

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Table,
    text,
)

from hcs.tables import ID

metadata = MetaData()
TS = DateTime(timezone=True)


def _key(name: str) -> Column:  # type: ignore[type-arg]
    return Column(name, String(64), primary_key=True)


def _stream() -> Column:  # type: ignore[type-arg]
    return Column("stream", String(20))


facts = Table(
    "facts", metadata,
    Column("id", ID, primary_key=True, autoincrement=True),
    Column("event_id", String(36), nullable=False, unique=True),
    Column("event_type", String(80), nullable=False),
    Column("schema_version", Integer, nullable=False),
    Column("occurred_at", TS, nullable=False),
    Column("stream", String(20), nullable=False),
    Column("aggregate_id", String(64), nullable=False),
    Column("data", JSON, nullable=False),
    Index("ix_facts_type_occurred", "event_type", "occurred_at"),
    Index("ix_facts_aggregate", "aggregate_id"),  # erasure anonymises an erased record's facts
)

incidents = Table(
    "incidents", metadata,
    _key("report_id"), _stream(),
    Column("version", Integer), Column("received_at", TS), Column("received_month", Integer),
    Column("channel", String(30)), Column("triage", String(30)), Column("strand_mask", SmallInteger),
    Column("hate", Boolean), Column("racist", Boolean), Column("perceived_by", String(20)),
    Column("incident_at", TS), Column("location_type", String(20)), Column("incident_types", String(300)),
    Column("postcode_district", String(4)), Column("postcode_sector", String(6)), Column("postcode_unit", String(8)),
    Column("uprn", String(12)), Column("police_informed", Boolean),
    Column("void", Boolean, nullable=False, server_default=text("false")),
    Column("withdrawn_at", TS), Column("withdrawn_reason", String(30)),
    Index("ix_incidents_period", "received_at", "stream", "void", "hate", "racist", "strand_mask", "channel"),
    Index("ix_incidents_area", "received_at", "void", "stream", "received_month", "postcode_sector",
          "postcode_unit", "uprn"),
)

case_reports = Table(
    "case_reports", metadata,
    _key("report_id"), Column("case_id", String(64), nullable=False), _stream(),
    Index("ix_case_reports_case", "case_id"),
)

cases = Table(
    "cases", metadata,
    _key("case_id"), _stream(), Column("report_id", String(64)),
    Column("opened_at", TS), Column("opened_month", Integer), Column("hate_at_opening", Boolean),
    Column("racist_at_opening", Boolean), Column("strand_mask_at_opening", SmallInteger),
    Column("hate_now", Boolean), Column("asb_category", String(20)), Column("category_at", TS),
    Column("risk_level", String(10)), Column("risk_at", TS),
    Column("first_contact_due_at", TS), Column("first_contact_at", TS), Column("first_contact_within", Boolean),
    Column("closed_at", TS), Column("outcome", String(30)), Column("trigger_at", TS),
    Column("last_review_at", TS), Column("review_due_at", TS),
    Index("ix_cases_opened", "opened_at", "stream", "hate_at_opening", "first_contact_within", "first_contact_at",
          "first_contact_due_at"),
    Index("ix_cases_closed", "closed_at", "stream", "outcome"),
    Index("ix_cases_trigger", "trigger_at", "stream"),
    Index("ix_cases_open", "stream", "risk_level", postgresql_where=text("closed_at IS NULL"),
          sqlite_where=text("closed_at IS NULL")),
)

review_alerts = Table(
    "review_alerts", metadata,
    Column("case_id", String(64), primary_key=True), Column("due_at", TS, primary_key=True), _stream(),
    Column("noticed_at", TS),
    Index("ix_review_alerts_noticed", "noticed_at", "stream"),
)

reviews = Table(
    "reviews", metadata,
    _key("review_id"), Column("case_id", String(64)), _stream(), Column("kind", String(20)),
    Column("reviewed_at", TS), Column("due_at", TS), Column("on_time", Boolean),
    Index("ix_reviews_period", "reviewed_at", "stream", "on_time"),
)

actions = Table(
    "actions", metadata,
    _key("action_id"), Column("case_id", String(64)), _stream(), Column("action_type", String(40)),
    Column("agreement", String(20)), Column("recorded_at", TS), Column("completed_at", TS),
    Index("ix_actions_period", "recorded_at", "stream", "agreement"),
)

remedies = Table(
    "remedies", metadata,
    _key("action_id"), Column("case_id", String(64)), _stream(), Column("remedy", String(40)),
    Column("first_recorded_at", TS), Column("status", String(20)), Column("status_at", TS),
    Index("ix_remedies_period", "first_recorded_at", "stream", "remedy"),
)

surveys = Table(
    "surveys", metadata,
    _key("survey_id"), Column("case_id", String(64)), _stream(), Column("answered_at", TS),
    Column("tp12", String(24)), Column("kept_informed", Boolean), Column("feels_safer", Boolean),
    Index("ix_surveys_period", "answered_at", "stream", "tp12", "kept_informed", "feels_safer"),
)

jobs = Table(
    "jobs", metadata,
    _key("job_id"), Column("case_id", String(64)), _stream(), Column("created_at", TS), Column("target_at", TS),
    Column("job_type", String(30)), Column("priority", String(20)),
    Column("made_safe_at", TS), Column("made_safe_within", Boolean),
    Column("completed_at", TS), Column("completed_within", Boolean),
    Column("at_risk_at", TS), Column("follow_on_at_risk_at", TS), Column("breached_at", TS),
    Column("follow_on_breached_at", TS), Column("cancelled_at", TS),
    Index("ix_jobs_period", "created_at", "stream", "made_safe_within", "completed_within", "breached_at",
          "cancelled_at", "target_at"),
    Index("ix_jobs_open", "stream", postgresql_where=text("completed_at IS NULL AND cancelled_at IS NULL"),
          sqlite_where=text("completed_at IS NULL AND cancelled_at IS NULL")),
)

referrals = Table(
    "referrals", metadata,
    _key("referral_id"), Column("case_id", String(64)), _stream(), Column("partner", String(64)),
    Column("partner_kind", String(30)), Column("purpose", String(64)),
    Column("requested_at", TS), Column("sent_at", TS), Column("accepted_at", TS), Column("done_at", TS),
    Column("rejected_at", TS), Column("revoked_at", TS), Column("withdrawn_at", TS),
    Index("ix_referrals_period", "requested_at", "stream", "partner_kind", "accepted_at", "rejected_at"),
)

refusals = Table(
    "refusals", metadata,
    _key("refusal_id"), Column("case_id", String(64)), _stream(), Column("partner", String(64)),
    Column("purpose", String(64)), Column("reason", String(30)), Column("refused_at", TS),
    Index("ix_refusals_period", "refused_at", "stream", "reason"),
)

# Records erased under the retention schedule (the erasure events): ids only, which resolve to nothing.
erasures = Table(
    "erasures", metadata,
    Column("record_id", String(64), primary_key=True), _stream(), Column("record_type", String(30)),
    Column("rule", String(64)), Column("erased_at", TS),
    Index("ix_erasures_period", "erased_at", "stream", "record_type"),
)

# Month roll-ups (see reporting.domain.rollups): kept by the projection in the same transaction.
rollup_counts = Table(
    "rollup_counts", metadata,
    Column("rollup", String(30), primary_key=True),
    Column("month", Integer, primary_key=True),
    Column("stream", String(20), primary_key=True),
    Column("dims", String(300), primary_key=True),
    Column("n", Integer, nullable=False),
)

READ_MODEL = {t.name: t for t in (incidents, case_reports, cases, review_alerts, reviews, actions, remedies,
                                  surveys, jobs, referrals, refusals, erasures)}

artefacts = Table(
    "artefacts", metadata,
    Column("artefact_id", String(36), primary_key=True),
    Column("pack_id", String(36)),
    Column("kind", String(20), nullable=False),  # quarterly | six_monthly | annual | export
    Column("period", String(30), nullable=False),
    Column("name", String(120), nullable=False),
    Column("media_type", String(60), nullable=False),
    Column("size", Integer, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("created_at", TS, nullable=False),
    Column("created_by", String(120), nullable=False),
    Column("content", LargeBinary, nullable=False),
    Index("ix_artefacts_pack", "pack_id"),
    Index("ix_artefacts_kind", "kind", "created_at"),
)
