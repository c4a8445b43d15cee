"""Field vocabularies shared by several contracts."""

from marshmallow import fields, validate

STREAMS = ("general_needs", "care_support")
HATE_STRANDS = ("disability", "race", "religion", "sexual_orientation", "transgender_identity")
LOCAL_STRANDS = ("sex_gender", "age", "other")
TRIAGE_OUTCOMES = ("hate_incident", "harassment", "other_asb", "neighbour_dispute", "not_landlord_matter")


def stream() -> fields.String:
    return fields.String(required=True, validate=validate.OneOf(STREAMS))


def ident() -> fields.String:
    return fields.String(required=True, validate=validate.Length(min=1, max=64))


def short_text(max_length: int = 500, required: bool = False) -> fields.String:
    return fields.String(required=required, load_default=None, allow_none=not required,
                         validate=validate.Length(max=max_length))
