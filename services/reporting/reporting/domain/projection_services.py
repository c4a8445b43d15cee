"""The read model's rules for the events of repairs (POL-6) and referrals (POL-5)."""

from __future__ import annotations

from reporting.domain.changes import Change, Guard
from reporting.domain.projection import Data, Rule, utc


def _job(data: Data, **kwargs: object) -> Change:
    return Change("jobs", {"job_id": data["job_id"]}, {"case_id": data["case_id"], "stream": data["stream"]},
                  always={"target_at": utc(data["target_at"])}, **kwargs)  # type: ignore[arg-type]


def job_created(event_id: str, data: Data) -> list[Change]:
    return [_job(data, first={"created_at": utc(data["created_at"]), "job_type": data.get("job_type"),
                              "priority": data.get("priority")})]


def job_made_safe(event_id: str, data: Data) -> list[Change]:
    return [_job(data, guards=(Guard("made_safe_at", utc(data["at"]), "earliest",
                                     {"made_safe_within": bool(data["within_target"])}),))]


def job_completed(event_id: str, data: Data) -> list[Change]:
    made_safe = utc(data.get("made_safe_at"))
    guards = (Guard("completed_at", utc(data["at"]), "earliest",
                    {"completed_within": bool(data["within_target"])}),)
    return [_job(data, first={"made_safe_at": made_safe} if made_safe else {}, guards=guards)]


def job_sla_at_risk(event_id: str, data: Data) -> list[Change]:
    column = "at_risk_at" if data["milestone"] == "make_safe_or_complete" else "follow_on_at_risk_at"
    return [_job(data, guards=(Guard(column, utc(data["at"]), "earliest"),))]


def job_sla_breached(event_id: str, data: Data) -> list[Change]:
    column = "breached_at" if data["milestone"] == "make_safe_or_complete" else "follow_on_breached_at"
    return [_job(data, guards=(Guard(column, utc(data["at"]), "earliest"),))]


def job_cancelled(event_id: str, data: Data) -> list[Change]:
    return [_job(data, guards=(Guard("cancelled_at", utc(data["at"]), "earliest"),))]


def _referral(data: Data, **kwargs: object) -> Change:
    first = {"partner_kind": data.get("partner_kind")} if data.get("partner_kind") else {}
    return Change("referrals", {"referral_id": data["referral_id"]},
                  {"case_id": data["case_id"], "stream": data["stream"], "partner": data["partner"],
                   "purpose": data["purpose"]}, first=first, **kwargs)  # type: ignore[arg-type]


def referral_requested(event_id: str, data: Data) -> list[Change]:
    return [_referral(data, guards=(Guard("requested_at", utc(data["requested_at"]), "earliest"),))]


def referral_milestone(column: str) -> Rule:
    """sent, acknowledged, accepted, done, rejected, revoked, withdrawn: the first time each happened."""

    def rule(event_id: str, data: Data) -> list[Change]:
        return [_referral(data, guards=(Guard(column, utc(data["at"]), "earliest"),))]

    rule.__name__ = f"referral_{column.removesuffix('_at')}"
    return rule


def referral_refused(event_id: str, data: Data) -> list[Change]:
    """Every refusal by the consent gate counts, even for the same partner twice (POL-5)."""
    return [Change("refusals", {"refusal_id": event_id}, {"case_id": data["case_id"], "stream": data["stream"]},
                   always={"partner": data["partner"], "purpose": data["purpose"], "reason": data["reason"],
                           "refused_at": utc(data["refused_at"])})]
