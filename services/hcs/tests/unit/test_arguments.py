import pytest

from hcs.arguments import refuse_unstorable, unstorable
from hcs.errors import ValidationFailed


def test_text_a_database_can_store_passes():
    assert unstorable({"name": "Zoë 😀", "tags": ["a", {"b": "\u202e"}], "n": 1, "x": None}) is None


@pytest.mark.parametrize("value, path", [
    ("a\x00b", "_schema"),
    ("\ud800", "_schema"),
    ({"victims": [{"name": "ok"}, {"name": "x\udfffy"}]}, "victims.1.name"),
    ({"ok": 1, "bad\x00key": 2}, "(a key)"),
    ({"outer": {"\ud83d": 1}}, "outer.(a key)"),
])
def test_nul_and_lone_surrogates_are_found_anywhere(value, path):
    assert unstorable(value) == path


def test_deep_nesting_is_walked_without_recursion():
    value: object = "\x00"
    for _ in range(100_000):
        value = [value]
    path = unstorable(value)
    assert path is not None and path.startswith("0.0.0.") and len(path) <= 203


def test_the_refusal_names_the_parameter_never_the_text():
    with pytest.raises(ValidationFailed) as refused:
        refuse_unstorable(["fine", {"note": "evil\x00" + "x" * 1000}], {}, ["case_id", "payload"])
    assert refused.value.fields == {"payload.note": ["Holds a NUL character or a lone surrogate."]}
    with pytest.raises(ValidationFailed) as refused:
        refuse_unstorable([], {"evil\x00": 1}, ["case_id"])
    assert list(refused.value.fields) == ["kwargs"]
    refuse_unstorable(["fine"], {"payload": {"a": [1, "b"]}}, ["case_id", "payload"])
