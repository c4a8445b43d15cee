"""Every event type the read model is built from, and the rule that turns each into changes.

Reporting consumes every event type in the catalogue: it is the read model of every event, and the
relay publishes with ``mandatory=True``, so an event type with no consumer would be unroutable and
hold back its aggregate's later events. Types no figure needs are kept as facts only (a rebuild
replays them too) and change nothing.
"""

from __future__ import annotations

from hcs.contracts import CATALOGUE
from reporting.domain import projection as p
from reporting.domain import projection_erasure as e
from reporting.domain import projection_services as s
from reporting.domain.changes import Change
from reporting.domain.projection import Data, Rule

RULES: dict[str, Rule] = {
    "report_received": p.report_received,
    "report_amended": p.report_amended,
    "report_withdrawn": p.report_withdrawn,
    "case_opened": p.case_opened,
    "report_linked": p.report_linked,
    "case_recategorised": p.case_recategorised,
    "risk_assessed": p.risk_assessed,
    "contact_recorded": p.contact_recorded,
    "action_agreed": p.action_agreed,
    "action_completed": p.action_completed,
    "perpetrator_action_recorded": p.perpetrator_action_recorded,
    "review_recorded": p.review_recorded,
    "review_overdue": p.review_overdue,
    "community_trigger_flagged": p.community_trigger_flagged,
    "case_closed": p.case_closed,
    "survey_answered": p.survey_answered,
    "job_created": s.job_created,
    "job_made_safe": s.job_made_safe,
    "job_completed": s.job_completed,
    "job_sla_at_risk": s.job_sla_at_risk,
    "job_sla_breached": s.job_sla_breached,
    "job_cancelled": s.job_cancelled,
    "referral_requested": s.referral_requested,
    "referral_sent": s.referral_milestone("sent_at"),
    "referral_accepted": s.referral_milestone("accepted_at"),
    "referral_done": s.referral_milestone("done_at"),
    "referral_rejected": s.referral_milestone("rejected_at"),
    "referral_revoked": s.referral_milestone("revoked_at"),
    "referral_withdrawn": s.referral_milestone("withdrawn_at"),
    "referral_refused": s.referral_refused,
    "report_erased": e.report_erased,
    "case_erased": e.case_erased,
    "job_erased": e.job_erased,
    "case_sharing_erased": e.case_sharing_erased,
}


def _kept_only(event_id: str, data: Data) -> list[Change]:
    return []


KEPT_ONLY = frozenset(t for t, _ in CATALOGUE) - set(RULES)
RULES.update(dict.fromkeys(KEPT_ONLY, _kept_only))
CONSUMED_EVENT_TYPES = frozenset(RULES)


def changes_for(event_type: str, event_id: str, data: Data) -> list[Change]:
    return RULES[event_type](event_id, data)
