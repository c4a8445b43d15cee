"""The read model's rules: which event changes which row, and how (POL-7: every row carries its
stream). Every change is order-independent (see ``changes``), so replaying the stored facts in any
order rebuilds the same tables.

Nothing that could identify a person is kept: reports keep their UPRN and postcode areas (for hot
spots, code 1.2.2) but no address line, no household or perpetrator keys, no narrative.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from reporting.domain.changes import Change, Guard
from reporting.domain.classify import VOID_REASONS, is_hate_incident, is_racist, strand_mask
from reporting.domain.periods import local_month
from reporting.domain.postcodes import areas_of

Data = Mapping[str, Any]
Rule = Callable[[str, Data], list[Change]]


def utc(moment: datetime | None) -> datetime | None:
    return moment.astimezone(UTC) if moment is not None else None


def _report(version: int, data: Data) -> dict[str, Any]:
    address = data.get("address") or {}
    areas = areas_of(address.get("postcode"))
    strands = data.get("strands") or []
    return {
        "stream": data["stream"], "channel": data["channel"], "triage": data["triage"],
        "strand_mask": strand_mask(strands), "hate": is_hate_incident(data["triage"], strands),
        "racist": is_racist(strands), "perceived_by": data.get("perceived_by"),
        "incident_at": utc(data.get("incident_at")), "location_type": data.get("location_type"),
        "incident_types": ",".join(sorted(set(data.get("incident_types") or []))) or None,
        "postcode_district": areas.district, "postcode_sector": areas.sector, "postcode_unit": areas.unit,
        "uprn": address.get("uprn") or None, "police_informed": bool(data.get("police_informed")),
    }


def report_received(event_id: str, data: Data) -> list[Change]:
    received = utc(data["received_at"])
    assert received is not None
    return [Change("incidents", {"report_id": data["report_id"]}, {"stream": data["stream"], "void": False},
                   first={"received_at": received, "received_month": local_month(received)},
                   guards=(Guard("version", 1, "latest", _report(1, data)),))]


def report_amended(event_id: str, data: Data) -> list[Change]:
    version = int(data["version"])
    return [Change("incidents", {"report_id": data["report_id"]}, {"stream": data["stream"], "void": False},
                   guards=(Guard("version", version, "latest", _report(version, data)),))]


def report_withdrawn(event_id: str, data: Data) -> list[Change]:
    reason = data["reason"]
    return [Change("incidents", {"report_id": data["report_id"]}, {"stream": data["stream"], "void": False},
                   always={"void": reason in VOID_REASONS},
                   first={"withdrawn_at": utc(data["withdrawn_at"]), "withdrawn_reason": reason})]


def _case(data: Data, **kwargs: Any) -> Change:
    return Change("cases", {"case_id": data["case_id"]}, {"stream": data["stream"]}, **kwargs)


def case_opened(event_id: str, data: Data) -> list[Change]:
    opened = utc(data["opened_at"])
    assert opened is not None
    strands = data.get("strands") or []
    changes = [
        _case(data, always={"stream": data["stream"], "report_id": data["report_id"], "opened_at": opened,
                            "opened_month": local_month(opened), "hate_at_opening": bool(data["hate_incident"]),
                            "racist_at_opening": is_racist(strands),
                            "strand_mask_at_opening": strand_mask(strands)},
              first={"first_contact_due_at": utc(data.get("first_contact_due_at"))},
              guards=(Guard("category_at", opened, "latest", {"hate_now": bool(data["hate_incident"]),
                                                              "asb_category": data.get("asb_category")}),
                      *((Guard("risk_at", opened, "latest", {"risk_level": data["risk_level"]}),)
                        if data.get("risk_level") else ()))),
        Change("case_reports", {"report_id": data["report_id"]}, {"case_id": data["case_id"]},
               always={"case_id": data["case_id"], "stream": data["stream"]}),
    ]
    return changes


def report_linked(event_id: str, data: Data) -> list[Change]:
    return [Change("case_reports", {"report_id": data["report_id"]}, {"case_id": data["case_id"]},
                   first={"stream": data["stream"]})]


def case_recategorised(event_id: str, data: Data) -> list[Change]:
    return [_case(data, guards=(Guard("category_at", utc(data["recategorised_at"]), "latest", {
        "hate_now": bool(data["hate_incident"]), "asb_category": data.get("asb_category")}),))]


def risk_assessed(event_id: str, data: Data) -> list[Change]:
    return [_case(data, guards=(Guard("risk_at", utc(data["assessed_at"]), "latest",
                                      {"risk_level": data["level"]}),))]


def contact_recorded(event_id: str, data: Data) -> list[Change]:
    if not data["first_contact"]:
        return []
    contacted, due = utc(data["contacted_at"]), utc(data.get("due_at"))
    assert contacted is not None
    within = data.get("within_target")
    if within is None and due is not None:
        within = contacted <= due
    return [_case(data, first={"first_contact_due_at": due}, guards=(
        Guard("first_contact_at", contacted, "earliest", {"first_contact_within": within}),))]


def review_recorded(event_id: str, data: Data) -> list[Change]:
    reviewed = utc(data["reviewed_at"])
    guards = [Guard("last_review_at", reviewed, "latest")]
    if data.get("risk_level"):
        guards.append(Guard("risk_at", reviewed, "latest", {"risk_level": data["risk_level"]}))
    return [
        Change("reviews", {"review_id": data["review_id"]}, {"case_id": data["case_id"], "stream": data["stream"]},
               always={"kind": data["kind"], "reviewed_at": reviewed, "due_at": utc(data.get("due_at")),
                       "on_time": bool(data["on_time"])}),
        _case(data, guards=tuple(guards)),
    ]


def review_overdue(event_id: str, data: Data) -> list[Change]:
    due = utc(data["due_at"])
    return [
        Change("review_alerts", {"case_id": data["case_id"], "due_at": due}, {"stream": data["stream"]},
               first={"noticed_at": utc(data["noticed_at"])}),
        _case(data, guards=(Guard("review_due_at", due, "latest"),)),
    ]


def community_trigger_flagged(event_id: str, data: Data) -> list[Change]:
    return [_case(data, guards=(Guard("trigger_at", utc(data["flagged_at"]), "earliest"),))]


def case_closed(event_id: str, data: Data) -> list[Change]:
    closed = utc(data["closed_at"])
    return [_case(data, guards=(Guard("closed_at", closed, "latest", {"outcome": data["outcome"]}),))]


def action_agreed(event_id: str, data: Data) -> list[Change]:
    return [Change("actions", {"action_id": data["action_id"]}, {"case_id": data["case_id"], "stream": data["stream"]},
                   always={"action_type": data["action_type"]},
                   guards=(Guard("recorded_at", utc(data["recorded_at"]), "latest",
                                 {"agreement": data["agreement"]}),))]


def action_completed(event_id: str, data: Data) -> list[Change]:
    return [Change("actions", {"action_id": data["action_id"]}, {"case_id": data["case_id"], "stream": data["stream"]},
                   first={"completed_at": utc(data["completed_at"])})]


def perpetrator_action_recorded(event_id: str, data: Data) -> list[Change]:
    recorded = utc(data["recorded_at"])
    return [Change("remedies", {"action_id": data["action_id"]}, {"case_id": data["case_id"], "stream": data["stream"]},
                   always={"remedy": data["remedy"]},
                   guards=(Guard("first_recorded_at", recorded, "earliest"),
                           Guard("status_at", recorded, "latest", {"status": data["status"]})))]


def survey_answered(event_id: str, data: Data) -> list[Change]:
    return [Change("surveys", {"survey_id": event_id}, {"case_id": data["case_id"], "stream": data["stream"]},
                   always={"answered_at": utc(data["answered_at"]), "tp12": data["tp12"],
                           "kept_informed": data.get("kept_informed"), "feels_safer": data.get("feels_safer")})]
