"""Screening free text before it can reach a contractor.

A contractor needs where and what, never why: no narrative, no special category data (UK GDPR
art. 9), and offensive graffiti described, never quoted (POL-6 jobs go to people outside the
landlord). The job's description is built from the catalogue, so free text is limited to short
fields (location, access notes, an "other" summary), and each is screened here:

- quoted words (the usual way graffiti or abuse gets copied into a note) are withheld;
- words that disclose special category data or the harassment itself are withheld;
- phone numbers and e-mail addresses are replaced: the contractor arranges access through the
  landlord, who holds the contact details;
- control characters are dropped, white space is collapsed, and the length is limited.

Text arriving on an event is screened leniently (a withheld field is dropped and flagged, the job
still goes out); text typed by staff is checked strictly (refused with the reasons).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

DEFAULT_SENSITIVE_TERMS = (
    "racist", "racism", "racial", "racially", "ethnic", "ethnicity", "hate", "hatred", "homophobic",
    "transphobic", "biphobic", "religion", "religious", "muslim", "muslims", "islam", "islamic", "jew",
    "jews", "jewish", "christian", "hindu", "sikh", "buddhist", "gay", "lesbian", "bisexual",
    "transgender", "trans", "disabled", "disability", "mental", "autism", "autistic", "pregnant",
    "hiv", "asylum", "refugee", "immigrant", "victim", "perpetrator", "harassment", "harassed",
    "abuse", "abusive", "assault", "assaulted", "attacked", "threat", "threats", "threatened",
    "slur", "swastika", "nazi",
)
CONTACT_PLACEHOLDER = "[contact via landlord]"
_QUOTES = re.compile("[\"\u201c\u201d\u201e\u00ab\u00bb\u2039\u203a`]"  # any double quote or guillemet
                     "|(?<!\\w)['\u2018]\\S[^'\u2018\u2019]*['\u2019](?!\\w)")  # 'single-quoted words'
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_PHONE = re.compile(r"(?<!\w)(\+?\d[\d ()-]{8,}\d)(?!\w)")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Screened:
    """``text`` is what may go to a contractor (None when withheld); ``reasons`` says what was done."""

    text: str | None
    reasons: tuple[str, ...] = ()

    @property
    def withheld(self) -> bool:
        return self.text is None and bool(self.reasons)


class TextScreen:
    def __init__(self, sensitive_terms: Iterable[str] = DEFAULT_SENSITIVE_TERMS) -> None:
        terms = sorted({t.strip().lower() for t in sensitive_terms if t.strip()})
        self._terms = re.compile(r"\b(" + "|".join(re.escape(t) for t in terms) + r")\b", re.IGNORECASE) \
            if terms else None

    def problems(self, text: str) -> list[str]:
        """Why ``text`` may not go to a contractor as it is (empty when it may)."""
        found = []
        if _QUOTES.search(text):
            found.append("quoted_text")
        if self._terms is not None and self._terms.search(text):
            found.append("sensitive_term")
        return found

    def screen(self, text: str | None, max_length: int) -> Screened:
        if text is None:
            return Screened(None)
        reasons: list[str] = []
        clean = _SPACE.sub(" ", _CONTROL.sub(" ", text)).strip()
        if _EMAIL.search(clean) or _PHONE.search(clean):
            clean = _PHONE.sub(CONTACT_PLACEHOLDER, _EMAIL.sub(CONTACT_PLACEHOLDER, clean))
            reasons.append("contact_details")
        problems = self.problems(clean)
        if problems:
            return Screened(None, tuple(reasons + problems))
        if len(clean) > max_length:
            clean = clean[: max_length - 1].rsplit(" ", 1)[0].rstrip(" ,;") + "\u2026"
            reasons.append("shortened")
        return Screened(clean or None, tuple(reasons))

    def check(self, text: str, max_length: int) -> list[str]:
        """Strict check of text typed by staff: the messages to show them (empty when fine)."""
        messages = []
        if len(text) > max_length:
            messages.append(f"At most {max_length} characters.")
        problems = self.problems(text)
        if "quoted_text" in problems:
            messages.append("Describe what is there (for example: offensive graffiti, front door); "
                            "do not quote it.")
        if "sensitive_term" in problems:
            messages.append("Say only what a contractor needs: no details of the harassment or of anyone's "
                            "race, religion, sexuality, health or disability.")
        if _EMAIL.search(text) or _PHONE.search(text):
            messages.append("No phone numbers or e-mail addresses: contractors arrange access through us.")
        return messages
