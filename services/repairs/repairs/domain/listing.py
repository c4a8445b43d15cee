"""The lists staff ask for.

- ``open``: not completed or cancelled;
- ``at_risk``: open, nothing made safe or completed, and past the warning time (20 hours by
  default) but not yet the target; or made safe and the follow-on completion is near its target;
- ``breached``: the 24-hour target passed with nothing made safe or completed in time, or the
  follow-on completion missed its target (open or since closed);
- ``unassigned``: open with no contractor holding it (everyone busy, or it was handed back);
- ``follow_on``: made safe, waiting for the permanent repair;
- ``closed``, ``all``.
"""

from __future__ import annotations

from dataclasses import dataclass

STATES = ("open", "at_risk", "breached", "unassigned", "follow_on", "closed", "all")
MAX_PAGE = 200


@dataclass(frozen=True)
class JobFilter:
    streams: frozenset[str]
    case_id: str | None = None
    contractor: str | None = None
    state: str = "open"
    limit: int = 50
    offset: int = 0
