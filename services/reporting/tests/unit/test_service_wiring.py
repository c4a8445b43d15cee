"""The service consumes every event type of the catalogue (those no figure needs are kept as facts
only), one queue each."""

from reporting.domain.rules import CONSUMED_EVENT_TYPES, RULES
from reporting.service import ReportingService


def test_the_service_consumes_every_event_the_read_model_needs_and_no_other():
    consumed = {getattr(ReportingService, name).consumed_event for name in dir(ReportingService)
                if hasattr(getattr(ReportingService, name), "consumed_event")}
    assert consumed == CONSUMED_EVENT_TYPES == set(RULES)


def test_every_consumer_is_named_after_its_event_so_parked_events_replay_to_it():
    for event_type in CONSUMED_EVENT_TYPES:
        assert getattr(ReportingService, f"on_{event_type}").consumed_event == event_type
