"""Run one service in its own process: ``hcs-service intake --config services/intake/config.yaml``.

Patches eventlet first, validates the config, checks that the broker and the database answer, that
the database is migrated, then runs the nameko container until SIGINT or SIGTERM, when it stops
gracefully (in-flight workers finish; unacked messages go back to the queue).
"""

from __future__ import annotations

import warnings

# eventlet announces its own deprecation on import, as a bare multi-line text on stderr: our logs are
# JSON lines, and the project knows (nameko 2.14 runs on eventlet)
warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")

import eventlet  # noqa: E402

eventlet.monkey_patch()  # noqa: E402 - must precede every other import

import argparse  # noqa: E402
import importlib  # noqa: E402
import logging  # noqa: E402
import signal  # noqa: E402
import sys  # noqa: E402
from typing import Any  # noqa: E402

SERVICES = {
    "intake": "intake.service:IntakeService",
    "cases": "cases.service:CasesService",
    "repairs": "repairs.service:RepairsService",
    "referrals": "referrals.service:ReferralsService",
    "reporting": "reporting.service:ReportingService",
}


def service_class(name: str) -> Any:
    module_name, _, class_name = SERVICES[name].partition(":")
    return getattr(importlib.import_module(module_name), class_name)


def preflight(settings: Any) -> str | None:
    """One line saying what is wrong, or None when the broker and the database are ready."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    from hcs.db import make_engine
    from hcs.migrations import alembic_config
    from hcs.service import broker_reachable

    if not broker_reachable(settings.amqp_uri):
        return f"{settings.service}: cannot reach RabbitMQ at {_redact(settings.amqp_uri)}"
    engine = make_engine(settings.database_url)
    try:
        with engine.connect() as conn:
            current = MigrationContext.configure(
                conn, opts={"version_table": f"alembic_version_{settings.service}"}).get_current_revision()
    except Exception as exc:
        return (f"{settings.service}: cannot reach the database at {_redact(settings.database_url)} "
                f"({type(exc).__name__})")
    finally:
        engine.dispose()
    head = ScriptDirectory.from_config(alembic_config(settings.service, settings.database_url)).get_current_head()
    if current != head:
        return f"{settings.service}: database is at revision {current}, not {head}: run hcs-migrate first"
    return None


def _redact(url: str) -> str:
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "<unparseable url>"


def main(argv: list[str] | None = None) -> int:
    from hcs.config import ConfigError, load_settings
    from hcs.logs import configure_logging

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("service", choices=sorted(SERVICES))
    parser.add_argument("--config", required=True)
    args = parser.parse_args(argv)
    try:
        settings = load_settings(args.config)
    except ConfigError as exc:
        print(f"config error: {exc}", file=sys.stderr)
        return 2
    if settings.service != args.service:
        print(f"config error: {args.config} configures {settings.service}, not {args.service}",
              file=sys.stderr)
        return 2
    configure_logging(settings.service, settings.log_level)
    problem = preflight(settings)
    if problem:
        print(f"start-up error: {problem}", file=sys.stderr)
        return 3
    return serve(settings, service_class(args.service))


def serve(settings: Any, service_cls: Any) -> int:
    """Run one service until SIGTERM or SIGINT, then stop gracefully: consumers stop taking
    messages, in-flight workers finish (their results and acks go out), unacknowledged messages
    go back to their queues for the other replicas or the next start."""
    from nameko.runners import ServiceRunner

    from hcs.logs import configure_logging

    configure_logging(settings.service, settings.log_level)
    log = logging.getLogger("hcs")
    runner = ServiceRunner(settings.nameko_config())
    runner.add_service(service_cls)

    def stop(signum: int, _frame: Any) -> None:
        log.info("stopping on signal %s: finishing in-flight work", signum)
        eventlet.spawn_n(runner.stop)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    runner.start()
    log.info("%s listening; http on %s", settings.service, settings.http.address)
    runner.wait()
    log.info("%s stopped", settings.service)
    return 0


if __name__ == "__main__":
    sys.exit(main())
