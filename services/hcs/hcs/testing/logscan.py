"""A scan of every log line and message header a test run produces for personal data (issue 8).

While the suite runs, every log record of the test process (INFO and up, tracebacks included) goes
to ``test-artifacts/logs/tests.log``, the headers of every AMQP message the test process publishes
(RPC requests and replies, events, with any caller token decoded) to ``headers.jsonl``, and the
output of each service run as its own process (``hcs.testing.system``) is kept beside them. When
the session ends, all of it is searched for the victims' names and the special category values the
test data uses; a single hit fails the run, and the figures are printed either way.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import re
import shutil
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Names the tests give victims, reporters and households (never staff, partners or contractors).
VICTIM_NAMES = (
    "Ada Example", "Amina Begum", "Omar Begum", "Zebedee Quixote", "Wendy White", "Gary Black", "Demo Tenant",
    "Test Tenant", "Rita Reporter",
)
# Special category values the tests give victims: health and disability, ethnic origin, religion,
# sexual orientation (the perceived strand names themselves are categories, not a person's data).
SPECIAL_CATEGORY_VALUES = (
    "asthma", "hearing impairment", "mental health", "uses a wheelchair", "epilepsy", "Black British",
    "bangladeshi", "somali", "Roma", "Sikh", "lesbian",
)

LOG_NAME, HEADERS_NAME, PROCESSES_PREFIX = "tests.log", "headers.jsonl", "process-"
_JWT = re.compile(r"eyJ[\w-]+\.(eyJ[\w-]+)\.[\w-]*")


@dataclass
class Findings:
    files: int = 0
    lines: int = 0
    headers: int = 0
    hits: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"[scan] {self.files} files, {self.lines} log lines and {self.headers} message headers: "
                f"{len(self.hits)} with a victim's name or a special category value")


def pattern(values: Iterable[str]) -> re.Pattern[str]:
    return re.compile(r"\b(" + "|".join(re.escape(v) for v in values) + r")\b", re.IGNORECASE)


CANARIES = pattern((*VICTIM_NAMES, *SPECIAL_CATEGORY_VALUES))


def decoded_tokens(text: str) -> str:
    """The claims of every JWT in ``text`` (base64 would hide a name from a plain search)."""
    out = []
    for match in _JWT.finditer(text):
        part = match.group(1)
        try:
            out.append(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)).decode("utf-8", "replace"))
        except (binascii.Error, ValueError):
            continue
    return " ".join(out)


def scan_lines(lines: Iterable[str], where: str, findings: Findings, canaries: re.Pattern[str] = CANARIES,
               headers: bool = False) -> None:
    for number, line in enumerate(lines, 1):
        if headers:
            findings.headers += 1
        else:
            findings.lines += 1
        hit = canaries.search(line) or canaries.search(decoded_tokens(line))
        if hit:
            findings.hits.append(f"{where}:{number}: {hit.group(0)!r} in {line.strip()[:200]}")


def scan_directory(directory: Path, canaries: re.Pattern[str] = CANARIES) -> Findings:
    findings = Findings()
    for path in sorted(directory.glob("*")):
        if path.is_file():
            findings.files += 1
            with path.open(encoding="utf-8", errors="replace") as lines:
                scan_lines(lines, path.name, findings, canaries, headers=path.name == HEADERS_NAME)
    return findings


class Collector:
    """Where this run's logs and headers go, and the hooks that put them there."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.handler: logging.Handler | None = None
        self._publish: Any = None

    def start(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)
        self.directory.mkdir(parents=True)
        self.handler = logging.FileHandler(self.directory / LOG_NAME, encoding="utf-8")
        self.handler.setLevel(logging.INFO)
        self.handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
        root = logging.getLogger()
        root.addHandler(self.handler)
        if root.level > logging.INFO or root.level == logging.NOTSET:
            root.setLevel(logging.INFO)
        self._tap_headers()

    def _tap_headers(self) -> None:
        from kombu import messaging

        publish = self._publish = messaging.Producer.publish
        path = self.directory / HEADERS_NAME

        def tapped(producer: Any, body: Any, routing_key: Any = None, *args: Any, **kwargs: Any) -> Any:
            try:
                line = json.dumps({"routing_key": str(routing_key), "headers": kwargs.get("headers") or {}},
                                  default=str)
                with path.open("a", encoding="utf-8") as out:
                    out.write(line + "\n")
            except OSError:
                pass
            return publish(producer, body, routing_key, *args, **kwargs)

        setattr(messaging.Producer, "publish", tapped)  # noqa: B010 (a test-run tap, undone by finish)

    def keep(self, path: Path, name: str) -> None:
        """Keep a child process's output for the scan at the end."""
        if path.exists():
            shutil.copyfile(path, self.directory / f"{PROCESSES_PREFIX}{name}-{uuid.uuid4().hex[:8]}.log")

    def finish(self) -> Findings:
        if self.handler is not None:
            logging.getLogger().removeHandler(self.handler)
            self.handler.close()
        if self._publish is not None:
            from kombu import messaging

            messaging.Producer.publish = self._publish  # type: ignore[method-assign]
        return scan_directory(self.directory)


_collector: Collector | None = None


def start(directory: Path) -> Collector:
    global _collector
    _collector = Collector(directory)
    _collector.start()
    return _collector


def current() -> Collector | None:
    return _collector


def keep(path: Path, name: str) -> None:
    if _collector is not None:
        _collector.keep(path, name)

