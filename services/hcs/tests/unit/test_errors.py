import pytest
from nameko.exceptions import deserialize, serialize

from hcs.errors import Conflict, Forbidden, NotFound, Unauthenticated, ValidationFailed, flatten_messages


def test_typed_errors_survive_the_wire():
    for error in (NotFound("no case c1"), Forbidden("no"), Conflict("used"), Unauthenticated("who?")):
        back = deserialize(serialize(error))
        assert type(back) is type(error) and str(back) == str(error)
    back = deserialize(serialize(ValidationFailed("report is invalid", {"channel": ["Bad."]})))
    assert isinstance(back, ValidationFailed) and back.fields == {"channel": ["Bad."]}


def test_flatten_marshmallow_messages_to_dotted_paths():
    nested = {"victims": {0: {"address": {"postcode": ["Not a valid UK postcode."]}}},
              "channel": ["Must be one of: phone."]}
    assert flatten_messages(nested) == {"victims.0.address.postcode": ["Not a valid UK postcode."],
                                        "channel": ["Must be one of: phone."]}


def test_ten_thousand_unknown_keys_get_a_short_answer():
    fields = flatten_messages({f"key{i}": ["Unknown field."] for i in range(10_000)})
    assert len(fields) == 51 and fields["_more"] == ["9950 more fields are invalid."]
    assert fields["key0"] == ["Unknown field."]


def test_field_paths_are_short_and_printable_whatever_the_keys():
    fields = flatten_messages({"a\x1b[31m\nb": ["Unknown field."], "k" * 100_000: {"x": ["Unknown field."]}})
    assert list(fields) == ["a?[31m?b", "k" * 120]
    assert all(len(path) <= 120 and path.isprintable() for path in fields)


def test_a_record_id_is_letters_digits_and_a_few_marks_never_free_text():
    from hcs.schemas import record_id

    assert record_id("4f1c2d3e-0000-4000-8000-000000000001", "case_id") == "4f1c2d3e-0000-4000-8000-000000000001"
    assert record_id("reference-support", "code") == "reference-support"
    for bad in ("", "x" * 65, "../../etc/passwd", "[nan, 1]", "Ada Example", "-leading", 7, None, ["a"]):
        with pytest.raises(ValidationFailed) as refused:
            record_id(bad, "case_id")
        assert list(refused.value.fields) == ["case_id"]
        assert not bad or str(bad) not in f"{refused.value} {refused.value.fields}"
