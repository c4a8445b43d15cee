"""Field-level encryption of special category data at rest (UK GDPR art. 9 and 10).

Columns declared as ``Encrypted(JSON)`` (or ``Encrypted(String)``) hold ``hcs1:<key id>:<base64>``:
AES-256-GCM with a fresh 96-bit nonce per value and the column's name as associated data, so a
value copied into another column does not decrypt. Keys come from config (``encryption.keys``, each
32 bytes in base64, from the environment); ``encryption.active`` names the key new values are written
with. Rotation: add a key, make it active, run ``hcs-admin rotate-keys``, which re-encrypts every
value still under an older key; then the old key can be removed.

The keyring is process-wide (set when a service's database is opened), because column types are
defined when a module is imported, long before config is read.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import Column, Engine, MetaData, Table, Text, select, type_coerce, update
from sqlalchemy.types import TypeDecorator

PREFIX = "hcs1"


class CryptoError(Exception):
    """A key is missing or malformed, or a value does not decrypt (wrong key, tampered)."""


@dataclass(frozen=True)
class Keyring:
    keys: Mapping[str, bytes] = field(repr=False)
    active: str

    def __post_init__(self) -> None:
        if self.active not in self.keys:
            raise CryptoError(f"the active key {self.active!r} is not among the configured keys")
        for kid, key in self.keys.items():
            if len(key) != 32:
                raise CryptoError(f"key {kid!r} must be 32 bytes (base64 of 32 random bytes)")
            if ":" in kid:
                raise CryptoError(f"key id {kid!r} may not contain ':'")

    @classmethod
    def from_config(cls, active: str, keys: Mapping[str, str]) -> Keyring:
        decoded = {}
        for kid, text in keys.items():
            try:
                decoded[kid] = base64.b64decode(text, validate=True)
            except (binascii.Error, ValueError):
                raise CryptoError(f"key {kid!r} is not valid base64") from None
        return cls(decoded, active)

    def encrypt(self, plaintext: bytes, context: str) -> str:
        nonce = os.urandom(12)
        sealed = AESGCM(self.keys[self.active]).encrypt(nonce, plaintext, context.encode())
        return f"{PREFIX}:{self.active}:{base64.b64encode(nonce + sealed).decode()}"

    def decrypt(self, token: str, context: str) -> bytes:
        try:
            prefix, kid, body = token.split(":", 2)
        except ValueError:
            raise CryptoError("not an encrypted value") from None
        if prefix != PREFIX:
            raise CryptoError("not an encrypted value")
        if kid not in self.keys:
            raise CryptoError(f"value was encrypted with key {kid!r}, which is not configured")
        raw = base64.b64decode(body)
        try:
            return AESGCM(self.keys[kid]).decrypt(raw[:12], raw[12:], context.encode())
        except InvalidTag:
            raise CryptoError("value does not decrypt: wrong key or tampered") from None

    @staticmethod
    def key_id(token: str) -> str | None:
        parts = token.split(":", 2) if isinstance(token, str) else []
        return parts[1] if len(parts) == 3 and parts[0] == PREFIX else None


def new_key() -> str:
    """A fresh key, as config wants it (base64 of 32 random bytes)."""
    return base64.b64encode(AESGCM.generate_key(bit_length=256)).decode()


_keyring: Keyring | None = None


def use_keyring(keyring: Keyring) -> None:
    global _keyring
    _keyring = keyring


def keyring() -> Keyring:
    if _keyring is None:
        raise CryptoError("no encryption keyring configured: a service opens its database first")
    return _keyring


class Encrypted(TypeDecorator[Any]):
    """A column whose value is JSON (default) or text, stored encrypted. ``context`` (the column's
    ``table.column``) is bound as associated data."""

    impl = Text
    cache_ok = True

    def __init__(self, context: str, as_json: bool = True) -> None:
        super().__init__()
        self.context = context
        self.as_json = as_json

    def process_bind_param(self, value: Any, dialect: Any) -> str | None:
        if value is None:
            return None
        plain = json.dumps(value, separators=(",", ":")) if self.as_json else str(value)
        return keyring().encrypt(plain.encode(), self.context)

    def process_result_value(self, value: Any, dialect: Any) -> Any:
        if value is None:
            return None
        plain = keyring().decrypt(value, self.context).decode()
        return json.loads(plain) if self.as_json else plain


def encrypted_columns(metadata: MetaData) -> list[tuple[Table, Column[Any]]]:
    return [(table, column) for table in metadata.sorted_tables for column in table.columns
            if isinstance(column.type, Encrypted)]


def reencrypt(engine: Engine, metadata: MetaData, batch: int = 500) -> dict[str, int]:
    """Re-encrypt every value not under the active key; returns the count per ``table.column``.
    Each batch is its own transaction, so a rotation can be stopped and run again."""
    ring = keyring()
    done: dict[str, int] = {}
    for table, column in encrypted_columns(metadata):
        context = column.type.context  # type: ignore[attr-defined]
        raw = type_coerce(column, Text)
        key = list(table.primary_key.columns)
        stale = raw.notlike(f"{PREFIX}:{ring.active}:%")
        count = 0
        while True:
            with engine.begin() as conn:
                rows = conn.execute(select(*key, raw.label("value")).where(stale, column.isnot(None))
                                    .limit(batch)).all()
                for row in rows:
                    fresh = ring.encrypt(ring.decrypt(row.value, context), context)
                    match = [c == getattr(row, c.name) for c in key]
                    conn.execute(update(table).where(*match).values({column.name: type_coerce(fresh, Text)}))
            count += len(rows)
            if len(rows) < batch:
                break
        done[f"{table.name}.{column.name}"] = count
    return done
