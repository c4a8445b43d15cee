"""Hostile HTTP requests to every endpoint of the running system (issue 8: bad input and attack).

The endpoints are read off the code: the ``@http`` entrypoints of the five service classes (with the
``/health`` and ``/metrics`` every service inherits) and every route of the staff portal. Each is sent
bodies that are not JSON, invalid UTF-8, JSON of the wrong shape, NUL bytes, megabyte strings and
bodies, JSON nested thousands deep, wrong content types and methods, odd path parameters, and
missing, forged, stale and replayed credentials, with valid credentials where the validation layer
lies behind them (a centre's key, a correct webhook signature over a garbage body, a signed-in
session with its CSRF token).

Every answer must be a clear 4xx in good time with a structured body (a service's JSON
``{"error": ...}``; the portal's HTML error page or its way to sign-in), never repeat what was sent,
and write nothing (only audit rows may grow); every service still answers ``/health`` afterwards.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

import pytest
import requests
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, inspect, text

from hcs.db import make_engine
from hcs.testing.plugin import examples, exploring, make_settings
from tests.attack.figures import Tally
from tests.conftest import CONTRACTOR_SECRET, SERVICES, System, launch_system, service_classes, stop_system
from tests.e2e.conftest import serve_portal

CENTRE_KEY = "fuzz-centre-key-" + uuid.uuid4().hex
MARK = "Zq" + uuid.uuid4().hex[:10]  # in every hostile value: an answer that contains it echoed the input
TAG = f"<{MARK}>"  # what the portal must never show unescaped
TIMEOUT = 30  # seconds: an answer later than this is a hang
MEGABYTE = 1024 * 1024
NOT_WRITTEN = {"audit_log", "alembic_version"}  # audit rows may grow on a refusal


def fuzzing(ci: int, long: int) -> settings:
    """Hypothesis settings for ``examples(ci, long)`` requests to a running service."""
    return settings(max_examples=examples(ci, long), deadline=None, database=None, derandomize=not exploring(),
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much, HealthCheck.large_base_example])


# --- the running system ------------------------------------------------------------------------

@dataclass
class World:
    system: System
    portal: str
    engines: dict[str, Engine]

    def url(self, service: str) -> str:
        return self.system.http(service)

    def counts(self) -> dict[str, int]:
        """Rows in every business table of every service's database."""
        out: dict[str, int] = {}
        for service, engine in self.engines.items():
            names = [n for n in inspect(engine).get_table_names() if n not in NOT_WRITTEN]
            with engine.connect() as conn:
                for name in names:
                    out[f"{service}.{name}"] = int(conn.execute(text(f'SELECT count(*) FROM "{name}"')).scalar())
        return out


def _start_portal(amqp_uri: str) -> tuple[str, Callable[[], None]]:
    """The staff portal with the demo accounts, served in this process as ``hcs-portal`` serves it."""
    server = serve_portal(amqp_uri)
    return server.url, server.stop


@pytest.fixture(scope="module")
def world(amqp_uri: str, tmp_path_factory: Any) -> Iterator[World]:
    """One start of the five services (SQLite files), the reference contractor and the portal for
    the whole module: every test here only sends requests that must change nothing."""
    from nameko.containers import ServiceContainer

    from hcs.migrations import upgrade

    containers: list[Any] = []

    def start_service(service_cls: Any, amqp: str, database_url: str, **overrides: Any) -> Any:
        upgrade(service_cls.name, database_url)
        container = ServiceContainer(service_cls, make_settings(service_cls.name, amqp, database_url,
                                                                **overrides).nameko_config())
        containers.append(container)
        container.start()
        return container

    centres = {"fuzz-centre": hashlib.sha256(CENTRE_KEY.encode()).hexdigest()}
    system = launch_system(start_service, amqp_uri, tmp_path_factory.mktemp("system"), intake={"centres": centres})
    portal, stop_portal = _start_portal(amqp_uri)
    engines = {name: make_engine(url) for name, url in system.database_urls.items()}
    try:
        yield World(system, portal, engines)
    finally:
        stop_portal()
        stop_system(system)
        for container in containers:
            with contextlib.suppress(Exception):
                container.kill()
        for engine in engines.values():
            engine.dispose()


