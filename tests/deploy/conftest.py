"""Offline validation of everything in deploy/ (issue 9): no Docker engine, no cluster, no network.
A missing validator fails the run with what to install; nothing is skipped (scripts/test installs
every validator)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
SERVICES = ("intake", "cases", "repairs", "referrals", "reporting")


def tool(name: str) -> str:
    """A validator from the virtual environment (pip pins) or the system (Debian packages)."""
    beside_python = Path(sys.executable).parent / name
    found = str(beside_python) if beside_python.exists() else shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: run scripts/test, which installs every validator")
    return found


def run(*argv: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"{' '.join(argv)} failed:\n{result.stdout}\n{result.stderr}"
    return result


def service_class(name: str):
    from hcs.runner import service_class as resolve

    return resolve(name)
