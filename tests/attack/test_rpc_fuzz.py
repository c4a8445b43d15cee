"""Issue 8, bad input and attack: every RPC of every service, found by introspection, is sent hostile
arguments (wrong types, wrong arity, unknown keywords, megabyte strings, NUL, control characters and
lone surrogates, structures 250 deep, dicts of unknown keys, ids that name nothing) by a caller whose
role may call it. Each reply is a typed error (hcs.errors, or nameko's IncorrectSignature for a wrong
arity) that does not repeat the input; no business table in any database changes; every service
still answers afterwards. On SQLite and on PostgreSQL."""

from __future__ import annotations

import math
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nameko.exceptions import IncorrectSignature, MethodNotFound, RemoteError, RpcTimeout

from hcs.db import make_engine
from hcs.errors import EXPECTED, NotFound
from hcs.testing.plugin import examples, exploring, wait_for
from tests.attack.figures import Tally
from tests.attack.hostile import EDGES, Call, echoes, edge_calls, hostile_call
from tests.attack.rpc_surface import RpcMethod, changed, fingerprint, rpc_entrypoints, rpc_methods
from tests.conftest import service_classes

pytestmark = pytest.mark.broker

TYPED_REPLIES = (*EXPECTED, IncorrectSignature, MethodNotFound)
# every role that may hold a token; the fuzz calls with those a probe shows are let past the role check
ROLES = ("manager", "senior", "housing_officer", "administrator", "data_protection_officer", "service",
         "operations_director", "board_member", "contractor", "partner")
OFFICER = "officer-1"
METHODS = rpc_methods(service_classes())


def test_every_rpc_is_found_and_authenticated() -> None:
    """The fuzz covers what a caller can reach: every service's RPCs, the shared and the privacy ones
    included, and every RPC entrypoint checks its caller's token."""
    names = {str(m) for m in METHODS}
    for service, cls in service_classes().items():
        for name, extensions in rpc_entrypoints(cls).items():
            assert f"{service}.{name}" in names, f"{service}.{name} is an RPC without hcs.auth.rpc: {extensions}"
        assert {f"{service}.list_parked", f"{service}.replay_parked"} <= names
    assert {"intake.submit_report", "cases.get_case", "repairs.get_job", "referrals.request_referral",
            "reporting.rebuild", "cases.subject_access_part", "cases.run_retention"} <= names
    assert len(METHODS) >= 70


def incident() -> dict[str, Any]:
    return {
        "idempotency_key": f"fuzz-{uuid.uuid4()}", "channel": "phone", "stream": "general_needs",
        "reporter": {"role": "victim"},
        "victims": [{"name": "Test Tenant", "address": {"uprn": "100023336956", "postcode": "E1 6AN",
                                                        "line": "Flat 2"}}],
        "incident": {"occurred_at": datetime.now(UTC).isoformat(), "location_type": "home",
                     "narrative": "Racist graffiti sprayed on the front door.",
                     "types": ["graffiti", "damage_to_property"]},
        "perception": {"strands": ["race"], "perceived_by": "victim"},
        "damage": {"description": "offensive graffiti", "location": "front door"},
    }


def garbage(value: Any, default: Any) -> bool:
    """A top-level argument no RPC may accept: not the parameter's default, a string of id length, a
    whole or a finite number."""
    if value is default or isinstance(value, int):
        return False
    if isinstance(value, str):
        return len(value) > 64
    if isinstance(value, float):
        return not math.isfinite(value)
    return True


def accepting_is_a_leak(method: RpcMethod, call: Call) -> bool:
    if call.shape not in ("probe", "hostile values", "hostile keyword values"):
        return True  # wrong arity, unknown keywords
    defaults = {p.name: p.default for p in method.params}
    given_values = dict(zip(defaults, call.args, strict=False)) | call.kwargs
    return any(garbage(v, defaults[k]) for k, v in given_values.items())


