"""Only what a contractor needs leaves the landlord: no narrative, no special category data, and
offensive graffiti described, never quoted (POL-6 jobs go to people outside the landlord)."""

from __future__ import annotations

import pytest

from repairs.domain.screening import CONTACT_PLACEHOLDER, TextScreen

SCREEN = TextScreen()


@pytest.mark.parametrize("text", ["front door", "rear bedroom window, ground floor", "tenant's side gate",
                                  "residents' bin store", "key safe by the bins, code with the officer"])
def test_plain_descriptions_of_where_pass_unchanged(text: str) -> None:
    assert SCREEN.screen(text, 200).text == text
    assert SCREEN.check(text, 200) == []


@pytest.mark.parametrize("text", ['it says "go home" on the door', "they wrote 'out' on the wall",
                                  "graffiti \u201cX\u201d on fence"])
def test_quoted_words_are_withheld_so_graffiti_is_never_copied_out(text: str) -> None:
    screened = SCREEN.screen(text, 200)
    assert screened.text is None and screened.withheld and "quoted_text" in screened.reasons
    assert "do not quote it" in SCREEN.check(text, 200)[0]


@pytest.mark.parametrize("text", ["racist graffiti on door", "tenant is disabled, ring twice",
                                  "Muslim family, back door", "victim scared, be quick"])
def test_special_category_data_and_narrative_are_withheld(text: str) -> None:
    screened = SCREEN.screen(text, 200)
    assert screened.text is None and screened.reasons == ("sensitive_term",)
    assert SCREEN.check(text, 200)


def test_contact_details_are_replaced_contractors_arrange_access_through_the_landlord() -> None:
    screened = SCREEN.screen("call 07700 900123 or mail a.tenant@example.org first", 200)
    assert screened.text == f"call {CONTACT_PLACEHOLDER} or mail {CONTACT_PLACEHOLDER} first"
    assert screened.reasons == ("contact_details",)
    assert SCREEN.check("ring 020 7946 0000", 200)


def test_long_text_is_shortened_at_a_word_and_control_characters_dropped() -> None:
    screened = SCREEN.screen("side\x00 gate " + "word " * 50, 40)
    assert screened.text is not None and len(screened.text) <= 40 and screened.text.endswith("\u2026")
    assert "\x00" not in screened.text and screened.reasons == ("shortened",)
    assert SCREEN.check("x" * 41, 40) == ["At most 40 characters."]


def test_the_landlord_can_add_terms() -> None:
    assert TextScreen(["estate name"]).screen("by the Estate Name sign", 100).withheld
