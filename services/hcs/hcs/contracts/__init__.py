"""The one catalogue of event types: who publishes each, and a marshmallow schema per version.

A new version of a type is added beside the old one (``("report_received", 2)``); consumers accept
every version still listed. Payloads carry only what downstream services need.
"""

from __future__ import annotations

from marshmallow import Schema

from hcs.contracts import cases, intake, referrals, repairs

CATALOGUE: dict[tuple[str, int], type[Schema]] = {}
SOURCES: dict[str, str] = {}

for _module, _source in ((intake, "intake"), (cases, "cases"), (repairs, "repairs"),
                         (referrals, "referrals")):
    for (_type, _version), _schema in _module.CONTRACTS.items():
        CATALOGUE[(_type, _version)] = _schema
        SOURCES[_type] = _source


def source_of(event_type: str) -> str:
    """The service whose exchange carries this event type."""
    return SOURCES[event_type]


def latest_version(event_type: str) -> int:
    return max(v for t, v in CATALOGUE if t == event_type)
