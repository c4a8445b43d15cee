"""The read model's rules for erasure events (records erased under the retention schedule).

Reporting anonymises rather than deletes, so every figure stays right: an erased report's incident
row keeps its stream, dates, classification and postcode sector, and forgets its UPRN and postcode
unit. Each erasure is counted in ``erasures`` (record id, type, rule, when): what the data protection
officer shows for the schedule being kept. Like every rule, each change gives the same rows in any
order (the facts behind a rebuild are anonymised too, see ``reporting.domain.minimise``).
"""

from __future__ import annotations

from reporting.domain.changes import Change
from reporting.domain.minimise import erased_reports
from reporting.domain.projection import Data, utc


def _erasure(record_type: str, record_id: str, data: Data) -> Change:
    return Change("erasures", {"record_id": record_id}, {"stream": data["stream"]},
                  first={"record_type": record_type, "rule": data["rule"], "erased_at": utc(data["erased_at"])})


def _forget_homes(event_type: str, data: Data) -> list[Change]:
    return [Change("incidents", {"report_id": report_id}, {"stream": data["stream"], "void": False},
                   always={"uprn": None, "postcode_unit": None}) for report_id in erased_reports(event_type, data)]


def report_erased(event_id: str, data: Data) -> list[Change]:
    return [*_forget_homes("report_erased", data), _erasure("report", data["report_id"], data)]


def case_erased(event_id: str, data: Data) -> list[Change]:
    return [*_forget_homes("case_erased", data), _erasure("case", data["case_id"], data)]


def job_erased(event_id: str, data: Data) -> list[Change]:
    return [_erasure("job", data["job_id"], data)]


def case_sharing_erased(event_id: str, data: Data) -> list[Change]:
    return [_erasure("sharing_records", f"sharing:{data['case_id']}", data)]
