"""Reporting's part of the retention schedule (``hcs.retention``).

Reporting keeps figures, not records: it has no clock of its own. What it holds that points at a home
(a report's UPRN and postcode, in its facts and incident rows) is anonymised when the owning service
erases the record: the UPRN and postcode unit go, the sector stays, so every figure is unchanged
(``reporting.domain.minimise``). Everything else it keeps is already anonymous.
"""

from __future__ import annotations

from hcs.retention import Rule

ERASED_REPORT_FACTS = Rule(
    "erased_report_facts", "a report's UPRN and postcode unit, in its facts and its incident row",
    "intake or cases erased the report", "anonymised (the postcode sector is kept)",
    "the figures (NM01, hot spots by sector, the reporting target) must stay right for every period",
    follows="report_erased (intake) or case_erased (cases)")
ERASED_RECORDS = Rule(
    "erasures", "the ids of erased records, with when and under which rule", "the erasure", "kept (ids only)",
    "evidence that the schedule is kept (accountability, UK GDPR art. 5(2)); an id of an erased record "
    "resolves to nothing")

RULES = (ERASED_REPORT_FACTS, ERASED_RECORDS)