class Fuzzer:
    def __init__(self, system: Any, tally: Tally) -> None:
        self.system = system
        self.tally = tally
        self.proxies = {role: system.client(role, user_id=OFFICER if role == "housing_officer" else f"fuzz-{role}")
                        for role in ROLES}

    def judge(self, method: RpcMethod, call: Call, reply: Any) -> str:
        """Tally one reply; returns what it was (``refused``, ``forbidden``, ``accepted``, ``leak``)."""
        try:
            reply.result()
        except TYPED_REPLIES as exc:
            why = echoes(call, repr(exc.args))
            if why:
                self.tally.leak(f"{method} {call.describe()}: {type(exc).__name__} {why}")
                return "leak"
            self.tally.refused()
            return "forbidden" if type(exc).__name__ == "Forbidden" else "refused"
        except RemoteError as exc:
            self.tally.leak(f"{method} {call.describe()}: crashed with {exc.exc_type}: {str(exc.value)[:200]}")
            return "leak"
        except RpcTimeout:
            self.tally.leak(f"{method} {call.describe()}: no answer")
            return "leak"
        if accepting_is_a_leak(method, call):
            self.tally.leak(f"{method} accepted {call.describe()}")
            return "leak"
        self.tally.allowed()
        return "accepted"

    def send(self, role: str, method: RpcMethod, call: Call) -> Any:
        rpc = getattr(getattr(self.proxies[role], method.service), method.name)
        return rpc.call_async(*call.args, **call.kwargs)

    def roles_for(self, methods: list[RpcMethod]) -> dict[RpcMethod, list[str]]:
        """For each method, the roles a probe (an id that names nothing for each required argument)
        is not refused by role; all roles where every one is. The probes go out together."""
        probes = {m: Call(["no-such-record"] * len([p for p in m.params if p.default is p.empty]), shape="probe")
                  for m in methods}
        replies = {(m, role): self.send(role, m, probes[m]) for m in methods for role in ROLES}
        outcomes = {key: self.judge(key[0], probes[key[0]], reply) for key, reply in replies.items()}
        return {m: [r for r in ROLES if outcomes[m, r] != "forbidden"] or list(ROLES) for m in methods}

    def sweep(self, methods: list[RpcMethod], roles: dict[RpcMethod, list[str]], real_ids: dict[str, str]) -> None:
        """Every edge value in every parameter, sent together: the service's workers take them side by side."""
        sent = [(m, call, self.send(roles[m][0], m, call)) for m in methods for call in edge_calls(m, real_ids)]
        for method, call, reply in sent:
            self.judge(method, call, reply)

    def fuzz(self, method: RpcMethod, roles: list[str], real_ids: dict[str, str], count: int) -> None:
        """``count`` hypothesis-made hostile calls, one after another."""

        @settings(max_examples=count, deadline=None, database=None, derandomize=not exploring(),
                  suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                         HealthCheck.data_too_large, HealthCheck.large_base_example])
        @given(st.data())
        def attack(data: Any) -> None:
            call = data.draw(hostile_call(method, real_ids), label="call")
            role = data.draw(st.sampled_from(roles), label="role")
            self.judge(method, call, self.send(role, method, call))

        attack()


def seeded(system: Any) -> dict[str, str]:
    """A case from a racist incident, its repair job completed: real ids for the fuzz to aim at."""
    system.register_staff(OFFICER)
    officer = system.client("housing_officer", user_id=OFFICER)
    report_id = officer.intake.submit_report(incident())["report_id"]

    def case() -> Any:
        try:
            return officer.cases.case_for_report(report_id)
        except NotFound:
            return None

    case_id = wait_for(case, timeout=30, message="the case")["case_id"]
    jobs = wait_for(lambda: [j for j in officer.repairs.list_jobs(case_id) if j["status"] == "completed"],
                    timeout=30, message="the repair job to complete")
    return {"report_id": report_id, "case_id": case_id, "job_id": jobs[0]["job_id"]}


def settled(engines: dict[str, Any]) -> dict[str, dict[str, tuple[int, str]]]:
    """Every database's fingerprint, once nothing moves any more (events in flight have landed)."""
    last: list[Any] = [None]

    def still() -> Any:
        now = {name: fingerprint(engine) for name, engine in engines.items()}
        same, last[0] = now == last[0], now
        return now if same else None

    return wait_for(still, timeout=60, interval=1.0, message="the system to settle")  # type: ignore[no-any-return]


def test_every_rpc_refuses_hostile_arguments_and_writes_nothing(start_system: Callable[..., Any]) -> None:
    system = start_system()
    real_ids = seeded(system)
    engines = {name: make_engine(url) for name, url in system.database_urls.items()}
    tally = Tally("hostile RPC arguments, every RPC of every service")
    fuzzer = Fuzzer(system, tally)
    start = settled(engines)
    count = examples(6, 200)
    for service in sorted({m.service for m in METHODS}):
        methods = [m for m in METHODS if m.service == service]
        before = fingerprint(engines[service])
        roles = fuzzer.roles_for(methods)
        fuzzer.sweep(methods, roles, real_ids)
        for method in methods:
            fuzzer.fuzz(method, roles[method], real_ids, count)
        writes = changed(before, fingerprint(engines[service]))
        if writes:
            tally.leak(f"{service} wrote {writes} under attack")
    end = {name: fingerprint(engine) for name, engine in engines.items()}
    for name in engines:
        assert not changed(start[name], end[name]), f"{name} changed: {changed(start[name], end[name])}"
    administrator = fuzzer.proxies["administrator"]
    for name in engines:  # every service still answers
        assert getattr(administrator, name).list_parked() == []
    for engine in engines.values():
        engine.dispose()
    print(f"\n{len(METHODS)} RPCs: a probe per role, {len(EDGES)} edge values per parameter, "
          f"{count} hypothesis examples each")
    tally.check()