# --- judging one answer ------------------------------------------------------------------------


def refused_by_server(answer: requests.Response) -> bool:
    """eventlet's WSGI server refuses a request line or header too long before any application code
    runs: an HTTP/1.0 status line and no body at all is all it has."""
    return answer.raw.version == 10 and answer.status_code in (400, 414) and not answer.content


def send(method: str, url: str, body: bytes | None = None, headers: dict[str, str] | None = None,
         cookies: Any = None) -> requests.Response | str:
    """The answer, or what went wrong instead of one."""
    try:
        return requests.request(method, url, data=body, headers=headers or {}, timeout=TIMEOUT,
                                allow_redirects=False, cookies=cookies)
    except requests.Timeout:
        return "no answer within the timeout (a hang)"
    except requests.ConnectionError as exc:
        return f"the connection failed ({type(exc).__name__}): the server dropped the request"


def judge_service(tally: Tally, what: str, answer: requests.Response | str, allow_ok: bool = False,
                  too_large: bool = False) -> None:
    """A service's answer: 4xx with a JSON error body (or the normal answer, where ``allow_ok``),
    and never the hostile input repeated; a body above the limit (``too_large``), when refused for
    its content, 413."""
    if isinstance(answer, str):
        tally.leak(f"{what}: {answer}")
        return
    status, body = answer.status_code, answer.content
    if MARK.encode() in body or MARK.encode() in str(answer.headers).encode():
        tally.leak(f"{what}: {status} echoed the input: {body[:200]!r}")
    elif status >= 500:
        tally.leak(f"{what}: {status} {body[:200]!r}")
    elif 200 <= status < 300 and allow_ok:
        tally.allowed()
    elif not 400 <= status < 500:
        tally.leak(f"{what}: accepted with {status} {body[:200]!r}")
    elif refused_by_server(answer):
        tally.refused()
    elif not _json_error(body):
        tally.leak(f"{what}: {status} without a JSON error body: {body[:200]!r}")
    elif too_large and status in (400, 422):
        tally.leak(f"{what}: a body above the limit refused with {status}, not 413")
    else:
        tally.refused()


def _json_error(body: bytes) -> bool:
    try:
        parsed = json.loads(body)
    except ValueError:
        return False
    return isinstance(parsed, dict) and isinstance(parsed.get("error"), str) and bool(parsed["error"])


def judge_portal(tally: Tally, what: str, answer: requests.Response | str, allow_ok: bool = False,
                 signed_in: bool = False, too_large: bool = False) -> None:
    """The portal's answer: a 4xx HTML error page, or (not ``signed_in``) a redirect to sign in; the
    normal page where ``allow_ok``; a body above the limit (``too_large``) refused with 413; never
    the hostile input unescaped. A signed-in visitor sent to sign in has lost the session."""
    if isinstance(answer, str):
        tally.leak(f"{what}: {answer}")
        return
    status, body = answer.status_code, answer.content
    location = answer.headers.get("Location", "")
    if TAG.encode() in body or TAG in location:
        tally.leak(f"{what}: {status} showed the input unescaped")
    elif status >= 500:
        tally.leak(f"{what}: {status}")
    elif status in (302, 303) and urlpath(location).startswith("/sign-in"):
        if signed_in:
            tally.leak(f"{what}: the signed-in session was dropped")
        else:
            tally.refused()
    elif refused_by_server(answer):
        tally.refused()
    elif too_large and status not in (404, 405, 413):
        tally.leak(f"{what}: a body above the limit answered {status}, not 413")
    elif 200 <= status < 400 and allow_ok:
        tally.allowed()
    elif not 400 <= status < 500:
        tally.leak(f"{what}: accepted with {status} (Location {location[:100]!r})")
    elif "text/html" not in answer.headers.get("Content-Type", "") or b"<html" not in body[:2000].lower():
        tally.leak(f"{what}: {status} without an HTML error page")
    else:
        tally.refused()


