"""What the attack proofs need to know about the system under attack, found rather than listed: every
authenticated RPC of every service (by introspection of the nameko entrypoints), and a fingerprint of
every business table in a service's database (to prove a refused call wrote nothing)."""

from __future__ import annotations

import hashlib
import inspect
from dataclasses import dataclass
from typing import Any

from nameko.extensions import ENTRYPOINT_EXTENSIONS_ATTR
from nameko.rpc import Rpc
from sqlalchemy import Engine, MetaData, select

from hcs.auth import AuthenticatedRpc

# tables a refused call may grow: the audit log records refusals; alembic's own bookkeeping
MAY_GROW = frozenset({"audit_log", "alembic_version"})


@dataclass(frozen=True)
class RpcMethod:
    service: str
    name: str
    signature: inspect.Signature

    @property
    def params(self) -> list[inspect.Parameter]:
        """The caller-visible parameters (not ``self``, not ``**filters``)."""
        return [p for p in self.signature.parameters.values()
                if p.name != "self" and p.kind in (p.POSITIONAL_OR_KEYWORD, p.POSITIONAL_ONLY)]

    @property
    def takes_any_keyword(self) -> bool:
        return any(p.kind is p.VAR_KEYWORD for p in self.signature.parameters.values())

    def __str__(self) -> str:
        return f"{self.service}.{self.name}"


def rpc_entrypoints(service_cls: Any) -> dict[str, list[Any]]:
    """Every method of the class (own or inherited) carrying an RPC entrypoint, with its extensions."""
    found: dict[str, list[Any]] = {}
    for name, member in inspect.getmembers(service_cls, inspect.isfunction):
        extensions = [e for e in getattr(member, ENTRYPOINT_EXTENSIONS_ATTR, ()) if isinstance(e, Rpc)]
        if extensions:
            found[name] = extensions
    return found


def rpc_methods(service_classes: dict[str, Any]) -> list[RpcMethod]:
    """Every ``hcs.auth.rpc`` method of every service, in a stable order."""
    methods = []
    for service, cls in sorted(service_classes.items()):
        for name, extensions in sorted(rpc_entrypoints(cls).items()):
            if any(isinstance(e, AuthenticatedRpc) for e in extensions):
                methods.append(RpcMethod(service, name, inspect.signature(getattr(cls, name))))
    return methods


_REFLECTED: dict[str, MetaData] = {}


def fingerprint(engine: Engine) -> dict[str, tuple[int, str]]:
    """Row count and a digest of the contents of every table but those a refused call may grow."""
    key = engine.url.render_as_string(hide_password=False)
    if key not in _REFLECTED:
        _REFLECTED[key] = MetaData()
        _REFLECTED[key].reflect(engine)
    out: dict[str, tuple[int, str]] = {}
    with engine.connect() as conn:
        for name, table in sorted(_REFLECTED[key].tables.items()):
            if name in MAY_GROW:
                continue
            rows = sorted(repr(tuple(row)) for row in conn.execute(select(table)))
            out[name] = (len(rows), hashlib.sha256("\n".join(rows).encode("utf-8", "backslashreplace")).hexdigest())
    return out


def changed(before: dict[str, tuple[int, str]], after: dict[str, tuple[int, str]]) -> list[str]:
    """The tables whose rows differ, with their counts."""
    return [f"{name} {before.get(name, (0, ''))[0]}->{after.get(name, (0, ''))[0]}"
            for name in sorted(set(before) | set(after)) if before.get(name) != after.get(name)]
