"""The job types a harassment repair can be, shaped like an Open311 service catalogue.

Each type has a code (the ``service_code``), a name a contractor reads, the trade that does it, and
typed attributes (Open311 ``attributes``: string, number, singlevaluelist, multivaluelist) checked
per type. The job's description is built from the type and the location, never from free text, so
offensive graffiti is described ("Offensive graffiti removal, front door"), not quoted (POL-6).
Target-hardening types follow code of practice 1.2.3.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

Values = tuple[tuple[str, str], ...]
DOORS: Values = (("front", "Front door"), ("back", "Back door"), ("flat_entrance", "Flat entrance door"),
                 ("communal_entrance", "Communal entrance door"), ("other", "Other door"))


@dataclass(frozen=True)
class Attribute:
    code: str
    datatype: str  # string | number | singlevaluelist | multivaluelist
    description: str
    required: bool = False
    values: Values = ()
    minimum: float | None = None
    maximum: float | None = None
    max_length: int = 120

    def problems(self, value: Any) -> list[str]:
        if self.datatype == "number":
            if isinstance(value, bool) or not isinstance(value, int | float):
                return ["Not a number."]
            if (self.minimum is not None and value < self.minimum) or \
                    (self.maximum is not None and value > self.maximum):
                return [f"Between {self.minimum:g} and {self.maximum:g}."]
            return []
        keys = [key for key, _ in self.values]
        if self.datatype == "singlevaluelist":
            return [] if value in keys else [f"One of: {', '.join(keys)}."]
        if self.datatype == "multivaluelist":
            if not isinstance(value, list) or not value or not all(v in keys for v in value):
                return [f"A list of: {', '.join(keys)}."]
            return [] if len(set(value)) == len(value) else ["Each value once."]
        if not isinstance(value, str) or not value.strip():
            return ["Not text."]
        return [] if len(value) <= self.max_length else [f"At most {self.max_length} characters."]


@dataclass(frozen=True)
class JobType:
    code: str
    name: str
    trade: str
    group: str  # damage_repair | target_hardening
    description: str
    attributes: tuple[Attribute, ...] = ()
    can_be_made_safe: bool = True
    evidence_before_work: bool = False  # photos of the damage recorded before it is removed
    keywords: tuple[str, ...] = field(default=(), repr=False)

    def attribute(self, code: str) -> Attribute | None:
        return next((a for a in self.attributes if a.code == code), None)


def _list(code: str, description: str, values: Values, required: bool = False) -> Attribute:
    return Attribute(code, "singlevaluelist", description, required, values)


def _count(code: str, description: str, maximum: int) -> Attribute:
    return Attribute(code, "number", description, False, minimum=1, maximum=maximum)


JOB_TYPES: tuple[JobType, ...] = (
    JobType("graffiti_removal", "Offensive graffiti removal", "graffiti", "damage_repair",
            "Remove or cover offensive graffiti. Photograph it before any work: the photos are evidence.",
            (_list("surface", "Surface", (("brick", "Brick"), ("render", "Render"), ("painted_wood", "Painted wood"),
                                          ("upvc", "uPVC"), ("glass", "Glass"), ("metal", "Metal"),
                                          ("stone", "Stone"), ("other", "Other"))),
             Attribute("area_m2", "number", "Approximate area (square metres)", minimum=0.1, maximum=200)),
            evidence_before_work=True, keywords=("graffiti", "daubed", "sprayed", "painted on")),
    JobType("glazing", "Glazing repair", "glazing", "damage_repair",
            "Replace broken glass; board or film it to make safe if the glass cannot be fitted at once.",
            (_count("panes", "Panes broken", 20),
             _list("glass", "Glass", (("single", "Single"), ("double_glazed_unit", "Double-glazed unit"),
                                      ("laminated", "Laminated"), ("toughened", "Toughened"),
                                      ("wired", "Wired"), ("unknown", "Not known"))),
             _list("frame", "Frame", (("upvc", "uPVC"), ("timber", "Timber"), ("metal", "Metal"),
                                      ("unknown", "Not known")))),
            keywords=("window", "glass", "glazing", "pane", "smashed")),
    JobType("door_repair", "Door or frame repair", "joinery", "damage_repair",
            "Repair or replace a damaged door or frame; secure it to make safe.",
            (_list("door", "Which door", DOORS, required=True),
             _list("material", "Door", (("timber", "Timber"), ("upvc", "uPVC"), ("composite", "Composite"),
                                        ("fire_door", "Fire door"), ("metal", "Metal"), ("unknown", "Not known")))),
            keywords=("door", "frame", "kicked", "forced")),
    JobType("lock_change", "Lock change", "locksmith", "target_hardening",
            "Change the locks and hand the new keys to the tenant only.",
            (_list("door", "Which door", DOORS),
             _list("lock_type", "Lock", (("euro_cylinder", "Euro cylinder"), ("mortice", "Mortice"),
                                         ("nightlatch", "Nightlatch"), ("multipoint", "Multipoint"),
                                         ("unknown", "Not known"))),
             _count("keys", "Sets of keys", 10)),
            can_be_made_safe=False, keywords=("lock", "keys")),
    JobType("door_reinforcement", "Door reinforcement", "locksmith", "target_hardening",
            "Fit the door security measures listed.",
            (_list("door", "Which door", DOORS),
             Attribute("measures", "multivaluelist", "Measures", True,
                       (("door_chain", "Door chain"), ("door_viewer", "Door viewer"), ("london_bar", "London bar"),
                        ("hinge_bolts", "Hinge bolts"), ("door_guard", "Door guard"),
                        ("security_door", "Security door")))),
            can_be_made_safe=False, keywords=("reinforce", "london bar", "door chain", "viewer")),
    JobType("window_locks", "Window locks", "locksmith", "target_hardening", "Fit locks to the windows listed.",
            (_count("windows", "Windows", 30),), can_be_made_safe=False, keywords=("window lock",)),
    JobType("letterbox_fireproofing", "Letterbox fire-proofing", "security_systems", "target_hardening",
            "Fit a fire-proof letterbox or letterbox bag.",
            (_list("measure", "Measure", (("letterbox_bag", "Fire-retardant letterbox bag"),
                                          ("fireproof_letterbox", "Fire-proof letterbox"),
                                          ("external_box", "External post box, letterbox sealed"))),),
            can_be_made_safe=False, keywords=("letterbox", "letter box")),
    JobType("security_lighting", "Security lighting", "electrical", "target_hardening",
            "Fit external security lighting.",
            (_count("lights", "Lights", 10),
             _list("position", "Where", (("front", "Front"), ("rear", "Rear"), ("side", "Side"),
                                         ("communal", "Communal area")))),
            can_be_made_safe=False, keywords=("lighting", "light", "lights")),
    JobType("alarm", "Alarm", "security_systems", "target_hardening", "Fit or repair an alarm.",
            (_list("kind", "Alarm", (("intruder", "Intruder alarm"), ("personal_attack", "Personal attack alarm"),
                                     ("monitored", "Monitored alarm"), ("linked_smoke", "Linked smoke alarm"))),),
            can_be_made_safe=False, keywords=("alarm",)),
    JobType("doorbell_camera", "Doorbell camera or CCTV", "security_systems", "target_hardening",
            "Fit a doorbell camera or CCTV facing the tenant's own property only.",
            (_list("kind", "Camera", (("doorbell_camera", "Doorbell camera"), ("cctv", "CCTV"))),
             _count("cameras", "Cameras", 8)),
            can_be_made_safe=False, keywords=("camera", "cctv", "doorbell")),
    JobType("boarding_up", "Boarding up (make safe)", "boarding", "damage_repair",
            "Board up openings to make the home safe and secure until the permanent repair.",
            (_count("openings", "Openings", 20),
             _list("opening", "Openings", (("window", "Windows"), ("door", "Doors"), ("both", "Windows and doors")))),
            keywords=("board",)),
    JobType("other", "Other harassment repair", "general", "damage_repair",
            "As summarised; ask the landlord if anything is unclear.",
            (Attribute("summary", "string", "What needs doing (no details of the harassment)", True,
                       max_length=120),)),
)
CATALOGUE: dict[str, JobType] = {t.code: t for t in JOB_TYPES}
TRADES = tuple(sorted({t.trade for t in JOB_TYPES}))


def job_type(code: str) -> JobType:
    return CATALOGUE[code]


# most specific first: "window lock" is not glazing, "letterbox" is not a door repair
_INFERENCE_ORDER = ("graffiti_removal", "letterbox_fireproofing", "window_locks", "door_reinforcement",
                    "lock_change", "boarding_up", "glazing", "door_repair", "doorbell_camera", "alarm",
                    "security_lighting")


def infer_job_type(description: str | None) -> JobType:
    """A type for a request that names none (the walking skeleton sends a damage description only)."""
    text = (description or "").lower()
    for code in _INFERENCE_ORDER:
        candidate = CATALOGUE[code]
        if any(re.search(rf"\b{re.escape(word)}", text) for word in candidate.keywords):
            return candidate
    return CATALOGUE["other"]


def attribute_problems(kind: JobType, attributes: dict[str, Any]) -> dict[str, list[str]]:
    """Problems keyed ``attributes.<code>``; an empty dict when the attributes suit the type."""
    problems: dict[str, list[str]] = {}
    for code, value in attributes.items():
        attribute = kind.attribute(code)
        found = attribute.problems(value) if attribute else [f"Not an attribute of {kind.code}."]
        if found:
            problems[f"attributes.{code}"] = found
    for attribute in kind.attributes:
        if attribute.required and attribute.code not in attributes:
            problems[f"attributes.{attribute.code}"] = ["Required for this job type."]
    return problems


def describe(kind: JobType, location: str | None, attributes: dict[str, Any]) -> str:
    """What the contractor reads: the type's name, where, and the attributes in words."""
    parts = [kind.name if not location else f"{kind.name}, {location}"]
    for attribute in kind.attributes:
        value = attributes.get(attribute.code)
        if value is None:
            continue
        names: dict[str, str] = dict(attribute.values)
        if isinstance(value, list):
            shown = ", ".join(names.get(str(v), str(v)) for v in value)
        elif isinstance(value, float):
            shown = f"{value:g}"
        else:
            shown = names.get(str(value), str(value))
        parts.append(f"{attribute.description}: {shown}")
    return ". ".join(parts)
