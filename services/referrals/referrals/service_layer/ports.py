"""What the service layer needs from the world outside referrals, as small interfaces (ports).

- ``CaseDataSource``: the case data to share, fetched at the moment of delivery from the services
  that hold it (cases and intake), over RPC with referrals' own service identity
  (``adapters.data_source``); a fake in tests.
- ``Transport``: a signed POST to a partner's system (``adapters.webhooks``); a fake in tests.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from referrals.domain.sharing import CaseData


class DataSourceUnavailable(Exception):
    """The case data could not be fetched now (a service down, slow, or not yet offering the call):
    the delivery is retried later, never sent without it."""


class CaseDataSource(Protocol):
    def fetch(self, case_id: str, report_ids: Sequence[str], case_fields: Sequence[str],
              report_fields: Sequence[str]) -> CaseData:
        """Exactly these fields of the case and of its reports; raises DataSourceUnavailable."""


class Transport(Protocol):
    def send(self, endpoint: str, secret: str, webhook_id: str, body: Mapping[str, Any]) -> int:
        """POST ``body`` signed with ``secret``; the HTTP status, or raise when there is no answer."""


@dataclass(frozen=True)
class PartnerLine:
    """Where and how to reach one partner, read inside a unit of work; the secret never prints."""

    code: str
    endpoint: str | None
    secret: str = field(repr=False)
