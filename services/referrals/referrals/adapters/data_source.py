"""The case data to share, fetched over RPC from the services that hold it, as referrals itself.

Two calls, each made only when fields from that service are wanted, each with a timeout and
referrals' own SERVICE token (``hcs.service_rpc``):

- ``cases.shareable_case(case_id)`` -> the case's shareable view ``{case_id, status, strands, ...}``;
- ``intake.referral_extract(report_ids, fields)`` -> ``{report_id: {field: value}}`` (a list of
  mappings is taken too), asked for the intake names of exactly the fields wanted.

Answers are read under the catalogue's names (``referrals.domain.fields``), keeping only the fields
asked for, and projected again through the allowed fields before anything leaves
(``domain.sharing.project``): an answer with more in it cannot make more leave. Any failure (not
running, too slow, not offering the call yet, refusing us, an answer of the wrong shape) is
DataSourceUnavailable: the delivery waits and is retried.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from hcs.service_rpc import ServiceRpc, ServiceUnavailable
from referrals.domain.fields import from_source, source_names
from referrals.domain.sharing import CaseData
from referrals.service_layer.ports import DataSourceUnavailable

log = logging.getLogger(__name__)

CASES_CALL = ("cases", "shareable_case")
INTAKE_CALL = ("intake", "referral_extract")


class RpcCaseDataSource:
    def __init__(self, rpc: ServiceRpc) -> None:
        self.rpc = rpc

    def fetch(self, case_id: str, report_ids: Sequence[str], case_fields: Sequence[str],
              report_fields: Sequence[str]) -> CaseData:
        case: dict[str, Any] = {}
        if case_fields:
            case = from_source(_mapping(self._call(CASES_CALL, case_id), CASES_CALL), case_fields)
        reports: list[dict[str, Any]] = []
        if report_fields and report_ids:
            answer = self._call(INTAKE_CALL, list(report_ids), source_names(report_fields))
            reports = [from_source(report, report_fields) for report in _reports(answer)]
        return CaseData(case, tuple(reports))

    def _call(self, call: tuple[str, str], *args: Any) -> Any:
        service, method = call
        try:
            return self.rpc.call(service, method, *args)
        except ServiceUnavailable as exc:
            raise DataSourceUnavailable(str(exc)) from None
        except Exception as exc:  # MethodNotFound, Forbidden, NotFound, ValidationFailed ...: never the message
            log.warning("%s.%s refused referrals' request: %s", service, method, type(exc).__name__)
            raise DataSourceUnavailable(f"{service}.{method} answered {type(exc).__name__}") from None


def _mapping(value: Any, call: tuple[str, str]) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise DataSourceUnavailable(f"{call[0]}.{call[1]} answered in an unexpected shape")
    return value


def _reports(value: Any) -> list[Mapping[str, Any]]:
    if isinstance(value, Mapping) and isinstance(value.get("reports"), list):
        value = value["reports"]
    if isinstance(value, Mapping):
        value = list(value.values())
    if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
        raise DataSourceUnavailable("intake.referral_extract answered in an unexpected shape")
    return value
