"""My cases, the team queue, and a case in full."""

from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Response

from portal.clients import ServiceUnavailable
from portal.clients.cases import LIST_LIMIT
from portal.navigation import CASE_READERS, CASEWORKERS, SUPERVISORS
from portal.web import Ctx, page


def attempt(fetch: Any, *args: Any) -> tuple[Any, str | None]:
    """A part of a page that may be missing while another service is down: (value, why not)."""
    try:
        return fetch(*args), None
    except ServiceUnavailable as exc:
        return None, f"The {exc.service} service {exc.reason}."


@page("/cases", CASEWORKERS)
def my_cases(ctx: Ctx) -> Response:
    status = "closed" if ctx.request.args.get("status") == "closed" else "open"
    cases = ctx.services.cases.my_cases(status)
    overdue, overdue_problem = attempt(ctx.services.cases.overdue_work)
    return ctx.render("my_cases.html", title="My cases", cases=cases, showing=status, overdue=overdue or [],
                      overdue_problem=overdue_problem, limit=LIST_LIMIT)


@page("/team", SUPERVISORS)
def team_queue(ctx: Ctx) -> Response:
    queue = ctx.services.cases.team_queue()
    overdue, overdue_problem = attempt(ctx.services.cases.overdue_work)
    return ctx.render("team_queue.html", title="Team queue", queue=queue, overdue=overdue or [],
                      overdue_problem=overdue_problem, limit=LIST_LIMIT)


@page("/cases/<case_id>", CASE_READERS)
def case_detail(ctx: Ctx, case_id: str) -> Response:
    case = ctx.services.cases.case_detail(case_id)
    jobs, jobs_problem = attempt(ctx.services.repairs.jobs_for_case, case_id)
    referrals, referrals_problem = attempt(ctx.services.referrals.referrals, case_id)
    consents, consents_problem = attempt(ctx.services.referrals.consents, case_id)
    role = ctx.identity.role
    return ctx.render("case.html", title=f"Case {case_id}", case=case, jobs=jobs or [], jobs_problem=jobs_problem,
                      referrals=referrals or [], referrals_problem=referrals_problem,
                      consents=sorted(consents or [], key=lambda c: (c["partner"], -c["version"])),
                      consents_problem=consents_problem, may_work=role in CASEWORKERS,
                      may_supervise=role in SUPERVISORS, me=ctx.identity.user_id)
