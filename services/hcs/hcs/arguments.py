"""Text no database can store, refused at the RPC boundary.

PostgreSQL's text cannot hold a NUL character, and a lone surrogate (JSON's ``\\ud800`` escapes carry
one) cannot be encoded as UTF-8 for any driver: an argument holding either fails deep inside a worker
with a driver's error (``ValueError``, ``UnicodeEncodeError``). No real caller sends them, so every
RPC refuses them with ``ValidationFailed`` before any worker runs (``hcs.auth.AuthenticatedRpc``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from hcs.errors import ValidationFailed

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_PART = 64  # a path names where the bad text is; it never repeats a long key
_PATH = 200  # nor grows without end in a deep structure


def _join(where: str, part: str) -> str:
    if len(where) >= _PATH:
        return where
    joined = f"{where}.{part[:_PART]}" if where else part[:_PART]
    return joined if len(joined) < _PATH else joined[:_PATH] + "..."


def unstorable(value: Any, path: str = "") -> str | None:
    """The dotted path of the first string (a dict key included) in ``value`` that holds NUL or a lone
    surrogate, or None. Walks without recursion: the nesting is the caller's to choose."""
    stack: list[tuple[str, Any]] = [(path, value)]
    while stack:
        where, item = stack.pop()
        if isinstance(item, str):
            if _UNSTORABLE.search(item):
                return where or "_schema"
        elif isinstance(item, dict):
            for key, inner in item.items():
                text = str(key)
                if _UNSTORABLE.search(text):
                    return f"{where}.(a key)" if where else "(a key)"
                stack.append((_join(where, text), inner))
        elif isinstance(item, list):
            stack.extend((_join(where, str(i)), inner) for i, inner in enumerate(item))
    return None


def refuse_unstorable(args: Any, kwargs: Any, parameters: Sequence[str]) -> None:
    """Raise ValidationFailed naming the argument (by its parameter's name) that holds unstorable text."""
    named = [(parameters[i] if i < len(parameters) else f"args.{i}", arg)
             for i, arg in enumerate(args if isinstance(args, list) else [])]
    named += [(str(key)[:_PART], arg) for key, arg in (kwargs.items() if isinstance(kwargs, dict) else [])]
    for name, arg in named:
        where = "kwargs" if _UNSTORABLE.search(name) else unstorable(arg, name)
        if where is not None:
            raise ValidationFailed("arguments must not hold NUL characters or lone surrogates",
                                   {where: ["Holds a NUL character or a lone surrogate."]})
