"""Every event type in the catalogue has a consumer among the five services.

The relay publishes with ``mandatory=True``: an event no queue is bound for comes back unroutable
and is retried, holding back its aggregate's later events (a case's ``repair_requested`` behind an
unconsumed ``risk_assessed``). So no event type may be published without a consumer.
"""

from __future__ import annotations

from hcs.contracts import CATALOGUE, source_of
from hcs.runner import SERVICES, service_class


def consumers() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for name in SERVICES:
        cls = service_class(name)
        for attribute in dir(cls):
            event_type = getattr(getattr(cls, attribute), "consumed_event", None)
            if event_type:
                found.setdefault(event_type, set()).add(name)
    return found


def test_every_catalogued_event_type_has_a_consumer():
    found = consumers()
    missing = sorted(t for t, _ in CATALOGUE if t not in found)
    assert missing == [], f"no service consumes {missing}"


def test_no_service_consumes_an_event_type_that_is_not_in_the_catalogue():
    known = {t for t, _ in CATALOGUE}
    assert set(consumers()) <= known
    assert all(source_of(t) for t in consumers())
