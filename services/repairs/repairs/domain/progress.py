"""What a contractor reports (or staff record for them, from a phone call), applied to a job.

Contractors' systems send messages late, twice and out of order, and real contractors skip steps
(a completion with no "on site" before it). So:

- a report moves the job forward from where it is, implying the steps it skips (a completion implies
  the job was accepted and attended);
- a report older than the job's latest progress does not move it back: it is *stale*, except that it
  can still fill in a milestone time not known yet (a make-safe reported after the completion still
  counts towards the 24-hour target): then it is *late*;
- what cannot be true is refused (:class:`IllegalTransition`): anything on a cancelled job, a
  rejection once on site, a make-safe or no-access after completion;
- work that removes evidence (offensive graffiti) is refused until a "before" photo reference is
  recorded (:class:`EvidenceMissing`).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from repairs.domain.catalogue import CATALOGUE
from repairs.domain.model import IllegalTransition, Job, JobStatus
from repairs.domain.target import SlaPolicy

S = JobStatus
MAX_PHOTOS = 50
PHOTO_STAGES = ("before", "during", "after")


class EvidenceMissing(Exception):
    """Offensive graffiti may not be removed or covered before it is photographed."""


class Outcome(enum.StrEnum):
    APPLIED = "applied"
    LATE = "late"  # older than the job's progress, but filled in a milestone time
    STALE = "stale"  # older than, or already part of, what the job shows: nothing changed


@dataclass(frozen=True)
class ProgressReport:
    status: str  # one of model.CONTRACTOR_REPORTS
    at: datetime
    source: str  # "contractor:<name>" or "staff:<user id>"
    notes: str | None = None
    reason: str | None = None
    photos: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class JobUpdate:
    """The record of one update received about a job (a callback, or a staff command)."""

    channel: str  # contractor:<name> | staff
    key: str  # the callback's webhook-id, or the staff command's idempotency key
    job_id: str
    kind: str
    actor: str
    at: datetime
    received_at: datetime
    outcome: str
    reason: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class Applied:
    outcome: Outcome
    implied_dispatch: bool = False  # the report came before our record of the delivery

    @property
    def changed(self) -> bool:
        return self.outcome is not Outcome.STALE


def apply_report(job: Job, report: ProgressReport, policy: SlaPolicy) -> Applied:
    kind, at = report.status, report.at
    if job.status is S.CANCELLED:
        raise IllegalTransition(job.job_id, job.status, kind, "the job was cancelled")
    if job.contractor is None:
        raise IllegalTransition(job.job_id, job.status, kind, "no contractor holds this job now")
    if kind in ("made_safe", "completed"):
        _require_evidence(job, report)
    _record_photos(job, report)
    older = job.last_progress_at is not None and at < job.last_progress_at
    if kind == "rejected":
        return _reject(job, report, older)
    if kind == "completed" and job.status is not S.COMPLETED:
        return _forward(job, report, policy)
    if older:
        return Applied(Outcome.LATE if _fill_in(job, report, policy) else Outcome.STALE)
    if job.status is S.COMPLETED:
        if kind in ("completed", "accepted", "on_site"):
            return Applied(Outcome.STALE)
        raise IllegalTransition(job.job_id, job.status, kind, "the job is already completed")
    if kind == "accepted" and job.status not in (S.CREATED, S.DISPATCHED):
        return Applied(Outcome.STALE)
    if kind in ("made_safe", "on_site") and job.status.value == kind:
        return Applied(Outcome.STALE)
    return _forward(job, report, policy)


def _reject(job: Job, report: ProgressReport, older: bool) -> Applied:
    if older:  # handed back, then went on site after all: the later word stands
        return Applied(Outcome.STALE)
    if job.status in (S.ON_SITE, S.COMPLETED):
        raise IllegalTransition(job.job_id, job.status, "rejected", "the contractor has already attended")
    job.release(report.at, "rejected")
    job.status, job.last_progress_at = S.REJECTED, report.at
    return Applied(Outcome.APPLIED)


def _forward(job: Job, report: ProgressReport, policy: SlaPolicy) -> Applied:
    kind, at = report.status, report.at
    implied = job.status is S.CREATED
    if implied:
        job.dispatch(at)
    job.accepted_at = job.accepted_at or at
    job.accept_by = None
    if kind != "accepted":
        job.attended_at = job.attended_at or at
    if kind == "made_safe":
        _made_safe(job, at, policy)
    elif kind == "completed":
        job.completed_at = job.closed_at = at
    elif kind == "no_access":
        job.no_access_visits += 1
    job.status = S(kind)
    job.last_progress_at = max(at, job.last_progress_at or at)
    return Applied(Outcome.APPLIED, implied)


def _fill_in(job: Job, report: ProgressReport, policy: SlaPolicy) -> bool:
    """A report older than the job's progress: keep any milestone time it tells us for the first time."""
    kind, at = report.status, report.at
    if kind == "accepted" and (job.accepted_at is None or at < job.accepted_at):
        job.accepted_at = at
    if kind in ("on_site", "made_safe", "no_access") and (job.attended_at is None or at < job.attended_at):
        job.attended_at = at
    if kind == "made_safe" and (job.made_safe_at is None or at < job.made_safe_at) \
            and (job.completed_at is None or at <= job.completed_at):
        _made_safe(job, at, policy, earliest=True)
        return True
    return False


def _made_safe(job: Job, at: datetime, policy: SlaPolicy, earliest: bool = False) -> None:
    """The first (earliest) make-safe counts; it starts the follow-on clock for the permanent repair."""
    if job.made_safe_at is not None and not earliest:
        return
    job.made_safe_at = at
    job.follow_on_due_at, job.follow_on_at_risk_at = policy.follow_on(at)


def _require_evidence(job: Job, report: ProgressReport) -> None:
    kind = CATALOGUE.get(job.job_type)
    if kind is None or not kind.evidence_before_work:
        return
    if not any(p.get("stage") == "before" for p in [*job.photos, *report.photos]):
        raise EvidenceMissing(f"{kind.name}: record a photo of it before it is removed or covered "
                              "(the photos are evidence)")


def _record_photos(job: Job, report: ProgressReport) -> None:
    known = {p["ref"] for p in job.photos}
    for photo in report.photos:
        if photo["ref"] not in known and len(job.photos) < MAX_PHOTOS:
            job.photos.append({"ref": photo["ref"], "stage": photo["stage"], "reported": report.status,
                               "taken_at": _iso(photo.get("taken_at")) or report.at.isoformat(),
                               "source": report.source})
            known.add(photo["ref"])


def _iso(value: Any) -> str | None:
    return value.isoformat() if isinstance(value, datetime) else value
