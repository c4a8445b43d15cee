"""The cases service: thin nameko entrypoints over cases' service layer.

The RPCs live in ``cases.entrypoints`` (case work; reads, staff and sharing; data protection); the event consumers
and the reminder timer are here. Each consumer runs in the inbox's unit of work (``hcs.messaging``).
"""

from __future__ import annotations

from typing import Any

from prometheus_client import Counter

from cases.dependencies import ReminderTimer
from cases.entrypoints.casework import CaseworkEntrypoints
from cases.entrypoints.privacy import PrivacyEntrypoints
from cases.entrypoints.reading import ReadingEntrypoints
from cases.service_layer import intake_events, partner_events, reminders
from hcs.events import Event
from hcs.messaging import consumes

REPORTS = Counter("hcs_case_reports_total", "Reports taken by cases: opened, linked, recorded",
                  ["service", "outcome"])
REMINDERS = Counter("hcs_case_reminders_total", "Reminders raised by the timer", ["service", "kind"])


class CasesService(CaseworkEntrypoints, ReadingEntrypoints, PrivacyEntrypoints):
    name = "cases"

    @consumes("report_received")
    def on_report_received(self, event: Event, uow: Any) -> None:
        REPORTS.labels(self.name, intake_events.take_report(uow, event.data, self.cases_config)).inc()

    @consumes("report_amended")
    def on_report_amended(self, event: Event, uow: Any) -> None:
        intake_events.amend_report(uow, event.data, self.cases_config)

    @consumes("report_withdrawn")
    def on_report_withdrawn(self, event: Event, uow: Any) -> None:
        intake_events.withdraw_report(uow, event.data)

    @consumes("job_created")
    def on_job_created(self, event: Event, uow: Any) -> None:
        partner_events.on_job_event(uow, event.event_type, event.data)

    @consumes("job_made_safe")
    def on_job_made_safe(self, event: Event, uow: Any) -> None:
        partner_events.on_job_event(uow, event.event_type, event.data)

    @consumes("job_completed")
    def on_job_completed(self, event: Event, uow: Any) -> None:
        partner_events.on_job_event(uow, event.event_type, event.data)

    @consumes("job_sla_breached")
    def on_job_sla_breached(self, event: Event, uow: Any) -> None:
        partner_events.on_job_event(uow, event.event_type, event.data)

    @consumes("job_cancelled")
    def on_job_cancelled(self, event: Event, uow: Any) -> None:
        partner_events.on_job_event(uow, event.event_type, event.data)

    @consumes("referral_requested")
    def on_referral_requested(self, event: Event, uow: Any) -> None:
        partner_events.on_referral_event(uow, event.event_type, event.data)

    @consumes("referral_refused")
    def on_referral_refused(self, event: Event, uow: Any) -> None:
        partner_events.on_referral_event(uow, event.event_type, event.data)

    @consumes("referral_accepted")
    def on_referral_accepted(self, event: Event, uow: Any) -> None:
        partner_events.on_referral_event(uow, event.event_type, event.data)

    @consumes("referral_done")
    def on_referral_done(self, event: Event, uow: Any) -> None:
        partner_events.on_referral_event(uow, event.event_type, event.data)

    @consumes("referral_rejected")
    def on_referral_rejected(self, event: Event, uow: Any) -> None:
        partner_events.on_referral_event(uow, event.event_type, event.data)

    @consumes("referral_revoked")
    def on_referral_revoked(self, event: Event, uow: Any) -> None:
        partner_events.on_referral_event(uow, event.event_type, event.data)

    @consumes("referral_withdrawn")
    def on_referral_withdrawn(self, event: Event, uow: Any) -> None:
        partner_events.on_referral_event(uow, event.event_type, event.data)

    @ReminderTimer.decorator(interval=60)
    def send_reminders(self) -> None:
        """Overdue reviews, first contacts and victim updates become reminders (safe in replicas)."""
        tick = reminders.send_reminders(self.db, self.cases_config.reminder_batch_size)
        REMINDERS.labels(self.name, "review_overdue").inc(tick.reviews)
        REMINDERS.labels(self.name, "first_contact_overdue").inc(tick.first_contacts)
        REMINDERS.labels(self.name, "update_overdue").inc(tick.updates)
