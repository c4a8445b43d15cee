"""What cases does with repairs' and referrals' events about its cases: keep the timeline and the
closure checklist true, escalate a repair past its 24-hour target to the officer's senior (POL-6),
and put a referral refused for want of consent in front of the officer (POL-5).
Each runs inside the inbox's unit of work."""

from __future__ import annotations

from typing import Any

from cases.domain.case import Case
from cases.service_layer import guard, publish, work
from cases.service_layer.intake_events import SYSTEM

REFERRAL_STATUS = {"referral_requested": "requested", "referral_sent": "sent", "referral_acknowledged": "acknowledged",
                   "referral_accepted": "accepted", "referral_done": "done", "referral_rejected": "rejected",
                   "referral_revoked": "revoked", "referral_withdrawn": "withdrawn", "referral_refused": "refused"}


def _case(uow: Any, case_id: str) -> Case | None:
    return uow.cases.get(case_id, for_update=True)  # type: ignore[no-any-return]


def on_job_event(uow: Any, event_type: str, data: dict[str, Any]) -> str:
    case = _case(uow, data["case_id"])
    if case is None:
        return "unknown case"
    now, job_id = uow.clock.now(), data["job_id"]
    if event_type == "job_created":
        if uow.repairs.get(data["request_id"]) is not None:
            uow.repairs.update(data["request_id"], now, job_id=job_id, status="created")
        case.note(data["created_at"], "repair", f"Repair job {job_id} created (target {data['target_at']:%d %b %H:%M})",
                  "repairs", job_id)
    elif event_type in ("job_made_safe", "job_completed", "job_cancelled"):
        status = event_type.removeprefix("job_")
        request = uow.repairs.by_job(job_id)
        if request is not None:
            uow.repairs.update(request["request_id"], now, status=status)
        met = data.get("within_target")
        timing = "" if met is None else " within 24 hours" if met else " after the 24-hour target"
        case.note(data["at"], "repair", f"Repair job {job_id} {status.replace('_', ' ')}{timing}", "repairs", job_id)
        if event_type == "job_completed":
            _complete_repair_action(uow, case, request, data)
            work.resolve(uow, case.case_id, ("repair_sla_breached",), "system", now, "repair completed", ref=job_id)
    elif event_type == "job_sla_breached":
        case.note(data["at"], "repair", f"Repair job {job_id} missed its 24-hour target", "repairs", job_id)
        if case.is_open:
            work.for_senior(uow, case, "repair_sla_breached", f"Repair job {job_id} is past its 24-hour target "
                            f"({data['milestone'].replace('_', ' ')}): chase the contractor (POL-6)", now, ref=job_id,
                            dedupe=f"repair_sla_breached:{job_id}:{data['milestone']}")
    uow.cases.save(case)
    guard.audit(uow, SYSTEM, f"cases.{event_type}", case.case_id)
    return "noted"


def _complete_repair_action(uow: Any, case: Case, request: dict[str, Any] | None, data: dict[str, Any]) -> None:
    if request is None or not request.get("action_id"):
        return
    action = uow.actions.get(request["action_id"])
    if action is not None and action.status == "agreed":
        action.complete("repairs", data["at"], f"completed by the contractor (job {data['job_id']})")
        uow.actions.save(action)
        publish.action_completed(uow, case, action)


def on_referral_event(uow: Any, event_type: str, data: dict[str, Any]) -> str:
    case = _case(uow, data["case_id"])
    if case is None:
        return "unknown case"
    status, now = REFERRAL_STATUS[event_type], uow.clock.now()
    request_id, referral_id = data.get("request_id"), data.get("referral_id")
    if request_id and referral_id:
        uow.referrals.rekey(request_id, referral_id)
    if referral_id:
        key = referral_id
    elif request_id:
        key = f"request:{request_id}"
    else:  # refused outright, for a referral asked of referrals directly: closed from the start
        key = f"refused:{data['partner']}:{data['purpose']}:{now.isoformat()}"[:80]
    uow.referrals.note(key, case.case_id, status, now, request_id=request_id, partner=data.get("partner"),
                       partner_kind=data.get("partner_kind"), purpose=data.get("purpose"))
    case.note(now, "referral", f"Referral to {data['partner']} ({data['purpose']}): {status}", "referrals",
              referral_id or request_id)
    if event_type == "referral_refused" and case.is_open:
        work.for_officer(uow, case, "referral_refused", f"A referral to {data['partner']} was refused "
                         f"({data['reason'].replace('_', ' ')}): record the victim's consent or change the plan "
                         "(POL-5)", now, ref=request_id or referral_id)
    uow.cases.save(case)
    guard.audit(uow, SYSTEM, f"cases.{event_type}", case.case_id)
    return status
