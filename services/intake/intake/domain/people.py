"""Who a report names, kept as keys: how a subject access request finds a person (UK GDPR art. 15).

Reports hold people by name, contact details and address, encrypted at rest. So that a data
protection officer's search need not decrypt every report, intake keeps a *person key* for everyone a
report names (each victim, the reporter, each witness and each alleged perpetrator, in every version
the report has had): a keyed digest (HMAC-SHA256 with the place key secret) of the normalised name,
beside keyed digests of their contact details (e-mail addresses and phone numbers found in the contact
text) and the place keys of their addresses (``intake.domain.keys``).

A person is identified by a name *and* one corroborating detail: an address (the same property, by
UPRN, or postcode and first line) or a contact detail. A name alone identifies nobody (people share
names); the officer is told how many reports name someone of that name with nothing else matching,
and may add a detail the requester gives (a previous address, an old phone number) to narrow it.
Nothing in a report holds a date of birth, so none is asked for: the officer checks the requester's
identity before opening the request.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from intake.domain.keys import place_key

VICTIM, REPORTER, WITNESS, PERPETRATOR = "victim", "reporter", "witness", "alleged_perpetrator"
TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "rev", "sir", "dame", "lady", "lord"})
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"\+?\d[\d ()-]{8,}\d")


def normalise_name(name: Any) -> str | None:
    """``Dr  Amélie O'Brien-Smith`` and ``obrien smith, amelie`` both become ``amelie obrien smith``:
    accents, case, punctuation, titles and word order do not matter. None when nothing is left."""
    if not name:
        return None
    plain = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode().lower()
    words = [w for w in re.sub(r"[^a-z]+", " ", plain.replace("'", "")).split() if w not in TITLES]
    return " ".join(sorted(words)) or None


def normalise_contacts(text: Any) -> set[str]:
    """E-mail addresses (lower case) and UK phone numbers (digits, +44 as 0) found in a contact text."""
    if not text:
        return set()
    value = str(text)
    found = {f"email:{m.lower()}" for m in _EMAIL.findall(value)}
    for match in _PHONE.findall(_EMAIL.sub(" ", value)):
        digits = re.sub(r"\D", "", match)
        if digits.startswith("44"):
            digits = "0" + digits[2:]
        elif digits.startswith("0044"):
            digits = "0" + digits[4:]
        if 10 <= len(digits) <= 13:
            found.add(f"phone:{digits}")
    return found


def _digest(kind: str, value: str, secret: bytes) -> str:
    return "p" + hmac.new(secret, f"{kind}|{value}".encode(), hashlib.sha256).hexdigest()[:40]


def name_key(name: Any, secret: bytes) -> str | None:
    normal = normalise_name(name)
    return _digest("name", normal, secret) if normal else None


def contact_keys(text: Any, secret: bytes) -> tuple[str, ...]:
    return tuple(sorted(_digest("contact", c, secret) for c in normalise_contacts(text)))


@dataclass(frozen=True)
class PersonKey:
    """One person a report names: their role and place in it, and the keys they can be found by."""

    role: str
    position: int
    name_key: str
    contact_keys: tuple[str, ...] = ()
    place_keys: tuple[str, ...] = ()

    def corroborated_by(self, contacts: Iterable[str], places: Iterable[str]) -> bool:
        return bool(set(self.contact_keys) & set(contacts) or set(self.place_keys) & set(places))


def _places(addresses: Iterable[Mapping[str, Any] | None], secret: bytes) -> tuple[str, ...]:
    return tuple(sorted({k for k in (place_key(a, secret) for a in addresses) if k}))


def people_of(details: Mapping[str, Any], secret: bytes) -> tuple[PersonKey, ...]:
    """Everyone the report names, with a name (an unnamed or anonymous person cannot be found)."""
    household = (details.get("household") or {}).get("address")
    found: list[PersonKey] = []

    def add(role: str, position: int, person: Mapping[str, Any], addresses: Iterable[Any]) -> None:
        key = name_key(person.get("name"), secret)
        if key:
            found.append(PersonKey(role, position, key, contact_keys(person.get("contact"), secret),
                                   _places(addresses, secret)))

    reporter = details.get("reporter") or {}
    add(REPORTER, 0, reporter, [household] if reporter.get("role") == "victim" else [])
    for i, victim in enumerate(details.get("victims") or []):
        add(VICTIM, i, victim, [victim.get("address"), household])
    for i, witness in enumerate(details.get("witnesses") or []):
        add(WITNESS, i, witness, [])
    for i, perpetrator in enumerate(details.get("perpetrators") or []):
        add(PERPETRATOR, i, perpetrator, [perpetrator.get("address")])
    return tuple(found)


@dataclass(frozen=True)
class SubjectKeys:
    """The keys of the person a subject access request is about: every name they have been known by,
    their contact details and their addresses (``{names, contacts, addresses}`` of the request)."""

    names: frozenset[str]
    contacts: frozenset[str]
    places: frozenset[str]

    def matches(self, person: PersonKey) -> bool:
        return person.name_key in self.names and person.corroborated_by(self.contacts, self.places)


def subject_keys(subject: Mapping[str, Any], secret: bytes) -> SubjectKeys:
    names = {k for k in (name_key(n, secret) for n in subject.get("names") or []) if k}
    contacts = {k for c in subject.get("contacts") or [] for k in contact_keys(c, secret)}
    places = {k for k in (place_key(a, secret) for a in subject.get("addresses") or []) if k}
    return SubjectKeys(frozenset(names), frozenset(contacts), frozenset(places))
