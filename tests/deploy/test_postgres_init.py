"""The compose stack's PostgreSQL set-up (deploy/compose/postgres/init-databases.sh), run against
this machine's server: one role and one database per service, and no service may even connect to
another's database."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from hcs.testing.plugin import PG_ADMIN_URL

from .conftest import DEPLOY, SERVICES


@pytest.mark.postgres
def test_each_service_gets_its_own_role_and_database_and_cannot_reach_another():
    if shutil.which("psql") is None:
        pytest.fail("psql is not installed: scripts/test installs PostgreSQL")
    prefix = f"hcs_t{uuid.uuid4().hex[:6]}_"
    env = {"POSTGRES_USER": "postgres", "PGHOST": "127.0.0.1", "PATH": "/usr/bin:/bin",
           "HCS_DB_ROLE_PREFIX": prefix, **{f"HCS_DB_{s.upper()}_PASSWORD": f"pw-{s}" for s in SERVICES}}
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        result = subprocess.run(["bash", str(DEPLOY / "compose/postgres/init-databases.sh")], env=env,
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        with admin.connect() as conn:
            owners = dict(conn.execute(text(
                "SELECT d.datname, r.rolname FROM pg_database d JOIN pg_roles r ON r.oid = d.datdba "
                "WHERE d.datname LIKE :p"), {"p": f"{prefix}%"}).all())
        assert owners == {f"{prefix}{s}": f"{prefix}{s}" for s in SERVICES}
        base = PG_ADMIN_URL.split("@", 1)[1].rsplit("/", 1)[0]

        def connect(role: str, database: str) -> None:
            engine = create_engine(f"postgresql://{role}:pw@{base}/{database}")
            try:
                with engine.connect() as conn:
                    conn.execute(text("SELECT 1"))
            finally:
                engine.dispose()

        connect(f"{prefix}cases", f"{prefix}cases")
        with pytest.raises(OperationalError, match="permission denied"):
            connect(f"{prefix}cases", f"{prefix}intake")
    finally:
        with admin.connect() as conn:
            for s in SERVICES:
                with contextlib.suppress(Exception):
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{prefix}{s}" WITH (FORCE)'))
                with contextlib.suppress(Exception):
                    conn.execute(text(f'DROP ROLE IF EXISTS "{prefix}{s}"'))
        admin.dispose()
