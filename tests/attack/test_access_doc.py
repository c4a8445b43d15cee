"""``docs/access.md`` stays true: every RPC the five services expose is in its matrix, once, and
none it lists is invented."""

from __future__ import annotations

import re
from pathlib import Path

from nameko.rpc import Rpc

from tests.conftest import service_classes

DOC = Path(__file__).resolve().parents[2] / "docs" / "access.md"
ROW = re.compile(r"^\| `(?P<service>\w+)\.(?P<method>\w+)` \| (?P<roles>[^|]+) \| (?P<rule>[^|]+) \|$")


def documented() -> list[str]:
    return [f"{m['service']}.{m['method']}" for line in DOC.read_text().splitlines() if (m := ROW.match(line))]


def exposed() -> set[str]:
    found = set()
    for service, cls in service_classes().items():
        for name in dir(cls):
            entrypoints = getattr(getattr(cls, name, None), "nameko_entrypoints", ())
            if any(isinstance(e, Rpc) for e in entrypoints):
                found.add(f"{service}.{name}")
    return found


def test_every_rpc_is_documented_once_and_none_is_invented() -> None:
    listed, rpcs = documented(), exposed()
    assert len(rpcs) > 50, "introspection found too few RPCs to be right"
    assert sorted(r for r in set(listed) if listed.count(r) > 1) == [], "documented twice"
    assert sorted(rpcs - set(listed)) == [], "RPCs missing from docs/access.md"
    assert sorted(set(listed) - rpcs) == [], "docs/access.md names RPCs that do not exist"
