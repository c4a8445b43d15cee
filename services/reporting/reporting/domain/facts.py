"""Facts: every event reporting has consumed, kept whole so the read model can be rebuilt from them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Fact:
    event_id: str
    event_type: str
    schema_version: int
    occurred_at: datetime
    aggregate_id: str
    data: dict[str, Any]

    @property
    def stream(self) -> str:
        """Every event reporting consumes names the stream of its case or report (POL-7)."""
        return str(self.data["stream"])
