"""The data protection officer's commands (``hcs-admin subject-access`` and ``hcs-admin retention``).

    hcs-admin subject-access open --config services/intake/config.yaml --subject subject.json \\
        --received-on 2026-11-20 --channel email --requester subject
    hcs-admin subject-access list [--status open|overdue|closed|all] --config ...
    hcs-admin subject-access show SAR_ID --config ...
    hcs-admin subject-access run SAR_ID --out var/subject-access --config ...
    hcs-admin subject-access extend SAR_ID --reason "..." --config ...
    hcs-admin subject-access close SAR_ID --outcome completed --responded-on 2026-12-01 --config ...
    hcs-admin retention schedule services/*/config.yaml
    hcs-admin retention run [--dry-run] --config services/intake/config.yaml

Each RPC is made with a fresh caller token for the person running the command (``--user``), as the
data protection officer (``retention run`` may also be an administrator's, ``--role``), and a timeout.
The documents a run writes hold personal data: they are created readable by their owner only.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hcs.config import ConfigError, Settings, load_settings

SERVICES_WITH_CLOCKS = ("intake", "cases", "repairs", "referrals")


def caller(settings: Settings, user: str, role: str, timeout: float | None = None) -> Callable[..., Any]:
    """``call(service, method, *args)``: one RPC, a fresh token and proxy each, never without a timeout."""
    from nameko.standalone.rpc import ClusterRpcProxy

    from hcs.auth import TOKEN_KEY, issue_token

    def call(service: str, method: str, *args: Any) -> Any:
        token = issue_token(settings.auth, user, role, streams=["general_needs", "care_support"])
        config = {"AMQP_URI": settings.amqp_uri, "serializer": "json", "ACCEPT": ["json"]}
        with ClusterRpcProxy(config, context_data={TOKEN_KEY: token, "correlation_id": f"dpo:{user}"[:64]},
                             timeout=timeout or settings.rpc_timeout_seconds) as proxy:
            return getattr(getattr(proxy, service), method)(*args)

    return call


def _print(value: Any) -> None:
    print(json.dumps(value, indent=2, default=str))


def _write_private(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)


def run_search(call: Callable[..., Any], request_id: str, out_dir: Path) -> dict[str, Any]:
    """Gather every part, write the officer's copy (JSON), the response draft (HTML) and the review
    list (text), and record the search (counts and digest only) in the register."""
    from hcs.subject_access import digest, document, gather, summary
    from hcs.subject_access_render import render_html, review_text

    request = call("intake", "get_subject_access_request", request_id)
    gathered, schedule = gather(call, request_id, request["reference"])
    doc = document(request, gathered, schedule, datetime.now(UTC))
    sha256 = digest(doc)
    stem = out_dir / request["reference"]
    _write_private(stem.with_suffix(".json"), json.dumps(doc, indent=2, default=str))
    _write_private(stem.with_suffix(".html"), render_html(doc))
    _write_private(stem.with_name(stem.name + "-review.txt"), review_text(doc))
    call("intake", "record_subject_access_search", request_id, {
        "complete": gathered.complete, "summary": summary(gathered), "document_sha256": sha256})
    return {"reference": request["reference"], "complete": gathered.complete, "missing": gathered.missing,
            "files": [str(stem.with_suffix(".json")), str(stem.with_suffix(".html")),
                      str(stem.with_name(stem.name + "-review.txt"))],
            "document_sha256": sha256, "due_on": request["current_due_on"]}


def cmd_subject_access(args: argparse.Namespace) -> int:
    from hcs.auth import DATA_PROTECTION_OFFICER

    settings = load_settings(args.config)
    call = caller(settings, args.user, DATA_PROTECTION_OFFICER, args.timeout)
    if args.action == "open":
        text = Path(args.subject).read_text(encoding="utf-8")
        # the same file and date again (a retry) is the same request
        key = args.idempotency_key or "sar-" + hashlib.sha256(f"{args.received_on}|{text}".encode()).hexdigest()[:32]
        _print(call("intake", "open_subject_access_request", {
            "subject": json.loads(text), "received_on": args.received_on, "clock_starts_on": args.clock_starts_on,
            "channel": args.channel, "requester": args.requester, "idempotency_key": key}))
    elif args.action == "list":
        _print(call("intake", "list_subject_access_requests", {"status": args.status}))
    elif args.action == "show":
        _print(call("intake", "get_subject_access_request", args.request_id))
    elif args.action == "run":
        _print(run_search(call, args.request_id, Path(args.out)))
    elif args.action == "extend":
        _print(call("intake", "extend_subject_access_request", args.request_id, {"reason": args.reason}))
    elif args.action == "close":
        _print(call("intake", "close_subject_access_request", args.request_id, {
            "outcome": args.outcome, "responded_on": args.responded_on, "note": args.note}))
    return 0


def cmd_retention(args: argparse.Namespace) -> int:
    import importlib

    from hcs.retention import retention_settings

    if args.action == "schedule":
        rows = []
        for path in args.configs:
            settings = load_settings(path)
            rules = importlib.import_module(f"{settings.service}.domain.retention").RULES
            rows += [{"service": settings.service, **r} for r in retention_settings(settings.extra, rules).schedule()]
        _print(rows)
        return 0
    if not args.config:
        raise ConfigError("retention run needs --config (any service's config: the broker and the token secret)")
    settings = load_settings(args.config)
    call = caller(settings, args.user, args.role, args.timeout)
    _print([call(service, "run_retention", bool(args.dry_run)) for service in SERVICES_WITH_CLOCKS])
    return 0


def add_parsers(sub: Any) -> None:
    sar = sub.add_parser("subject-access", help="the subject access register, and answering a request")
    sar.add_argument("action", choices=["open", "list", "show", "run", "extend", "close"])
    sar.add_argument("request_id", nargs="?")
    sar.add_argument("--config", required=True)
    sar.add_argument("--user", default="dpo")
    sar.add_argument("--timeout", type=float, default=None, help="seconds each service has to answer")
    sar.add_argument("--subject", help="open: a JSON file {names, addresses, contacts}")
    sar.add_argument("--received-on")
    sar.add_argument("--clock-starts-on", default=None, help="when identity had to be confirmed first")
    sar.add_argument("--channel", default="email")
    sar.add_argument("--requester", default="subject", choices=["subject", "representative"])
    sar.add_argument("--idempotency-key", default=None)
    sar.add_argument("--status", default="open", choices=["open", "overdue", "closed", "all"])
    sar.add_argument("--out", default="var/subject-access", help="run: folder for the documents (owner-only)")
    sar.add_argument("--reason")
    sar.add_argument("--outcome", choices=["completed", "refused", "withdrawn"])
    sar.add_argument("--responded-on", default=None)
    sar.add_argument("--note", default=None)
    sar.set_defaults(func=cmd_subject_access)
    retention = sub.add_parser("retention", help="the retention schedule in effect, and the expiry run")
    retention.add_argument("action", choices=["schedule", "run"])
    retention.add_argument("configs", nargs="*")
    retention.add_argument("--config")
    retention.add_argument("--dry-run", action="store_true")
    retention.add_argument("--user", default="operator")
    retention.add_argument("--role", default="administrator", choices=["administrator", "data_protection_officer"])
    retention.add_argument("--timeout", type=float, default=120.0)
    retention.set_defaults(func=cmd_retention)


def check(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """What argparse cannot say alone: which action needs which argument."""
    if args.command == "subject-access":
        needs = {"open": ("subject", "received_on"), "show": ("request_id",), "run": ("request_id",),
                 "extend": ("request_id", "reason"), "close": ("request_id", "outcome")}
        missing = [n for n in needs.get(args.action, ()) if not getattr(args, n)]
        if missing:
            parser.error(f"subject-access {args.action} needs {', '.join(missing)}")
    if args.command == "retention" and args.action == "schedule" and not args.configs:
        parser.error("retention schedule needs the services' config files")
