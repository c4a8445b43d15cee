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
