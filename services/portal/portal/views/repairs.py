"""Repairs (POL-6): the board of open jobs, jobs at risk of missing the 24-hour target and breaches,
page by page; a job in full with its updates and deliveries; and what staff do to a job: reassign it,
cancel it, or record what the contractor said on the phone."""

from __future__ import annotations

from typing import Any

from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from portal.clients import repairs as r
from portal.forms import moment, prune, text
from portal.navigation import CASEWORKERS, REPAIRS_READERS
from portal.pages import form_page
from portal.web import Ctx, page


@page("/repairs", REPAIRS_READERS)
def board(ctx: Ctx) -> Response:
    state = ctx.request.args.get("state", "open")
    if state not in r.BOARD_STATES:
        state = "open"
    offset = _whole(ctx.request.args.get("offset"))
    jobs, more = ctx.services.repairs.board(state, offset)
    return ctx.render("repairs.html", title="Repairs", state=state, states=r.BOARD_STATES, jobs=jobs,
                      offset=offset, page_size=r.PAGE_SIZE, more=more)


@page("/repairs/jobs/<job_id>", REPAIRS_READERS)
def job(ctx: Ctx, job_id: str) -> Response:
    found = ctx.services.repairs.get_job(job_id)
    return ctx.render("job.html", title=f"Repair job {job_id}", job=found,
                      may_work=ctx.identity.role in CASEWORKERS)


REASSIGN = {"contractor": "Give the job to", "reason": "Why"}


@page("/repairs/jobs/<job_id>/reassign", CASEWORKERS, methods=("GET", "POST"))
def reassign(ctx: Ctx, job_id: str) -> Response:
    def submit(form: MultiDict[str, str]) -> Any:
        return ctx.services.repairs.reassign_job(job_id, prune({
            "idempotency_key": text(form, "idempotency_key"), "contractor": text(form, "contractor"),
            "reason": text(form, "reason")}))

    return form_page(ctx, "forms/reassign.html", "Give the job to another contractor", REASSIGN, submit,
                     f"/repairs/jobs/{job_id}", "The job has been reassigned.", job_id=job_id,
                     contractors=ctx.services.repairs.contractor_directory())


CANCEL = {"reason": "Why the job is cancelled"}


@page("/repairs/jobs/<job_id>/cancel", CASEWORKERS, methods=("GET", "POST"))
def cancel(ctx: Ctx, job_id: str) -> Response:
    def submit(form: MultiDict[str, str]) -> Any:
        return ctx.services.repairs.cancel_job(job_id, prune({
            "idempotency_key": text(form, "idempotency_key"), "reason": text(form, "reason")}))

    return form_page(ctx, "forms/cancel_job.html", "Cancel the job", CANCEL, submit, f"/repairs/jobs/{job_id}",
                     "The job has been cancelled; the contractor is told.", job_id=job_id)


UPDATE = {"status": "What the contractor said", "at": "When it happened", "reason": "Reason",
          "notes": "Notes", "photos": "Photo", "photos.0": "Photo", "photos.0.ref": "Photo reference",
          "photos.0.stage": "Taken"}


@page("/repairs/jobs/<job_id>/update", CASEWORKERS, methods=("GET", "POST"))
def contractor_update(ctx: Ctx, job_id: str) -> Response:
    def submit(form: MultiDict[str, str]) -> Any:
        photo = prune({"ref": text(form, "photos.0.ref"), "stage": text(form, "photos.0.stage")})
        return ctx.services.repairs.record_contractor_update(job_id, prune({
            "idempotency_key": text(form, "idempotency_key"), "status": text(form, "status"),
            "at": moment(form, "at"), "reason": text(form, "reason"), "notes": text(form, "notes"),
            "photos": [photo] if photo else []}))

    def done(receipt: Any) -> str:
        if receipt.get("duplicate"):
            return "This update was already recorded."
        return {"applied": "The contractor's update has been recorded.",
                "late": "Recorded; it arrived late but still counts for the 24 hours.",
                "stale": "Recorded; the job had already moved on, so its status is unchanged."}.get(
            receipt.get("outcome"), "The contractor's update has been recorded.")

    return form_page(ctx, "forms/contractor_update.html", "Record what the contractor said", UPDATE, submit,
                     f"/repairs/jobs/{job_id}", done, job_id=job_id, reports=r.CONTRACTOR_REPORTS,
                     reject_reasons=r.REJECT_REASONS, no_access_reasons=r.NO_ACCESS_REASONS, stages=r.PHOTO_STAGES)


def _whole(value: str | None) -> int:
    try:
        return max(0, int(value or 0))
    except ValueError:
        return 0
