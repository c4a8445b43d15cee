"""Alembic plumbing shared by every service's migration environment.

Each service has its own ``migrations/`` folder and its own version table, so services sharing one
PostgreSQL database (or schema) never touch each other's history.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import MetaData

from hcs import tables
from hcs.db import make_engine


def migrations_dir(service: str) -> Path:
    package = importlib.import_module(service)
    return Path(package.__file__).resolve().parent.parent / "migrations"  # type: ignore[arg-type]


def alembic_config(service: str, database_url: str) -> AlembicConfig:
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(migrations_dir(service)))
    cfg.attributes["database_url"] = database_url
    cfg.attributes["service"] = service
    return cfg


def upgrade(service: str, database_url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(service, database_url), revision)


def run_env(context: Any, service_metadata: MetaData, service: str) -> None:
    """The body of every service's ``migrations/env.py``."""
    cfg = context.config
    url = cfg.attributes.get("database_url") or cfg.get_main_option("sqlalchemy.url")
    options = {
        "target_metadata": [service_metadata, tables.metadata],
        "version_table": f"alembic_version_{service}",
        "render_as_batch": url.startswith("sqlite"),
        "compare_type": True,
    }
    if context.is_offline_mode():
        context.configure(url=url, literal_binds=True, **options)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(url)
    with engine.connect() as connection:
        context.configure(connection=connection, **options)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


def create_plumbing(op: Any) -> None:
    """Called by each service's first migration: outbox, inbox, parked, append-only audit_log."""
    bind = op.get_bind()
    tables.metadata.create_all(bind)
    for statement in tables.APPEND_ONLY_SQL[bind.dialect.name]:
        op.execute(statement)


def drop_plumbing(op: Any) -> None:
    tables.metadata.drop_all(op.get_bind())