def urlpath(location: str) -> str:
    return re.sub(r"^https?://[^/]+", "", location)


@contextlib.contextmanager
def nothing_written(world: World, tally: Tally) -> Iterator[None]:
    """Fails the tally if any business table of any service changed, and checks every service and
    the portal still answer ``/health``."""
    before = world.counts()
    yield
    after = world.counts()
    changed = {t: (before.get(t), n) for t, n in after.items() if before.get(t) != n}
    if changed:
        tally.leak(f"rows written: {changed}")
    for service in SERVICES:
        health = send("GET", world.url(service) + "/health")
        if isinstance(health, str) or health.status_code != 200 or health.json().get("status") != "ok":
            tally.leak(f"{service} no longer healthy: {health if isinstance(health, str) else health.status_code}")
    portal = send("GET", world.portal + "/health")
    if isinstance(portal, str) or portal.status_code != 200:
        tally.leak("the portal no longer healthy")


# --- hostile values ----------------------------------------------------------------------------

def marked(text_: str) -> str:
    return f"{TAG}{text_}"


hostile_text = st.one_of(
    st.text(max_size=40).map(marked),
    st.text(max_size=20).map(lambda t: marked(t) + "\x00" + t),
    st.sampled_from(["..%2f..%2f..%2fetc%2fpasswd", "%00", "..", "%2e%2e%2f", "\u202e\u0000", "𝕳𝖆𝖗𝖒",
                     "' OR 1=1 --", "${jndi:ldap://x}", "{{7*7}}", "%s%s%n"]).map(marked),
)
huge_text = st.integers(MEGABYTE, MEGABYTE + 4096).map(lambda n: marked("x" * n))
json_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False),
                         hostile_text)
json_values = st.recursive(json_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(hostile_text, inner, max_size=4)), max_leaves=12)
WRONG_KIND: dict[type, st.SearchStrategy[Any]] = {
    str: st.one_of(st.integers(), st.booleans(), st.lists(json_scalars, max_size=3),
                   st.dictionaries(hostile_text, json_scalars, max_size=3)),
    dict: st.one_of(hostile_text, st.integers(), st.booleans(), st.lists(json_scalars, max_size=3)),
    list: st.one_of(hostile_text, st.integers(), st.booleans(), st.dictionaries(hostile_text, json_scalars,
                                                                                    max_size=3)),
    int: st.one_of(hostile_text, st.booleans(), st.lists(json_scalars, max_size=3)),
    bool: st.one_of(hostile_text, st.lists(json_scalars, max_size=3), st.dictionaries(hostile_text, json_scalars,
                                                                                         max_size=2)),
}


def deep(depth: int, kind: str) -> bytes:
    if kind == "list":
        return b"[" * depth + b"]" * depth
    return b'{"a":' * depth + b"1" + b"}" * depth


@dataclass(frozen=True)
class Body:
    """A hostile body, what it is, and the content type it is sent with."""

    what: str
    data: bytes
    content_type: str = "application/json"


def dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass")


