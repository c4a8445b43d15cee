"""Run the staff portal: ``hcs-portal --config services/portal/config.yaml``.

Patches eventlet first, validates the config, loads the sign-in method, and serves the pages with
eventlet's WSGI server until SIGINT or SIGTERM. ``GET /health`` answers 200 when the broker answers.
"""

from __future__ import annotations

import eventlet

eventlet.monkey_patch()  # noqa: E402 - must precede every other import

import argparse  # noqa: E402
import contextlib  # noqa: E402
import json  # noqa: E402
import logging  # noqa: E402
import signal  # noqa: E402
import sys  # noqa: E402
from typing import Any  # noqa: E402

import eventlet.wsgi  # noqa: E402

log = logging.getLogger("portal")


def build(settings: Any) -> tuple[Any, Any]:
    """The WSGI application and its RPC pool, from validated settings."""
    from hcs.config import ConfigError
    from portal.accounts import LocalAccounts
    from portal.app import Portal, rpc_services
    from portal.clients import RpcPool
    from portal.sessions import Sessions

    if settings.sign_in.mode != "local":
        raise ConfigError("sign_in.mode oidc: single sign-on is a documented seam (portal/identity.py), not wired "
                          "yet; use local accounts")
    path = settings.accounts_path()
    accounts = LocalAccounts.from_file(path)
    if accounts.demo and settings.session.secure_cookie:
        raise ConfigError(f"{path} holds demo accounts with published passwords: not for a production portal")
    pool = RpcPool(settings.amqp_uri, settings.rpc.timeout_seconds, settings.rpc.pool_size)
    return Portal(Sessions(settings.session), accounts, rpc_services(settings, pool)), pool


def with_health(app: Any, amqp_uri: str) -> Any:
    from hcs.service import broker_reachable

    def wsgi(environ: dict[str, Any], start_response: Any) -> Any:
        if environ.get("PATH_INFO") == "/health":
            healthy = broker_reachable(amqp_uri)
            body = json.dumps({"service": "portal", "status": "ok" if healthy else "unhealthy",
                               "broker": "ok" if healthy else "unreachable"}).encode()
            start_response("200 OK" if healthy else "503 Service Unavailable",
                           [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
            return [body]
        return app(environ, start_response)

    return wsgi


STOP_GRACE_SECONDS = 10


class _Log:
    def write(self, message: str) -> None:
        log.debug(message.rstrip())


def main(argv: list[str] | None = None) -> int:
    from hcs.config import ConfigError
    from portal.settings import load_settings

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--config", default="services/portal/config.yaml")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s portal %(levelname)s %(message)s")
    try:
        settings = load_settings(args.config)
        app, pool = build(settings)
    except ConfigError as exc:
        print(f"config error: {exc}", file=sys.stderr)
        return 2
    sock = eventlet.listen((settings.http.host, settings.http.port))
    server = eventlet.spawn(eventlet.wsgi.server, sock, with_health(app, settings.amqp_uri), log=_Log(),
                            max_size=200, keepalive=True, socket_timeout=60)

    stopping: list[int] = []

    def stop(signum: int, _frame: Any) -> None:
        log.info("stopping on signal %s", signum)
        stopping.append(signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    log.info("staff portal on http://%s/", settings.http.address)
    # the main greenlet looks for a stop twice a second: a signal handler may not switch greenlets,
    # and an idle hub would not wake for a greenlet it spawned until its poll timed out
    while not stopping:
        eventlet.sleep(0.5)
    sock.close()  # no new connections; requests in flight get a grace period, idle keep-alives do not
    with eventlet.Timeout(STOP_GRACE_SECONDS, False), contextlib.suppress(eventlet.greenlet.GreenletExit):  # type: ignore[attr-defined]
        server.kill()
        server.wait()
    pool.close()
    log.info("stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
