"""Run the whole system on one machine: ``hcs-run`` (the README's run command calls it).

Starts RabbitMQ if it is installed but stopped, migrates every service's database, declares every
consumer queue, then starts the reference contractor, the reference partner agency, the five services
and the staff portal, each in its own process with its own HTTP port, restarts any that dies, and stops
them all cleanly on Ctrl-C or SIGTERM.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("intake", "cases", "repairs", "referrals", "reporting")
VAR = ROOT / "var"


@dataclass
class Child:
    name: str
    argv: list[str]
    log: Path
    health_url: str | None = None
    process: subprocess.Popen[bytes] | None = None
    restarts: int = 0
    started_at: float = field(default=0.0)

    def start(self, env: dict[str, str]) -> None:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        handle = self.log.open("ab")
        self.process = subprocess.Popen(self.argv, cwd=ROOT, env=env, stdout=handle, stderr=handle,
                                        start_new_session=True, preexec_fn=_die_with_parent)
        self.started_at = time.monotonic()

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self, grace: float) -> None:
        if not self.alive():
            return
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _die_with_parent() -> None:
    """In the child, before it runs: ask Linux to send SIGTERM if the run command itself dies (even
    by SIGKILL), so no service is left running, orphaned, on its port and queues."""
    import ctypes

    pr_set_pdeathsig = 1
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def local_secret(variable: str, name: str, make: Callable[[], str]) -> str:
    """A secret from the environment, or (development only) one made once and kept in var/<name>,
    readable by its owner alone. Production takes every secret from its secret store."""
    if os.environ.get(variable):
        return os.environ[variable]
    path = VAR / name
    if not path.exists():
        VAR.mkdir(exist_ok=True)
        path.write_text(make())
        path.chmod(0o600)
    return path.read_text().strip()


def webhook_key() -> str:
    """A Standard Webhooks secret: "whsec_" + base64 of 24 random bytes."""
    import base64

    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()


def local_secrets() -> dict[str, str]:
    from hcs.crypto import new_key

    def token() -> str:
        return secrets.token_urlsafe(48)

    return {
        "HCS_TOKEN_SECRET": local_secret("HCS_TOKEN_SECRET", "token-secret", token),
        "HCS_DATA_KEY": local_secret("HCS_DATA_KEY", "data-key", new_key),  # special category data at rest
        "HCS_CONTRACTOR_SECRET": local_secret("HCS_CONTRACTOR_SECRET", "contractor-secret", webhook_key),
        # referrals registers the reference partner with this secret on its first start
        "HCS_PARTNER_SECRET": local_secret("HCS_PARTNER_SECRET", "partner-secret", webhook_key),
        "HCS_PORTAL_SESSION_SECRET": local_secret("HCS_PORTAL_SESSION_SECRET", "portal-session-secret", token),
    }


def ensure_rabbitmq(amqp_uri: str) -> None:
    from hcs.service import broker_reachable

    if broker_reachable(amqp_uri):
        return
    server = shutil.which("rabbitmq-server")
    if server is None:
        sys.exit("hcs-run: RabbitMQ is not reachable and not installed here; install it "
                 "(apt-get install rabbitmq-server) and start it with 'rabbitmq-server -detached'")
    print("hcs-run: starting RabbitMQ (rabbitmq-server -detached) ...", flush=True)
    subprocess.run([server, "-detached"], check=False)
    deadline = time.monotonic() + 90
    while not broker_reachable(amqp_uri):
        if time.monotonic() > deadline:
            sys.exit("hcs-run: RabbitMQ did not come up within 90 s; see /var/log/rabbitmq/")
        time.sleep(1)


def wait_healthy(children: list[Child], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    pending = [c for c in children if c.health_url]
    while pending:
        for child in list(pending):
            if not child.alive():
                sys.exit(f"hcs-run: {child.name} exited at start; see {child.log}")
            try:
                with urllib.request.urlopen(child.health_url, timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        pending.remove(child)
            except OSError:
                pass
        if pending and time.monotonic() > deadline:
            sys.exit(f"hcs-run: not healthy after {timeout:.0f} s: {', '.join(c.name for c in pending)}")
        time.sleep(0.3)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="hcs-run", description=__doc__)
    parser.add_argument("--demo", action="store_true", help="submit a sample report once all are up")
    parser.add_argument("--exit-after-demo", action="store_true", help="stop after the demo (smoke test)")
    args = parser.parse_args(argv)

    from hcs.config import ConfigError, load_settings
    from hcs.migrations import upgrade
    from hcs.topology import declare_queues
    from portal.settings import load_settings as load_portal_settings

    VAR.mkdir(exist_ok=True)
    partner_port = int(os.environ.get("HCS_PARTNER_PORT", "8202"))
    env = {**os.environ, **local_secrets(),
           "HCS_PARTNER_URL": os.environ.get("HCS_PARTNER_URL", f"http://127.0.0.1:{partner_port}")}
    os.environ.update(env)
    configs = {name: ROOT / "services" / name / "config.yaml" for name in SERVICES}
    try:
        settings = {name: load_settings(path) for name, path in configs.items()}
        portal = load_portal_settings(ROOT / "services" / "portal" / "config.yaml")
    except ConfigError as exc:
        sys.exit(f"hcs-run: config error: {exc}")
    ensure_rabbitmq(settings["intake"].amqp_uri)
    for name, s in settings.items():
        upgrade(name, s.database_url)
        declare_queues(s)
    print("hcs-run: databases migrated, consumer queues declared", flush=True)

    contractor_port = int(os.environ.get("HCS_CONTRACTOR_PORT", "8201"))
    repairs_http = settings["repairs"].http
    children = [Child("contractor", [sys.executable, "-m", "hcs_tools.contractor", "--port", str(contractor_port),
                                     "--secret", env["HCS_CONTRACTOR_SECRET"],
                                     "--callback-url", f"http://{repairs_http.address}/contractor/callbacks",
                                     "--mode", os.environ.get("HCS_CONTRACTOR_MODE", "complete")],
                      VAR / "log" / "contractor.log"),
                Child("partner", [sys.executable, "-m", "hcs_tools.partner", "--port", str(partner_port),
                                  "--code", "reference-support", "--secret", env["HCS_PARTNER_SECRET"],
                                  "--landlord-url", f"http://{settings['referrals'].http.address}"],
                      VAR / "log" / "partner.log")]
    for name, s in settings.items():
        children.append(Child(name, [sys.executable, "-m", "hcs.runner", name, "--config", str(configs[name])],
                              VAR / "log" / f"{name}.log", f"http://{s.http.address}/health"))
    children.append(Child("portal", [sys.executable, "-m", "portal.server", "--config",
                                     str(ROOT / "services" / "portal" / "config.yaml")],
                          VAR / "log" / "portal.log", f"http://{portal.http.address}/health"))
    stopping = False

    def stop(_signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    for child in children:
        child.start(env)
    wait_healthy(children)
    print("hcs-run: all services are up", flush=True)
    subprocess.run([sys.executable, "-m", "hcs_tools.client", "portal-staff"], cwd=ROOT, env=env, check=False)
    for name, s in settings.items():
        print(f"  {name:<10} http://{s.http.address}/health  http://{s.http.address}/metrics  "
              f"log {VAR / 'log' / (name + '.log')}")
    print(f"  {'intake form':<10} POST http://{settings['intake'].http.address}/reports")
    print(f"  {'contractor':<10} http://127.0.0.1:{contractor_port}/jobs (reference contractor, mode "
          f"{os.environ.get('HCS_CONTRACTOR_MODE', 'complete')}: set HCS_CONTRACTOR_MODE=make_safe|reject|no_access)")
    print(f"  {'partner':<10} http://127.0.0.1:{partner_port}/referrals (reference partner agency; "
          f"GET /state shows what it holds)")
    print(f"  {'portal':<10} http://{portal.http.address}/  (staff portal; demo accounts in the README)")
    print("  try: .venv/bin/hcs demo     stop: Ctrl-C", flush=True)
    demo_failed = False
    if args.demo or args.exit_after_demo:
        code = subprocess.run([sys.executable, "-m", "hcs_tools.client", "demo"], cwd=ROOT, env=env,
                              check=False).returncode
        if args.exit_after_demo:
            stopping = True
            demo_failed = code != 0
            if demo_failed:
                print("hcs-run: the demo failed", file=sys.stderr)
    while not stopping:
        for child in children:
            if not child.alive() and not stopping:
                child.restarts += 1
                delay = min(30, 2 ** min(child.restarts, 5))
                print(f"hcs-run: {child.name} exited ({child.process and child.process.returncode}); "
                      f"restarting in {delay} s", flush=True)
                time.sleep(delay)
                child.start(env)
        time.sleep(0.5)
    print("hcs-run: stopping ...", flush=True)
    for child in reversed(children):
        child.stop(grace=15)
    print("hcs-run: stopped", flush=True)
    return 1 if demo_failed else 0


if __name__ == "__main__":
    sys.exit(main())
