"""The anonymised incident export for the local authority's multi-agency monitoring and common
reporting systems (POL-11; code 1.2.2, 1.3.2; policy section 6).

One row per incident reported in the period. It holds no name, no contact detail, no narrative, no
address, no UPRN, no date finer than a month, no stream (a Care & Support scheme can be one
building) and none of the landlord's own identifiers: the reference is a keyed hash of the report,
stable across exports so the receiving system can update a row it already holds, and useless to
anyone without the landlord's key. The area is the postcode sector, widened to the district when
fewer than five exported incidents share the sector, and left empty when fewer than five share the
district. ``FIELDS`` documents each column; the CSV header and the JSON ``fields`` list come from it.
"""

from __future__ import annotations

import hashlib
import hmac
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from reporting.domain.classify import strands_of
from reporting.domain.periods import local_month

FORMAT = "hcs-incident-export"
VERSION = 1
MIN_AREA = 5

FIELDS: tuple[tuple[str, str], ...] = (
    ("reference", "Keyed hash of the landlord's report: the same incident has the same reference in every "
                  "export; it cannot be turned back into the landlord's report number."),
    ("reported_month", "Month the report was received, YYYY-MM, UK time."),
    ("incident_month", "Month the incident happened, YYYY-MM, UK time; empty if not known."),
    ("channel", "How it was reported: phone, visit, letter, email, web_form, third_party_centre, "
                "partner_agency, staff_observed."),
    ("triage", "hate_incident, harassment, other_asb, neighbour_dispute or not_landlord_matter."),
    ("hate_incident", "true when perceived as motivated by hostility on a monitored strand."),
    ("racist_incident", "true when perceived to be racist by the victim or any other person (Macpherson)."),
    ("strands", "Perceived motivation, ';'-separated: disability, race, religion, sexual_orientation, "
                "transgender_identity, sex_gender, age, other."),
    ("perceived_by", "Who perceived the motivation: victim, witness, reporter, staff, other; empty if not said."),
    ("incident_types", "';'-separated: verbal_abuse, written_abuse, graffiti, damage_to_property, "
                       "physical_assault, threats_of_violence, arson, excessive_noise, other."),
    ("location_type", "home, communal_area, street, online, other; empty if not said."),
    ("area", "Postcode sector (e.g. 'SW1A 1'), or district (e.g. 'SW1A') when fewer than 5 exported "
             "incidents share the sector; empty when fewer than 5 share the district or no postcode was given."),
    ("area_level", "sector, district or none."),
    ("police_informed", "true when the reporter said the police had been told."),
    ("case_status", "open, closed, or none (no case was opened, e.g. a matter for another procedure)."),
    ("case_outcome", "The outcome recorded when the case closed; empty while open."),
)
FIELD_NAMES = tuple(name for name, _ in FIELDS)


def header(label: str, first_day: date, last_day: date, landlord: str, today: date, count: int) -> dict[str, Any]:
    """What the JSON form of the export says about itself before its rows."""
    return {"format": FORMAT, "version": VERSION, "landlord": landlord,
            "period": {"label": label, "first_day": first_day.isoformat(), "last_day": last_day.isoformat()},
            "generated_on": today.isoformat(), "count": count,
            "fields": [{"name": n, "description": d} for n, d in FIELDS]}


def reference(key: bytes, report_id: str) -> str:
    return hmac.new(key, report_id.encode(), hashlib.sha256).hexdigest()[:24]


def _month(moment: datetime | None) -> str:
    if moment is None:
        return ""
    month = local_month(moment)
    return f"{month // 100}-{month % 100:02d}"


def anonymise(rows: Iterable[Mapping[str, Any]], key: bytes, min_area: int = MIN_AREA) -> list[dict[str, Any]]:
    """Rows of the read model (incidents joined to their case) to export rows, oldest first."""
    rows = sorted(rows, key=lambda r: (r["received_at"], reference(key, r["report_id"])))
    sectors = Counter(r.get("postcode_sector") for r in rows)
    districts = Counter(r.get("postcode_district") for r in rows)
    out = []
    for row in rows:
        area, level = "", "none"
        if row.get("postcode_sector") and sectors[row["postcode_sector"]] >= min_area:
            area, level = row["postcode_sector"], "sector"
        elif row.get("postcode_district") and districts[row["postcode_district"]] >= min_area:
            area, level = row["postcode_district"], "district"
        case_status = "none" if not row.get("case_id") else ("closed" if row.get("case_closed_at") else "open")
        out.append({
            "reference": reference(key, row["report_id"]), "reported_month": _month(row["received_at"]),
            "incident_month": _month(row.get("incident_at")), "channel": row["channel"], "triage": row["triage"],
            "hate_incident": bool(row["hate"]), "racist_incident": bool(row["racist"]),
            "strands": ";".join(strands_of(int(row.get("strand_mask") or 0))),
            "perceived_by": row.get("perceived_by") or "",
            "incident_types": (row.get("incident_types") or "").replace(",", ";"),
            "location_type": row.get("location_type") or "", "area": area, "area_level": level,
            "police_informed": bool(row.get("police_informed")), "case_status": case_status,
            "case_outcome": (row.get("case_outcome") or "") if case_status == "closed" else "",
        })
    return out
