"""Place keys: the same property gives the same key; a key never shows the address."""

from __future__ import annotations

from intake.domain.keys import normalise_postcode, place_key, report_keys

SECRET = b"s" * 32


def test_the_same_uprn_gives_the_same_key_however_it_is_written():
    assert place_key({"uprn": "0100023336956"}, SECRET) == place_key({"uprn": "100023336956"}, SECRET)
    assert place_key({"uprn": "100023336956"}, SECRET) != place_key({"uprn": "100023336957"}, SECRET)


def test_without_a_uprn_the_postcode_and_first_line_make_the_key():
    a = place_key({"postcode": "e1 6an", "line": "Flat 2, 10 Example Street"}, SECRET)
    b = place_key({"postcode": "E16AN", "line": "flat 2 10 example street"}, SECRET)
    assert a == b and a is not None


def test_a_postcode_alone_makes_no_key():
    assert place_key({"postcode": "E1 6AN"}, SECRET) is None
    assert place_key(None, SECRET) is None


def test_a_key_is_an_opaque_digest_that_depends_on_the_secret():
    key = place_key({"uprn": "100023336956"}, SECRET)
    assert key is not None and "100023336956" not in key and len(key) <= 64
    assert key != place_key({"uprn": "100023336956"}, b"t" * 32)


def test_a_reports_keys_household_place_and_perpetrators():
    keys = report_keys({
        "victims": [{"address": {"uprn": "1"}}], "incident": {"address": {"uprn": "2"}},
        "perpetrators": [{"address": {"uprn": "3"}}, {"address": {"uprn": "3"}}, {"known": False}]}, SECRET)
    assert keys.household == place_key({"uprn": "1"}, SECRET)
    assert keys.incident_place == place_key({"uprn": "2"}, SECRET)
    assert keys.perpetrators == (place_key({"uprn": "3"}, SECRET),)


def test_a_perpetrators_key_matches_a_victims_key_at_the_same_property():
    """Cases can see counter-allegations: one report's perpetrator is another's victim household."""
    one = report_keys({"household": {"address": {"uprn": "7"}}, "perpetrators": [{"address": {"uprn": "8"}}]}, SECRET)
    two = report_keys({"household": {"address": {"uprn": "8"}}, "perpetrators": [{"address": {"uprn": "7"}}]}, SECRET)
    assert one.perpetrators == (two.household,) and two.perpetrators == (one.household,)


def test_postcodes_are_normalised():
    assert normalise_postcode(" sw1a1aa ") == "SW1A 1AA"
    assert normalise_postcode("not a postcode") == "not a postcode"
