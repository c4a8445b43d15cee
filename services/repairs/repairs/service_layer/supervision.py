"""The watch over open jobs, run by a timer in every replica.

- POL-6 warnings: ``job_sla_at_risk`` and ``job_sla_breached`` for the 24-hour target and for the
  follow-on target after a make-safe; cases escalates them to the officer's senior and reporting
  counts them. Each is raised once per job: the job row is locked (other replicas skip it) and the
  time it was raised is saved in the same transaction as the event.
- An offer not accepted within its window goes to the next contractor free for the trade and area
  (the first is told it is withdrawn); when there is nobody else, the first keeps it a while longer.
- A job nobody could take (all busy, or all handed it back) is offered again as contractors free up.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from hcs.auth import system_caller
from repairs.domain.target import SlaSignal
from repairs.service_layer import events
from repairs.service_layer.access import audit
from repairs.service_layer.assigning import find_contractor, offer, withdraw
from repairs.service_layer.context import Rules

log = logging.getLogger(__name__)
SYSTEM = system_caller("repairs")


@dataclass
class WatchTick:
    signals: list[tuple[str, SlaSignal]] = field(default_factory=list)
    breached_streams: list[str] = field(default_factory=list)  # one entry per breach, for the alert
    reassigned: int = 0
    kept_waiting: int = 0
    assigned: int = 0
    messages_pending: int = 0
    oldest_message_age: float = 0.0


def watch(start_uow: Callable[[], Any], rules: Rules, batch_size: int = 50) -> WatchTick:
    tick = WatchTick()
    raise_sla_signals(start_uow(), tick, batch_size)
    reassign_unaccepted(start_uow(), rules, tick, batch_size)
    assign_waiting(start_uow(), rules, tick, batch_size)
    with start_uow() as uow:
        tick.messages_pending, oldest = uow.messages.pending()
        tick.oldest_message_age = (uow.clock.now() - oldest).total_seconds() if oldest else 0.0
    return tick


def raise_sla_signals(uow: Any, tick: WatchTick, batch_size: int) -> None:
    with uow:
        now = uow.clock.now()
        for job in uow.jobs.due_for_sla(now, batch_size):
            for signal in job.due_signals(now):
                job.mark_raised(signal, now)
                events.sla(uow, job, signal, now)
                tick.signals.append((job.job_id, signal))
                if signal.kind == "breached":
                    tick.breached_streams.append(job.stream)
                log.warning("job %s: %s %s", job.job_id, signal.milestone, signal.kind)
            uow.jobs.save(job)
        uow.commit()


def reassign_unaccepted(uow: Any, rules: Rules, tick: WatchTick, batch_size: int) -> None:
    with uow:
        now = uow.clock.now()
        for job in uow.jobs.awaiting_acceptance(now, batch_size):
            late = job.contractor
            following = find_contractor(uow, rules, job, now, also_excluded={late or ""})
            if following is None:
                current = rules.contractor(late)
                job.accept_by = now + (rules.accept_window(current) if current else rules.accept_within)
                tick.kept_waiting += 1
            else:
                withdraw(uow, job, now, "not accepted in time", outcome="timed_out")
                offer(uow, rules, job, following, now, f"{late} did not accept in time")
                audit(uow, SYSTEM, "reassign_job", job.job_id, reason=f"{late} did not accept in time")
                tick.reassigned += 1
            uow.jobs.save(job)
        uow.commit()


def assign_waiting(uow: Any, rules: Rules, tick: WatchTick, batch_size: int) -> None:
    with uow:
        now = uow.clock.now()
        for job in uow.jobs.awaiting_contractor(batch_size):
            contractor = find_contractor(uow, rules, job, now)
            if contractor is not None:
                offer(uow, rules, job, contractor, now, "a contractor became free")
                audit(uow, SYSTEM, "assign_job", job.job_id, reason=f"offered to {contractor.name}")
                uow.jobs.save(job)
                tick.assigned += 1
        uow.commit()
