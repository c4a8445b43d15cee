from reporting.domain.indicators import COUNTED_EVENT_TYPES
from reporting.service import ReportingService


def test_the_service_consumes_every_event_an_indicator_counts():
    consumed = {getattr(ReportingService, name).consumed_event for name in dir(ReportingService)
                if hasattr(getattr(ReportingService, name), "consumed_event")}
    assert consumed == COUNTED_EVENT_TYPES
