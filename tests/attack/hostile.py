"""Hostile RPC arguments (hypothesis strategies) and the check that a reply refusing them does not
repeat them back."""

from __future__ import annotations

import inspect
import math
import re
import unicodedata
import uuid
from dataclasses import dataclass, field
from typing import Any

from hypothesis import strategies as st

from tests.attack.rpc_surface import RpcMethod

MEGABYTE = 1 << 20
HUGE = "A" * MEGABYTE
HUGE_WITH_NUL = "\x00" + "B" * MEGABYTE
ID_SHAPE = re.compile(r"[A-Za-z0-9_:.\-]{1,64}")
ECHO_LIMIT = 64  # a short printable id may be named in a NotFound; nothing longer, nothing unprintable


def nested(depth: int) -> Any:
    """Dicts and lists inside each other ``depth`` deep."""
    value: Any = "bottom"
    for level in range(depth):
        value = {"k": value} if level % 2 else [value]
    return value


def unprintable(text: str) -> bool:
    return any(unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn") for ch in text)


# text a service must refuse and never repeat: control characters, NUL, lone surrogates, injection-looking
nasty_text = st.one_of(
    st.text(st.characters(categories=["Cc", "Cs", "Lu", "Nd", "Zs"]), min_size=1, max_size=40),
    st.sampled_from(["\x00", "a\x00b", "\ud800", "x\udfffy", "\u202e\u2066evil", "\r\nSet-Cookie: x=1",
                     "' OR '1'='1' --", "%00%ff", "../../etc/passwd", "${jndi:ldap://x}", "{{7*7}}", "\ufeff"]),
)
# ids that look right but name nothing
plausible_id = st.one_of(
    st.uuids().map(str),
    st.from_regex(r"[A-Z]{2,4}-[0-9]{4}-[0-9a-f]{6}", fullmatch=True),
    st.sampled_from(["0", "-1", "null", "undefined", "*", "%", "case-1", "RPT-0000", "9" * 64]),
)
scalar_junk = st.one_of(st.none(), st.booleans(), st.integers(min_value=-(2**63), max_value=2**63),
                        st.just(2**80), st.floats(allow_nan=True, allow_infinity=True), st.just(math.nan))
big = st.sampled_from([HUGE, HUGE_WITH_NUL, nested(250), [0] * 100_000, {f"k{i}": i for i in range(20_000)}])
unknown_keys = st.dictionaries(st.one_of(st.sampled_from(["colour", "__proto__", "$where", "is_admin", "role"]),
                                         nasty_text),
                               st.one_of(scalar_junk, nasty_text, plausible_id), min_size=1, max_size=4)
junk = st.deferred(lambda: st.one_of(
    scalar_junk, nasty_text, plausible_id, big, unknown_keys,
    st.lists(st.one_of(scalar_junk, nasty_text), min_size=1, max_size=4),
))


# every parameter of every RPC gets each of these once, the others given a real id or their default
EDGES: tuple[Any, ...] = (HUGE, "J" * 65, "\x00", "\ud800", nested(250), None, math.nan, 2**80, True,
                          ["x"], {"colour": "red"})


@dataclass
class Call:
    args: list[Any]
    kwargs: dict[str, Any] = field(default_factory=dict)
    shape: str = "hostile values"

    def describe(self) -> str:
        def short(value: Any) -> str:
            text = repr(value)
            return text if len(text) <= 60 else f"{text[:40]}...({len(text)} chars)"
        kwargs = {k: short(v) for k, v in self.kwargs.items()}
        return f"{self.shape}: args={[short(a) for a in self.args]} kwargs={kwargs}"


def edge_calls(method: RpcMethod, real_ids: dict[str, str]) -> list[Call]:
    """One call per parameter and edge value, the other parameters harmless (a real id, the default,
    or an id that names nothing)."""
    calls = []
    for index, param in enumerate(method.params):
        for edge in EDGES:
            if edge is param.default:
                continue
            args = [real_ids.get(p.name, p.default if p.default is not p.empty else "no-such-record")
                    for p in method.params]
            args[index] = edge
            calls.append(Call(args, shape="hostile values"))
    return calls


def value_for(param: inspect.Parameter, real_ids: dict[str, str]) -> st.SearchStrategy[Any]:
    """A hostile value for one parameter; a real id (the record exists) now and then, so the other
    arguments' validation is reached."""
    strategies = [junk]
    if param.name in real_ids:
        strategies.append(st.just(real_ids[param.name]))
    return st.one_of(*strategies)


def hostile_call(method: RpcMethod, real_ids: dict[str, str]) -> st.SearchStrategy[Call]:
    params = method.params
    required = [p for p in params if p.default is inspect.Parameter.empty]

    @st.composite
    def values(draw: Any) -> Call:
        args = [draw(value_for(p, real_ids)) for p in params]
        if all(_harmless(p, a, real_ids) for p, a in zip(params, args, strict=True)):
            # at least one argument is hostile: replace one with junk
            index = draw(st.integers(0, len(params) - 1))
            args[index] = draw(junk)
        if draw(st.booleans()):
            return Call([], {p.name: a for p, a in zip(params, args, strict=True)}, "hostile keyword values")
        return Call(args)

    shapes: list[st.SearchStrategy[Call]] = [
        st.builds(lambda extra: Call([None] * len(params) + [extra], shape="one positional too many"), junk),
        st.builds(lambda key, extra: Call([], {key: extra}, shape="unknown keyword"),
                  st.sampled_from(["evil", "__class__", "kwargs", "args"]), junk),
    ]
    if method.takes_any_keyword:  # **filters: unknown keywords reach the schema, so must be refused there
        shapes.pop()
        shapes.append(st.builds(lambda key, extra: Call([], {key: extra}, shape="unknown filter"),
                                st.sampled_from(["evil", "__class__", "colour"]), junk))
    if required:
        shapes.append(st.just(Call([], shape="required arguments missing")))
    if params:
        shapes.append(values())
    return st.one_of(*shapes)


def _harmless(param: inspect.Parameter, value: Any, real_ids: dict[str, str]) -> bool:
    return value is param.default or value == real_ids.get(param.name, uuid.uuid4())


def strings_in(value: Any, kind: str = "argument") -> list[tuple[str, str]]:
    """Every string in an argument with its kind: the argument itself, a key or a value inside it."""
    if isinstance(value, str):
        return [(value, kind)]
    if isinstance(value, dict):
        return [s for k, v in list(value.items())[:50] for s in strings_in(k, "key") + strings_in(v, "value")]
    if isinstance(value, list):
        return [s for v in value[:50] for s in strings_in(v, "value")]
    return []


def echoes(call: Call, reply_text: str) -> str | None:
    """Why the text of an error reply repeats the hostile input, or None: it is huge or unprintable, or
    carries a string that was sent and is long, unprintable, or free text (a value inside a payload;
    a short id may be named in a NotFound, a short key in a ValidationFailed's fields)."""
    if len(reply_text) > 4000:
        return f"a reply of {len(reply_text)} characters"
    if unprintable(reply_text):
        return "unprintable characters in the reply"
    sent = [s for arg in [*call.args, *call.kwargs.values()] for s in strings_in(arg)]
    keys = {value for value, kind in sent if kind == "key"}
    for value, kind in sent:
        # free text: a value inside a payload (unless it was also sent as a key, which may be named as a field)
        free_text = kind == "value" and value not in keys and len(value) >= 8 and not ID_SHAPE.fullmatch(value)
        risky = len(value) > ECHO_LIMIT or unprintable(value) or free_text
        if risky and value in reply_text:
            return f"echoed {value[:30]!r}"
    return None
