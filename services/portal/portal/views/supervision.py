"""Supervision (POL-8): the queue of approvals and work items, deciding an approval, recording an
officer-senior or senior-manager review (the risk matrix re-run at each officer-senior review),
allocating a case or handing it over, resolving a work item, and the staff directory."""

from __future__ import annotations

from typing import Any

from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from hcs.errors import Conflict, ValidationFailed
from portal import words
from portal.forms import integer, prune, text
from portal.navigation import CASEWORKERS, STAFF_READERS, SUPERVISORS
from portal.pages import form_page
from portal.web import Ctx, page


@page("/supervision", SUPERVISORS)
def supervision(ctx: Ctx) -> Response:
    return _queue(ctx, {})


def _queue(ctx: Ctx, errors: dict[str, list[str]], status: int = 200) -> Response:
    queue = ctx.services.cases.team_queue()
    return ctx.render("supervision.html", status=status, title="Supervision",
                      approvals=queue.get("pending_approvals") or [], work_items=queue.get("work_items") or [],
                      errors=errors)


@page("/approvals/<approval_id>", SUPERVISORS, methods=("POST",))
def decide(ctx: Ctx, approval_id: str) -> Response:
    decision = text(ctx.form, "decision")
    try:
        ctx.services.cases.decide_approval(approval_id, prune({"decision": decision, "note": text(ctx.form, "note")}))
    except (ValidationFailed, Conflict) as exc:
        messages = [m for ms in getattr(exc, "fields", {}).values() for m in ms] or [exc.message]
        return _queue(ctx, {approval_id: messages}, status=422)
    return ctx.redirect("/supervision", flash="Approved." if decision == "approve" else "Sent back with your note.")


@page("/cases/<case_id>/approvals/<approval_id>/withdraw", CASEWORKERS, methods=("POST",))
def withdraw(ctx: Ctx, case_id: str, approval_id: str) -> Response:
    try:
        ctx.services.cases.withdraw_approval(approval_id)
    except Conflict as exc:
        return ctx.redirect(f"/cases/{case_id}#supervision", flash=f"Not withdrawn: {exc.message}")
    return ctx.redirect(f"/cases/{case_id}#supervision", flash="Your request has been withdrawn.")


REVIEW = {"kind": "Which review", "factors": "Risk re-assessed",
          **{f"factors.{name}": label for name, (label, _) in words.RISK_FACTORS.items()},
          "notes": "What was discussed", "next_steps": "Next steps"}


@page("/cases/<case_id>/reviews/new", SUPERVISORS, methods=("GET", "POST"))
def record_review(ctx: Ctx, case_id: str) -> Response:
    def submit(form: MultiDict[str, str]) -> Any:
        factors = {name: integer(form, f"factors.{name}") for name in words.RISK_FACTORS}
        return ctx.services.cases.record_review(case_id, prune({
            "idempotency_key": text(form, "idempotency_key"), "kind": text(form, "kind"),
            "factors": factors if any(v is not None for v in factors.values()) else None,
            "notes": text(form, "notes"), "next_steps": text(form, "next_steps")}))

    case = ctx.services.cases.case_detail(case_id)
    latest = (case.get("risk_assessments") or [{}])[0]
    kind = "senior_manager" if ctx.identity.role == "manager" else "officer_senior"
    defaults = {"kind": kind, **{f"factors.{k}": str(v) for k, v in (latest.get("factors") or {}).items()}}
    return form_page(ctx, "forms/review.html", "Record a supervision review", REVIEW, submit,
                     f"/cases/{case_id}#supervision", "The review has been recorded.", defaults, case_id=case_id,
                     case=case)


ALLOCATION = {"officer_id": "Officer", "match": "What the victim asked for", "match.sex": "Sex",
              "match.ethnic_origin": "Ethnic origin", "note": "Note"}


@page("/cases/<case_id>/allocation", SUPERVISORS, methods=("GET", "POST"))
def allocate(ctx: Ctx, case_id: str) -> Response:
    def submit(form: MultiDict[str, str]) -> Any:
        return ctx.services.cases.allocate_case(case_id, prune({
            "officer_id": text(form, "officer_id"), "note": text(form, "note"),
            "match": {"sex": text(form, "match.sex"), "ethnic_origin": text(form, "match.ethnic_origin")}}))

    def done(result: Any) -> str:
        return f"Case {case_id} is now with {result.get('officer_id')}."

    case = ctx.services.cases.case_detail(case_id)
    staff = [s for s in ctx.services.cases.list_staff() if s.get("active") and s.get("role") != "manager"]
    return form_page(ctx, "forms/allocation.html", "Allocate or hand over the case", ALLOCATION, submit,
                     f"/cases/{case_id}#summary", done, case_id=case_id, case=case, staff=staff)


RESOLVE = {"note": "How it was dealt with"}


@page("/cases/<case_id>/work-items/<item_id>/resolve", CASEWORKERS, methods=("GET", "POST"))
def resolve_work_item(ctx: Ctx, case_id: str, item_id: str) -> Response:
    def submit(form: MultiDict[str, str]) -> Any:
        return ctx.services.cases.resolve_work_item(item_id, prune({"note": text(form, "note")}))

    return form_page(ctx, "forms/resolve.html", "Resolve a work item", RESOLVE, submit, f"/cases/{case_id}#work",
                     "The work item has been resolved.", case_id=case_id, item_id=item_id)


@page("/staff", STAFF_READERS)
def staff_directory(ctx: Ctx) -> Response:
    overdue_only = ctx.request.args.get("training") == "overdue"
    staff = ctx.services.cases.list_staff(training_overdue_only=overdue_only)
    return ctx.render("staff.html", title="Staff directory", staff=staff, overdue_only=overdue_only)
