"""Times in a report: stored as ISO 8601 text in UTC, read back as aware datetimes."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any


def moment(value: Any) -> datetime | None:
    if not value:
        return None
    parsed = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return parsed.astimezone(UTC)


def incident_window(details: Mapping[str, Any]) -> tuple[datetime, datetime] | None:
    """When the incident happened: an exact time is a window of no length."""
    incident = details.get("incident") or {}
    start = moment(incident.get("occurred_at")) or moment(incident.get("occurred_from"))
    if start is None:
        return None
    end = moment(incident.get("occurred_until")) or start
    return start, max(start, end)
