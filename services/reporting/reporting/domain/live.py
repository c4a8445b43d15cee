"""The live business figures (Prometheus gauges): what stands open right now, whatever the period."""

from __future__ import annotations

from reporting.domain.measures import Before, Count, Is, Present, either, every

OPEN_CASES = Count("cases", "opened_at", Is("closed_at", None), by=("risk_level",))
JOBS_AT_RISK = Count("jobs", "target_at", every(
    Is("completed_at", None), Is("cancelled_at", None),
    either(every(Present("at_risk_at"), Is("made_safe_at", None), Is("breached_at", None)),
           every(Present("follow_on_at_risk_at"), Is("follow_on_breached_at", None)))))
JOBS_BREACHED_OPEN = Count("jobs", "target_at", every(
    Is("completed_at", None), Is("cancelled_at", None),
    either(every(Present("breached_at"), Is("made_safe_at", None)), Present("follow_on_breached_at"))))
REVIEWS_OVERDUE = Count("cases", "opened_at", every(
    Is("closed_at", None), Present("review_due_at"),
    either(Is("last_review_at", None), Before("last_review_at", "review_due_at"))))
LIVE_COUNTS = (OPEN_CASES, JOBS_AT_RISK, JOBS_BREACHED_OPEN, REVIEWS_OVERDUE)