def hostile_bodies(valid: dict[str, Any], required: tuple[str, ...]) -> st.SearchStrategy[Body]:
    """Bodies that must be refused, built around a valid one: each breaks it in one way (or more).
    ``required``: the fields it cannot do without; every field of ``valid`` has a type to get wrong."""
    fields = st.sampled_from(sorted(valid))
    texts = [f for f in sorted(valid) if isinstance(valid[f], str)]
    return st.one_of(
        st.binary(max_size=300).map(lambda b: Body("random bytes", MARK.encode() + b)),
        st.binary(min_size=1, max_size=50).map(
            lambda b: Body("invalid UTF-8", b'{"' + MARK.encode() + b'": "\xff\xfe\xc3\x28' + b + b'"}')),
        json_values.map(lambda v: Body("a JSON value of the wrong shape", dumps([v] if isinstance(v, dict) else v))),
        fields.flatmap(lambda f: WRONG_KIND[type(valid[f])].map(
            lambda v: Body(f"{f}: wrong type", dumps({**valid, f: v})))),
        st.lists(st.sampled_from(required), min_size=1, unique=True).map(
            lambda gone: Body(f"missing {gone}", dumps({k: v for k, v in valid.items() if k not in gone})))
        if required else st.nothing(),
        st.builds(lambda k, v: Body("an extra field", dumps({**valid, k: v})), hostile_text, json_values),
        st.builds(lambda f, t: Body(f"{f}: a NUL byte", dumps({**valid, f: f"{MARK}\x00{t}"})),
                  st.sampled_from(texts), st.text(max_size=10)) if texts else st.nothing(),
        st.builds(lambda f, t: Body(f"{f}: a megabyte string", dumps({**valid, f: t})), fields, huge_text),
        st.integers(MEGABYTE, 2 * MEGABYTE).map(lambda n: Body("a huge body", b"[" + b'"x",' * (n // 4) + b"1]")),
        st.builds(lambda d, k: Body(f"JSON nested {d} deep", deep(d, k)), st.integers(1000, 5000),
                  st.sampled_from(["list", "object"])),
        st.builds(lambda ct, b: Body(f"Content-Type {ct!r}", dumps({**valid, "x": b}), ct),
                  st.sampled_from(["text/plain", "", "application/x-www-form-urlencoded", "multipart/form-data",
                                   "application/xml", "application/json; charset=latin-1\x7f"]), hostile_text),
    )


# --- the services' endpoints -------------------------------------------------------------------

def http_entrypoints() -> set[tuple[str, str, str]]:
    """``(service, method, rule)`` of every ``@http`` entrypoint on the five service classes."""
    from nameko.web.handlers import HttpRequestHandler

    found = set()
    for service, cls in service_classes().items():
        for attribute in dir(cls):
            for entrypoint in getattr(getattr(cls, attribute, None), "nameko_entrypoints", ()):
                if isinstance(entrypoint, HttpRequestHandler):
                    found.add((service, entrypoint.method, entrypoint.url))
    return found


def now_iso() -> str:
    return datetime.now(UTC).isoformat()


def centre_form() -> dict[str, Any]:
    """A report as a third-party reporting centre sends it."""
    return {
        "idempotency_key": f"fuzz-{uuid.uuid4()}", "stream": "general_needs", "anonymous": True,
        "reporter": {"role": "third_party", "organisation": "Community Centre"},
        "victims": [{"address": {"uprn": "100023336999", "postcode": "E1 6AN"}}],
        "incident": {"occurred_at": (datetime.now(UTC) - timedelta(hours=3)).isoformat(), "location_type": "home",
                     "narrative": "Racist graffiti was sprayed on the door.", "types": ["graffiti"]},
        "perception": {"strands": ["race"], "perceived_by": "victim"},
    }


def signed(secret: str, body: bytes, webhook_id: str | None = None, at: datetime | None = None) -> dict[str, str]:
    from standardwebhooks import Webhook

    webhook_id = webhook_id or f"msg_{uuid.uuid4().hex}"
    at = at or datetime.now(UTC)
    return {"webhook-id": webhook_id, "webhook-timestamp": str(int(at.timestamp())),
            "webhook-signature": Webhook(secret).sign(webhook_id, at, body.decode("utf-8", "replace"))}


def partner_secret(world: World) -> str:
    return str(world.system.containers["referrals"].config["HCS"].extra["partners"]["reference-support"]["secret"])


CREDENTIALS = ("valid", "valid", "valid", "none", "forged", "stale", "replayed", "odd")


@dataclass(frozen=True)
class Attack:
    body: Body
    credentials: str
    path_value: str | None  # replaces the rule's path parameter; None keeps the registered name


def service_attacks(valid: dict[str, Any], required: tuple[str, ...]) -> st.SearchStrategy[Attack]:
    long_values = st.integers(10_000, 12_000).map(lambda n: marked("é" * (n // 2)))
    return st.builds(Attack, hostile_bodies(valid, required), st.sampled_from(CREDENTIALS),
                     st.one_of(st.none(), st.none(), hostile_text, long_values))


def always_tried(test: Callable[..., None]) -> Callable[..., None]:
    """The attacks every run makes, whatever hypothesis draws: with valid credentials, JSON nested past
    Python's recursion limit, a body and a string of a megabyte, and a replayed request."""
    for attack in (Attack(Body("JSON nested 5000 deep", deep(5000, "list")), "valid", None),
                   Attack(Body("JSON nested 3000 deep", deep(3000, "object")), "valid", None),
                   Attack(Body("a huge body", b"[" + b'"x",' * (MEGABYTE // 4) + b"1]"), "valid", None),
                   Attack(Body("a megabyte string", dumps({"x": marked("x" * MEGABYTE)})), "valid", None),
                   Attack(Body("invalid UTF-8", b'{"' + MARK.encode() + b'": "\xff\xfe"}'), "valid", None),
                   Attack(Body("an extra field", dumps({marked("é"): 1})), "replayed", None)):
        test = example(attack)(test)
    return test


def _credentials(secret: str, body: bytes, how: str) -> list[dict[str, str]]:
    """The header sets to send, in order (a replay sends the same signed request twice)."""
    if how == "none":
        return [{}]
    if how == "forged":
        return [signed("whsec_" + "Zm9yZ2VkLXNlY3JldC1mb3ItZnV6emluZy0wMQ==", body)]
    if how == "stale":
        return [signed(secret, body, at=datetime.now(UTC) - timedelta(minutes=10))]
    if how == "replayed":
        first = signed(secret, body)
        return [first, first]
    if how == "odd":
        return [{"webhook-id": marked("x" * 50), "webhook-timestamp": marked("t"),
                 "webhook-signature": "v1," + marked("===")}]
    return [signed(secret, body)]


def post_signed(tally: Tally, url: str, secret: str, attack: Attack, extra: dict[str, str] | None = None) -> None:
    for headers in _credentials(secret, attack.body.data, attack.credentials):
        answer = send("POST", url, attack.body.data,
                      {"Content-Type": attack.body.content_type, **(extra or {}), **headers})
        judge_service(tally, f"{url[-40:]} {attack.body.what} ({attack.credentials})", answer,
                      too_large=len(attack.body.data) > MEGABYTE)


def path_with(rule: str, value: str | None, default: str) -> str:
    name = re.search(r"<(\w+)>", rule)
    if name is None:
        return rule
    return rule.replace(name.group(0), quote(value, safe="%") if value is not None else default)


INTAKE_REQUIRED = ("idempotency_key", "reporter", "incident", "stream")
REPAIRS_VALID = {"job_id": "job-unknown-1", "status": "accepted", "at": "2026-01-01T10:00:00+00:00"}
PARTNER_VALID = {"referral_id": "ref-unknown-1", "status": "acknowledged", "at": "2026-01-01T10:00:00+00:00"}


def fuzz_intake_reports(world: World, tally: Tally) -> None:
    url = world.url("intake") + "/reports"

    @fuzzing(60, 1000)
    @given(service_attacks(centre_form(), INTAKE_REQUIRED))
    @always_tried
    def attack(attack: Attack) -> None:
        keys = {"valid": f"Bearer {CENTRE_KEY}", "none": "", "forged": f"Bearer {uuid.uuid4().hex * 2}",
                "stale": f"Bearer {CENTRE_KEY[:-1]}",  # a registered key, one character short
                "replayed": f"Bearer {CENTRE_KEY}", "odd": f"Basic {marked('a' * 20)}"}
        headers = {"Content-Type": attack.body.content_type}
        if keys[attack.credentials]:
            headers["Authorization"] = keys[attack.credentials]
        for _ in range(2 if attack.credentials == "replayed" else 1):
            judge_service(tally, f"POST /reports {attack.body.what} ({attack.credentials})",
                          send("POST", url, attack.body.data, _latin1(headers)),
                          too_large=len(attack.body.data) > MEGABYTE)

    attack()


def _latin1(headers: dict[str, str]) -> dict[str, str]:
    """HTTP headers are bytes: what cannot be sent as Latin-1 is sent as its UTF-8 bytes; line breaks
    and leading blanks (which no client sends inside a header) are left out."""
    return {k: re.sub(r"[\r\n]", "", v.encode("utf-8").decode("latin-1")).lstrip() for k, v in headers.items()}


def fuzz_contractor_callbacks(rule: str) -> Callable[[World, Tally], None]:
    def fuzz(world: World, tally: Tally) -> None:
        @fuzzing(40, 800)
        @given(service_attacks(REPAIRS_VALID, ("job_id", "status", "at")))
        @always_tried
        def attack(attack: Attack) -> None:
            path = path_with(rule, attack.path_value, "reference")
            extra = {} if "<" in rule else {"x-contractor": _latin1({"x": attack.path_value or "reference"})["x"]}
            post_signed(tally, world.url("repairs") + path, CONTRACTOR_SECRET, attack, extra)

        attack()

    return fuzz


def fuzz_partner(rule: str, valid: dict[str, Any], required: tuple[str, ...]) -> Callable[[World, Tally], None]:
    def fuzz(world: World, tally: Tally) -> None:
        secret = partner_secret(world)

        @fuzzing(40, 800)
        @given(service_attacks(valid, required))
        @always_tried
        def attack(attack: Attack) -> None:
            post_signed(tally, world.url("referrals") + path_with(rule, attack.path_value, "reference-support"),
                        secret, attack)

        attack()

    return fuzz


def fuzz_read_only(service: str, rule: str) -> Callable[[World, Tally], None]:
    """``GET /health`` and ``/metrics``: whatever comes with a GET is ignored (the normal answer);
    other methods and other paths beneath are refused."""

    def fuzz(world: World, tally: Tally) -> None:
        base = world.url(service)

        @fuzzing(15, 200)
        @given(st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH"]), hostile_text,
               st.sampled_from(["query", "suffix", "body"]))
        def attack(method: str, value: str, where: str) -> None:
            path, body = rule, None
            if where == "query":
                path += "?" + quote(value, safe="") + "=" + quote(value, safe="")
            elif where == "suffix":
                path += "/" + quote(value, safe="%")
            else:
                body = value.encode("utf-8")
            answer = send(method, base + path, body, {"Content-Type": "application/json"})
            judge_service(tally, f"{method} {rule} ({where})", answer,
                          allow_ok=method == "GET" and where != "suffix")

        attack()

    return fuzz


PARTNER_PULL_VALID = {"limit": 5}
FUZZERS: dict[tuple[str, str], Callable[[World, Tally], None]] = {
    ("intake", "/reports"): fuzz_intake_reports,
    ("repairs", "/contractor/callbacks"): fuzz_contractor_callbacks("/contractor/callbacks"),
    ("repairs", "/contractor/<name>/callbacks"): fuzz_contractor_callbacks("/contractor/<name>/callbacks"),
    ("referrals", "/partners/<code>/callbacks"): fuzz_partner("/partners/<code>/callbacks", PARTNER_VALID,
                                                              ("referral_id", "status", "at")),
    ("referrals", "/partners/<code>/pull"): fuzz_partner("/partners/<code>/pull", PARTNER_PULL_VALID, ()),
    **{(service, rule): fuzz_read_only(service, rule) for service in SERVICES for rule in ("/health", "/metrics")},
}


def test_every_http_entrypoint_is_fuzzed() -> None:
    """A new ``@http`` entrypoint fails here until it is given a fuzzer below."""
    found = {(service, rule) for service, _method, rule in http_entrypoints()}
    assert ("intake", "/health") in found and ("reporting", "/metrics") in found
    assert found <= set(FUZZERS), f"not fuzzed: {sorted(found - set(FUZZERS))}"


@pytest.mark.parametrize("service,rule", sorted(FUZZERS), ids=lambda v: v.strip("/").replace("/", "-"))
def test_hostile_requests_to_a_service_endpoint(world: World, service: str, rule: str) -> None:
    tally = Tally(f"http {service} {rule}")
    with nothing_written(world, tally):
        FUZZERS[(service, rule)](world, tally)
    tally.check()


# --- the staff portal --------------------------------------------------------------------------

DEMO_PASSWORD = "demo-{}-password"  # the demo accounts' published passwords (services/portal/README)
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
FORM_FIELDS = ("username", "password", "next", "summary", "kind", "party", "direction", "reason", "note", "outcome",
               "decision", "period", "format", "contractor", "idempotency_key", "narrative", "stream", "types")


@dataclass
class Visitor:
    """A browser: anonymous, or signed in as one of the demo accounts, keeping its cookie and the
    CSRF token of the last page."""

    portal: str
    account: str | None
    session: requests.Session
    csrf: str = ""

    @classmethod
    def arrive(cls, portal: str, account: str | None) -> Visitor:
        visitor = cls(portal, account, requests.Session())
        visitor.read(visitor.session.get(portal + "/sign-in", timeout=TIMEOUT))
        if account is not None:
            signed_in = visitor.session.post(portal + "/sign-in", timeout=TIMEOUT, allow_redirects=False, data={
                "username": account, "password": DEMO_PASSWORD.format(account), "csrf_token": visitor.csrf})
            assert signed_in.status_code == 303, f"{account} could not sign in: {signed_in.status_code}"
            visitor.read(visitor.session.get(portal + "/account", timeout=TIMEOUT))
        assert visitor.csrf, "no CSRF token on the page"
        return visitor

    def read(self, response: requests.Response) -> None:
        found = CSRF.search(response.text)
        if found:
            self.csrf = found.group(1)

    def send(self, method: str, path: str, body: bytes | dict[str, str] | None, content_type: str | None,
             with_csrf: bool) -> requests.Response | str:
        headers = {"Content-Type": content_type} if content_type else {}
        data: Any = body
        if isinstance(body, dict) and with_csrf:
            data = {**body, "csrf_token": self.csrf}
        try:
            return self.session.request(method, self.portal + path, data=data, headers=headers, timeout=TIMEOUT,
                                        allow_redirects=False)
        except requests.Timeout:
            return "no answer within the timeout (a hang)"
        except requests.ConnectionError as exc:
            return f"the connection failed ({type(exc).__name__}): the server dropped the request"


def portal_routes() -> list[Any]:
    """Every page of the portal, and its static files."""
    from portal import app  # noqa: F401 - registers every page
    from portal.web import ROUTES, Route

    return [*ROUTES, Route("/static/<path>", app.Portal.__call__, ("GET",), None)]


STATES = ("anonymous", "signed in, no CSRF token", "signed in", "signed in, another role")


def visitors(world: World) -> dict[str, Visitor]:
    officer = Visitor.arrive(world.portal, "officer")
    return {"anonymous": Visitor.arrive(world.portal, None), "signed in, no CSRF token": officer,
            "signed in": officer, "signed in, another role": Visitor.arrive(world.portal, "board")}


def fill(path: str, value: str) -> str:
    return re.sub(r"<(\w+)>", lambda _: quote(value, safe="%"), path)


def hostile_forms() -> st.SearchStrategy[tuple[str, bytes | dict[str, str], str | None]]:
    """``(what, body, content type)``: a form of hostile values, a megabyte field, a body that is no
    form at all, invalid UTF-8, a wrong content type."""
    fields = st.dictionaries(st.sampled_from(FORM_FIELDS) | hostile_text, hostile_text, min_size=1, max_size=6)
    return st.one_of(
        fields.map(lambda f: ("a form of hostile values", f, None)),
        st.builds(lambda f, n, t: ("a megabyte field", {**f, n: t}, None), fields, st.sampled_from(FORM_FIELDS),
                  huge_text),
        st.binary(max_size=200).map(lambda b: ("random bytes as a form", MARK.encode() + b,
                                               "application/x-www-form-urlencoded")),
        st.binary(min_size=1, max_size=40).map(lambda b: ("invalid UTF-8", b"summary=" + MARK.encode() + b"\xff\xfe"
                                                          + b, "application/x-www-form-urlencoded")),
        json_values.map(lambda v: ("JSON", dumps(v), "application/json")),
        st.binary(max_size=100).map(lambda b: ("broken multipart", b"--x\r\n" + MARK.encode() + b,
                                               "multipart/form-data; boundary=x")),
    )


def portal_attack(world: World, tally: Tally, people: dict[str, Visitor], route: Any, method: str, state: str,
                  value: str, form: tuple[str, bytes | dict[str, str], str | None]) -> None:
    """One request to one route, judged; signing out is followed by signing in again."""
    what, body, content_type = form
    path = fill(route.path, value)
    visitor = people[state]
    posting = method not in ("GET", "HEAD")
    answer = visitor.send(method, path, body if posting else None, content_type if posting else None,
                          with_csrf=state != "signed in, no CSRF token")
    if isinstance(answer, requests.Response) and answer.status_code == 308:  # to the canonical address,
        location = urlpath(answer.headers.get("Location", ""))  # where the request is judged
        if not location.startswith("/") or location.startswith("//"):
            tally.leak(f"{method} {route.path}: a redirect off the site")
            return
        answer = visitor.send(method, location, body if posting else None, content_type if posting else None,
                              with_csrf=state != "signed in, no CSRF token")
    # the normal answer: a page GET in a role it serves, with no record in its address, or a blank
    # form (a page that also takes POST), whose record is checked when the form is sent
    role = {"anonymous": None, "signed in, another role": "board_member"}.get(state, "housing_officer")
    normal = method == "GET" and ("<" not in route.path or "POST" in route.methods) and (
        route.roles is None or role in route.roles)
    size = len(body) if isinstance(body, bytes) else sum(len(k) + len(v) for k, v in body.items())
    judge_portal(tally, f"{method} {route.path} {state} ({what if posting else 'no body'})", answer,
                 allow_ok=normal, signed_in=state != "anonymous" and route.path != "/sign-out",
                 too_large=posting and size > MEGABYTE)
    if route.path == "/sign-out" and isinstance(answer, requests.Response) and answer.status_code == 303:
        people.update(visitors(world))


def test_every_portal_route_refuses_hostile_requests(world: World) -> None:
    """Every route, each method it takes and one it does not, anonymous and signed in (with and
    without the CSRF token, and in a role the page is not for): hostile path values and forms."""
    tally = Tally("http portal: every route")
    people = visitors(world)
    values = [marked(v) for v in ("..%2f..%2fetc%2fpasswd", "\U0001d573\u202e", "é" * 5000, "%00x", "")]
    forms = [("a form of hostile values", {name: marked(name) for name in FORM_FIELDS}, None),
             ("a megabyte field", {"summary": marked("x" * MEGABYTE)}, None),
             ("invalid UTF-8", b"summary=\xff\xfe\xc3\x28" + MARK.encode(), "application/x-www-form-urlencoded")]
    with nothing_written(world, tally):
        for n, route in enumerate(portal_routes()):
            methods = [*route.methods, "PUT" if "POST" in route.methods else "POST"]
            for state in STATES:
                for method in methods:
                    portal_attack(world, tally, people, route, method, state, values[n % len(values)],
                                  forms[n % len(forms)])
    tally.check()


def test_hostile_requests_to_the_portal(world: World) -> None:
    """Random routes, methods, sign-in states, path values and bodies."""
    tally = Tally("http portal: hypothesis")
    people = visitors(world)
    routes = portal_routes()

    @fuzzing(60, 1000)
    @given(st.sampled_from(routes), st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH"]),
           st.sampled_from(STATES), hostile_text, hostile_forms())
    def attack(route: Any, method: str, state: str, value: str,
               form: tuple[str, bytes | dict[str, str], str | None]) -> None:
        portal_attack(world, tally, people, route, method, state, value, form)

    with nothing_written(world, tally):
        attack()
    tally.check()
