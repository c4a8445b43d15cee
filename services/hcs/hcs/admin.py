"""Operator commands.

    hcs-admin migrate services/*/config.yaml        migrate every service's database to head
    hcs-admin topology services/*/config.yaml       declare every consumer queue before traffic
    hcs-admin parked list --config services/cases/config.yaml
    hcs-admin parked replay 12 --config services/cases/config.yaml
    hcs-admin token --role administrator --config services/intake/config.yaml
    hcs-admin rotate-keys services/*/config.yaml    re-encrypt special category columns under the active key
    hcs-admin broker definitions > deploy/rabbitmq/definitions.json
    hcs-admin broker apply --management-url http://rabbitmq:15672 --admin-user admin \
        --admin-password-file /run/secrets/rabbitmq-admin --passwords-dir /run/secrets/amqp
    hcs-admin broker requeue-dead-letters --amqp-uri-file /run/secrets/rabbitmq-admin-uri
    hcs-admin subject-access open|list|show|run|extend|close ...   (hcs.privacy_admin)
    hcs-admin retention schedule services/*/config.yaml
    hcs-admin retention run [--dry-run] --config services/intake/config.yaml
"""

from __future__ import annotations

import warnings

warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")  # keep operator output clean

import eventlet  # noqa: E402

eventlet.monkey_patch()  # noqa: E402 - the RPC proxy below runs on eventlet

import argparse  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
from typing import Any  # noqa: E402

from hcs.config import ConfigError, Settings, load_settings  # noqa: E402


def _settings(path: str) -> Settings:
    return load_settings(path)


def cmd_migrate(args: argparse.Namespace) -> int:
    from hcs.migrations import upgrade

    for path in args.configs:
        settings = _settings(path)
        upgrade(settings.service, settings.database_url)
        print(f"{settings.service}: migrated")
    return 0


def cmd_topology(args: argparse.Namespace) -> int:
    from hcs.topology import declare_queues

    for path in args.configs:
        settings = _settings(path)
        names = declare_queues(settings)
        print(f"{settings.service}: {len(names)} consumer queues declared")
    return 0


def cmd_rotate_keys(args: argparse.Namespace) -> int:
    import importlib

    from hcs.crypto import Keyring, reencrypt, use_keyring
    from hcs.db import make_engine

    for path in args.configs:
        settings = _settings(path)
        use_keyring(Keyring.from_config(settings.encryption.active, settings.encryption.keys))
        metadata = importlib.import_module(f"{settings.service}.adapters.orm").metadata
        engine = make_engine(settings.database_url)
        try:
            counts = reencrypt(engine, metadata)
        finally:
            engine.dispose()
        summary = ", ".join(f"{column} {n}" for column, n in counts.items()) or "no encrypted columns"
        print(f"{settings.service}: re-encrypted under key {settings.encryption.active}: {summary}")
    return 0


def cmd_token(args: argparse.Namespace) -> int:
    from hcs.auth import issue_token

    settings = _settings(args.config)
    print(issue_token(settings.auth, args.user, args.role, team=args.team,
                      streams=args.streams.split(","), minutes=args.minutes))
    return 0


def cmd_parked(args: argparse.Namespace) -> int:
    from pathlib import Path

    from nameko.standalone.rpc import ClusterRpcProxy

    from hcs.auth import ADMINISTRATOR, TOKEN_KEY, issue_token

    settings = _settings(args.config)
    token = issue_token(settings.auth, args.user, ADMINISTRATOR, streams=["general_needs", "care_support"])
    amqp_uri = settings.amqp_uri
    if args.amqp_uri_file:  # production: the operator's broker user, not the service's own
        amqp_uri = Path(args.amqp_uri_file).read_text(encoding="utf-8").strip()
    config = {"AMQP_URI": amqp_uri}
    with ClusterRpcProxy(config, context_data={TOKEN_KEY: token}, timeout=settings.rpc_timeout_seconds) as proxy:
        service: Any = getattr(proxy, settings.service)
        result = service.list_parked() if args.action == "list" else service.replay_parked(args.id)
    print(json.dumps(result, indent=2, default=str))
    return 0


