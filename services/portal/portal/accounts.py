"""Local staff accounts for development and the demo: a YAML file of users with scrypt password
hashes (``hashlib.scrypt``; no password is ever stored or logged).

    hcs-portal-password            # prints a hash for the password typed, to put in the file

A file marked ``demo: true`` holds published demo passwords: the portal refuses it when it is
configured for production (secure cookies). Failed sign-ins are throttled per account name.
"""

from __future__ import annotations

import base64
import getpass
import hashlib
import hmac
import secrets
import sys
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from eventlet import tpool

from hcs.config import ConfigError
from portal.identity import StaffIdentity

SCRYPT_N, SCRYPT_R, SCRYPT_P, KEY_BYTES = 2**14, 8, 1, 32
MAX_FAILURES, FAILURE_WINDOW_SECONDS = 5, 15 * 60


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    key = hashlib.scrypt(password.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=KEY_BYTES)
    return f"scrypt:{SCRYPT_N}:{SCRYPT_R}:{SCRYPT_P}${_b64(salt)}${_b64(key)}"


def verify_password(password: str, stored: str) -> bool:
    try:
        params, salt_text, key_text = stored.split("$")
        scheme, n, r, p = params.split(":")
        if scheme != "scrypt":
            return False
        salt, expected = _unb64(salt_text), _unb64(key_text)
        key = hashlib.scrypt(password.encode(), salt=salt, n=int(n), r=int(r), p=int(p), dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(key, expected)


# compared against when the account name is unknown, so both answers take the same time
_DUMMY_HASH = "scrypt:16384:8:1$AAAAAAAAAAAAAAAAAAAAAA$" + "A" * 43


@dataclass(frozen=True)
class Account:
    username: str
    password_hash: str
    identity: StaffIdentity


class Throttle:
    """At most ``MAX_FAILURES`` failed sign-ins per account name in the window (per process)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.failures: dict[str, deque[float]] = defaultdict(deque)

    def blocked(self, username: str) -> bool:
        recent = self._recent(username)
        return len(recent) >= MAX_FAILURES

    def failed(self, username: str) -> None:
        self._recent(username).append(self.clock())

    def succeeded(self, username: str) -> None:
        self.failures.pop(username, None)

    def _recent(self, username: str) -> deque[float]:
        recent = self.failures[username]
        while recent and recent[0] < self.clock() - FAILURE_WINDOW_SECONDS:
            recent.popleft()
        return recent


class SignInRefused(Exception):
    """Wrong name or password, or too many attempts; the message is safe to show."""


class LocalAccounts:
    def __init__(self, accounts: dict[str, Account], demo: bool = False,
                 throttle: Throttle | None = None) -> None:
        self.accounts = accounts
        self.demo = demo
        self.throttle = throttle or Throttle()

    def sign_in(self, username: str, password: str) -> StaffIdentity:
        name = username.strip().lower()[:80]
        if self.throttle.blocked(name):
            raise SignInRefused("Too many failed attempts. Wait 15 minutes, or ask an administrator.")
        account = self.accounts.get(name)
        # scrypt takes tens of milliseconds of CPU: off the eventlet hub (ARCHITECTURE rule 5)
        ok = tpool.execute(verify_password, password, account.password_hash if account else _DUMMY_HASH)
        if not ok or account is None:
            self.throttle.failed(name)
            raise SignInRefused("The account name or password is not right.")
        self.throttle.succeeded(name)
        return account.identity

    @classmethod
    def from_file(cls, path: Path) -> LocalAccounts:
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"accounts file {path} does not exist") from None
        if not isinstance(raw, dict) or not isinstance(raw.get("accounts"), dict):
            raise ConfigError(f"accounts file {path} must hold a mapping 'accounts'")
        return cls({name.lower(): _account(name, entry, path) for name, entry in raw["accounts"].items()},
                   demo=bool(raw.get("demo")))


def _account(name: str, entry: Any, path: Path) -> Account:
    try:
        identity = StaffIdentity(str(entry["user_id"]), str(entry["name"]), str(entry["role"]),
                                 entry.get("team"), tuple(entry.get("streams") or ()))
        return Account(name.lower(), str(entry["password_hash"]), identity)
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"accounts file {path}: account {name} is invalid ({type(exc).__name__})") from None


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def main() -> int:
    password = getpass.getpass("Password: ")
    if len(password) < 12:
        print("hcs-portal-password: use at least 12 characters", file=sys.stderr)
        return 1
    if getpass.getpass("Again: ") != password:
        print("hcs-portal-password: the two did not match", file=sys.stderr)
        return 1
    print(hash_password(password))
    return 0
