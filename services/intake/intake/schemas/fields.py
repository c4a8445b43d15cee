"""Field types of the reporting form: every text trimmed and size-limited, addresses normalised.

Error messages never repeat the value that was sent: it may be personal data.
"""

from __future__ import annotations

import re
from typing import Any

from marshmallow import ValidationError, fields, validate

from intake.domain.keys import normalise_postcode

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_POSTCODE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}$")


class Text(fields.String):
    """Free text: trimmed, at most ``max_length`` characters, no control characters. An optional
    blank text counts as not given; a required one must not be blank."""

    def __init__(self, max_length: int, *, required: bool = False, **kwargs: Any) -> None:
        super().__init__(required=required, allow_none=not required, **kwargs)
        self.max_length = max_length

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str | None:  # type: ignore[override]
        text = str(super()._deserialize(value, attr, data, **kwargs)).strip()
        if len(text) > self.max_length:
            raise ValidationError(f"At most {self.max_length} characters.")
        if _CONTROL.search(text):
            raise ValidationError("Must not contain control characters.")
        if not text:
            if self.required:
                raise ValidationError("Must not be blank.")
            return None
        return text


def item(max_length: int) -> Text:
    """One entry of a list of texts (a vulnerability, a support need ...): never blank."""
    return Text(max_length, required=True)


def texts(max_length: int, max_items: int) -> fields.List:
    return fields.List(item(max_length), load_default=list, validate=validate.Length(max=max_items))


def choice(words: tuple[str, ...], required: bool = False) -> fields.String:
    return fields.String(required=required, allow_none=not required, validate=validate.OneOf(words))


def flag(required: bool = False) -> fields.Boolean:
    """A yes/no answer; optional ones may also be null (not asked, or not known)."""
    return fields.Boolean(required=required, allow_none=not required)


class Uprn(fields.String):
    """The Unique Property Reference Number: up to 12 digits (sent as text or as a number)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            value = str(value)
        text = str(super()._deserialize(value, attr, data, **kwargs)).strip()
        if not re.fullmatch(r"\d{1,12}", text):
            raise ValidationError("A UPRN is up to 12 digits.")
        return text


class Postcode(fields.String):
    """A UK postcode, stored as ``E1 6AN``."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = str(super()._deserialize(value, attr, data, **kwargs))
        if len(text) > 10:
            raise ValidationError("Not a valid UK postcode.")
        postcode = normalise_postcode(text) or ""
        if not _POSTCODE.match(postcode):
            raise ValidationError("Not a valid UK postcode.")
        return postcode