def cmd_broker(args: argparse.Namespace) -> int:
    from pathlib import Path

    from hcs import broker

    topologies = broker.all_topologies()
    if args.action == "definitions":
        print(json.dumps(broker.definitions(topologies, args.vhost), indent=2))
        return 0
    if args.action == "requeue-dead-letters":
        if not args.amqp_uri_file:
            raise ConfigError("requeue-dead-letters needs --amqp-uri-file (a broker administrator's URI)")
        moved = broker.requeue_dead_letters(Path(args.amqp_uri_file).read_text(encoding="utf-8").strip())
        print(json.dumps({"requeued": moved}, indent=2))
        return 0
    if not (args.management_url and args.admin_user and args.admin_password_file and args.passwords_dir):
        raise ConfigError("broker apply needs --management-url, --admin-user, --admin-password-file "
                          "and --passwords-dir")
    folder = Path(args.passwords_dir)
    users = [t.name for t in topologies] + [broker.OPERATOR]
    missing = [u for u in users if not (folder / u).is_file()]
    if missing:
        raise ConfigError(f"no password file in {folder} for: {', '.join(missing)}")
    passwords = {u: (folder / u).read_text(encoding="utf-8").strip() for u in users}
    admin_password = Path(args.admin_password_file).read_text(encoding="utf-8").strip()
    broker.apply(broker.definitions(topologies, args.vhost, passwords), args.management_url,
                 args.admin_user, admin_password)
    print(f"broker: vhost {args.vhost}, {len(users)} users, queues and policies applied")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="hcs-admin", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    migrate = sub.add_parser("migrate", help="migrate databases to the newest revision")
    migrate.add_argument("configs", nargs="+")
    migrate.set_defaults(func=cmd_migrate)
    topology = sub.add_parser("topology", help="declare every consumer queue")
    topology.add_argument("configs", nargs="+")
    topology.set_defaults(func=cmd_topology)
    rotate = sub.add_parser("rotate-keys", help="re-encrypt special category columns under the active key")
    rotate.add_argument("configs", nargs="+")
    rotate.set_defaults(func=cmd_rotate_keys)
    token = sub.add_parser("token", help="mint a caller token (development and operations)")
    token.add_argument("--config", required=True)
    token.add_argument("--role", required=True)
    token.add_argument("--user", default="operator")
    token.add_argument("--team", default=None)
    token.add_argument("--streams", default="general_needs,care_support")
    token.add_argument("--minutes", type=int, default=None)
    token.set_defaults(func=cmd_token)
    parked = sub.add_parser("parked", help="list or replay parked events")
    parked.add_argument("action", choices=["list", "replay"])
    parked.add_argument("id", nargs="?", type=int)
    parked.add_argument("--config", required=True)
    parked.add_argument("--user", default="operator")
    parked.add_argument("--amqp-uri-file", help="file (or /dev/stdin) holding the hcs-operator user's AMQP URI")
    parked.set_defaults(func=cmd_parked)
    brokers = sub.add_parser("broker", help="RabbitMQ definitions derived from the services' code")
    brokers.add_argument("action", choices=["definitions", "apply", "requeue-dead-letters"])
    brokers.add_argument("--amqp-uri-file", help="requeue-dead-letters: file holding an administrator's AMQP URI")
    brokers.add_argument("--vhost", default="hcs")
    brokers.add_argument("--management-url")
    brokers.add_argument("--admin-user")
    brokers.add_argument("--admin-password-file")
    brokers.add_argument("--passwords-dir", help="one file per user (intake, cases, ..., operator)")
    brokers.set_defaults(func=cmd_broker)
    from hcs import privacy_admin

    privacy_admin.add_parsers(sub)
    args = parser.parse_args(argv)
    if getattr(args, "action", None) == "replay" and args.id is None:
        parser.error("parked replay needs the parked message id")
    privacy_admin.check(parser, args)
    try:
        return int(args.func(args))
    except ConfigError as exc:
        print(f"config error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
