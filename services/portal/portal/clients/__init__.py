"""The portal's ports to the five services: one small module per service, and the only code in the
portal that knows RPC names and payload shapes. Pages call methods named in the landlord's words
(``cases.case_detail``, ``referrals.record_consent``); a test passes fakes with the same methods.

Typed service errors (``hcs.errors``: ValidationFailed with field paths, NotFound, Forbidden,
Conflict, and the consent gate's ConsentRefused with its reason) reach the pages unchanged; anything
else arrives as ``ServiceUnavailable``. ``tests/unit/test_contracts.py`` binds every call made here
to the real entrypoints' signatures and payload schemas.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from portal.clients.cases import CasesClient
from portal.clients.intake import IntakeClient
from portal.clients.referrals import ReferralsClient
from portal.clients.repairs import RepairsClient
from portal.clients.reporting import ReportingClient
from portal.clients.rpc import Call, RpcPool, ServiceUnavailable, make_call

__all__ = ["CasesClient", "IntakeClient", "ReferralsClient", "RepairsClient", "ReportingClient", "RpcPool",
           "ServiceUnavailable", "Services", "services_over"]


@dataclass(frozen=True)
class Services:
    intake: Any
    cases: Any
    repairs: Any
    referrals: Any
    reporting: Any


def services_over(call: Call) -> Services:
    return Services(IntakeClient(call), CasesClient(call), RepairsClient(call), ReferralsClient(call),
                    ReportingClient(call))


def services_for(pool: RpcPool, context: Any) -> Services:
    return services_over(make_call(pool, context))
