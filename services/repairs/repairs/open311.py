"""The job-type catalogue in Open311 GeoReport v2 shape (``services`` and service definitions), so
portals and contractors' systems can read it as they read any council's repair catalogue."""

from __future__ import annotations

from typing import Any

from repairs.domain.catalogue import JOB_TYPES, Attribute, JobType

_DATATYPE_WORDS = {"number": "A number", "string": "Short text, no details of the harassment",
                   "singlevaluelist": "One of the values", "multivaluelist": "One or more of the values"}


def services() -> list[dict[str, Any]]:
    return [_service(kind) for kind in JOB_TYPES]


def _service(kind: JobType) -> dict[str, Any]:
    return {"service_code": kind.code, "service_name": kind.name, "description": kind.description,
            "metadata": bool(kind.attributes), "type": "realtime", "keywords": ", ".join(kind.keywords),
            "group": kind.group, "trade": kind.trade, "can_be_made_safe": kind.can_be_made_safe,
            "evidence_photos_before_work": kind.evidence_before_work,
            "attributes": [_attribute(a, n) for n, a in enumerate(kind.attributes, start=1)]}


def _attribute(attribute: Attribute, order: int) -> dict[str, Any]:
    found: dict[str, Any] = {"variable": True, "code": attribute.code, "datatype": attribute.datatype,
                             "required": attribute.required, "order": order,
                             "datatype_description": _DATATYPE_WORDS[attribute.datatype],
                             "description": attribute.description}
    if attribute.values:
        found["values"] = [{"key": key, "name": name} for key, name in attribute.values]
    if attribute.datatype == "number":
        found.update(minimum=attribute.minimum, maximum=attribute.maximum)
    return found
