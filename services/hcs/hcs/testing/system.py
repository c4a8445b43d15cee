"""The whole system as real processes, for benchmarks and fault proofs.

Each service runs in its own process (``python -m hcs.runner``, as the run command starts it) with
its shipped ``config.yaml``, pointed by environment variables at a scratch directory of SQLite files
(or at given database URLs), a RabbitMQ vhost and free ports. A proof can SIGKILL or SIGTERM one
service and start it again.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hcs.crypto import new_key
from hcs.testing import logscan

ROOT = Path(__file__).resolve().parents[4]
SERVICES = ("intake", "cases", "repairs", "referrals", "reporting")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _die_with_parent() -> None:
    """In the child: Linux sends it SIGTERM when the test run dies, even by SIGKILL."""
    import ctypes

    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


@dataclass
class ProcessSystem:
    workdir: Path
    amqp_uri: str
    token_secret: str
    data_key: str = field(default_factory=new_key, repr=False)
    database_urls: dict[str, str] = field(default_factory=dict)
    env_extra: dict[str, str] = field(default_factory=dict)
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    started: list[subprocess.Popen[bytes]] = field(default_factory=list)  # every one, for stop()
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def env(self) -> dict[str, str]:
        env = {**os.environ, "HCS_AMQP_URI": self.amqp_uri, "HCS_TOKEN_SECRET": self.token_secret,
               "HCS_DATA_KEY": self.data_key, **self.env_extra}
        for name in SERVICES:
            env[f"HCS_{name.upper()}_DATABASE_URL"] = self.database_urls[name]
        return env

    def config_path(self, name: str) -> Path:
        return ROOT / "services" / name / "config.yaml"

    def prepare(self) -> None:
        """Choose ports and databases, migrate them, and declare every consumer queue."""
        from hcs.config import load_settings
        from hcs.migrations import upgrade
        from hcs.topology import declare_queues

        self.workdir.mkdir(parents=True, exist_ok=True)
        for name in SERVICES:
            self.database_urls.setdefault(name, f"sqlite:///{self.workdir}/{name}.db")
            self.env_extra.setdefault(f"HCS_{name.upper()}_PORT", str(free_port()))
        env = self.env
        for name in SERVICES:
            self.settings[name] = load_settings(self.config_path(name), env)
            upgrade(name, self.settings[name].database_url)
            declare_queues(self.settings[name])

    def start(self, *names: str, wait: bool = True) -> None:
        """Start each named service that is not running already: a second start of one still running
        (a restart racing a kill) would leave a process nobody stops, answering on the same queues."""
        names = names or SERVICES
        for name in names:
            running = self.processes.get(name)
            if running is not None and running.poll() is None:
                continue
            log = (self.workdir / f"{name}.log").open("ab")
            self.processes[name] = subprocess.Popen(
                [sys.executable, "-m", "hcs.runner", name, "--config", str(self.config_path(name))],
                cwd=ROOT, env=self.env, stdout=log, stderr=log, preexec_fn=_die_with_parent)
            self.started.append(self.processes[name])
        if wait:
            for name in names:
                self.wait_healthy(name)

    def health_url(self, name: str) -> str:
        return f"http://{self.settings[name].http.address}/health"

    def wait_healthy(self, name: str, timeout: float = 60) -> float:
        started = time.monotonic()
        while True:
            process = self.processes[name]
            if process.poll() is not None:
                raise RuntimeError(f"{name} exited with {process.returncode}; see {self.workdir}/{name}.log")
            try:
                with urllib.request.urlopen(self.health_url(name), timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        return time.monotonic() - started
            except OSError:
                pass
            if time.monotonic() - started > timeout:
                raise RuntimeError(f"{name} not healthy after {timeout:.0f} s; see {self.workdir}/{name}.log")
            time.sleep(0.2)

    def kill(self, name: str, sig: int = signal.SIGKILL, grace: float = 10.0) -> int:
        """Send ``sig``; after SIGTERM wait ``grace`` seconds, then SIGKILL. Returns the exit code."""
        process = self.processes[name]
        process.send_signal(sig)
        try:
            return process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            process.kill()
            return process.wait()

    def stop(self) -> None:
        for process in self.started:
            if process.poll() is None:
                process.terminate()
        for process in self.started:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for name in self.processes:
            logscan.keep(self.workdir / f"{name}.log", name)
