"""Reporting's part of the answer to a subject access request (``reporting.domain.disclosure``);
every read is audited against the report or case."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from hcs.audit import AuditEntry
from hcs.auth import Caller
from reporting.domain.disclosure import disclose_incidents, fact_counts


def subject_access_part(uow: Any, caller: Caller, reference: str, reports: dict[str, list[str]],
                        cases: dict[str, list[str]]) -> dict[str, Any]:
    with uow:
        rows = uow.read_model.find("incidents", "report_id", reports)
        incidents = [{k: v.isoformat() if isinstance(v, datetime) else v for k, v in r.items()}
                     for r in disclose_incidents(rows, reports)]
        victim_ids = [r for r, roles in reports.items() if "victim" in roles]
        victim_ids += [c for c, roles in cases.items() if "victim" in roles]
        facts = fact_counts(f.event_type for f in uow.facts.about(victim_ids))
        uow.audit.record_many([AuditEntry(caller.user_id, caller.role, "reporting.subject_access_part", "allowed",
                                          "report" if i in reports else "case", i, f"subject access {reference}")
                               for i in sorted(set(reports) | set(cases))])
        uow.commit()
    notes = []
    if facts:
        notes.append(f"Reporting keeps {sum(facts.values())} copies of events about these reports and cases to "
                     "rebuild its figures; of you they hold only the UPRN and postcode shown above.")
    if any("victim" not in roles for roles in reports.values()):
        notes.append("For reports where you are not the victim, reporting holds nothing about you.")
    return {"service": "reporting", "request": reference, "records": {"incidents": incidents, "event_copies": facts},
            "withheld": [], "review": [], "notes": notes, "links": {}}
