"""Engines, the unit of work, and the nameko dependency provider that hands one to each worker.

SQLite (the default) runs in WAL mode with one writer per file: every unit of work in a process takes
a green lock for its whole transaction, so two greenlets never fight over SQLite's file lock (a busy
wait would block the eventlet hub). PostgreSQL goes through psycopg2, which eventlet's monkey patch
makes cooperative; no process-wide lock there.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from types import TracebackType
from typing import Any, Self

from nameko.extensions import DependencyProvider
from sqlalchemy import Engine, MetaData, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from hcs.audit import AuditWriter
from hcs.clock import Clock, SystemClock
from hcs.crypto import Keyring, use_keyring
from hcs.erasure import ErasedStore
from hcs.inbox_store import InboxStore
from hcs.logs import correlation_id_of
from hcs.outbox import OutboxWriter


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 5},
                               hide_parameters=True)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.isolation_level = None  # let SQLAlchemy, not pysqlite, say BEGIN
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(connection: Any) -> None:
            connection.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg2")
    # hide_parameters: a database error's text must never quote a row's values into logs or the
    # parked table (they may be personal data)
    return create_engine(parsed, pool_pre_ping=True, pool_size=10, max_overflow=10, hide_parameters=True)


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


class _NoLock:
    """PostgreSQL needs no process-wide writer lock."""

    def acquire(self) -> bool:
        return True

    def release(self) -> None:
        return None

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


class SqlAlchemyUnitOfWork:
    """One transaction. Rolls back unless ``commit()`` was called. Services subclass it and bind
    their repositories in ``bind``; ``outbox``, ``inbox``, ``audit`` and ``erased`` (tombstones,
    ``hcs.erasure``) are always there."""

    def __init__(self, session_factory: sessionmaker[Session], lock: Any, clock: Clock,
                 actor_context: dict[str, Any] | None = None,
                 on_outbox_commit: Callable[[], None] | None = None) -> None:
        self._session_factory = session_factory
        self._lock = lock
        self.clock = clock
        self.context = actor_context or {}
        self._on_outbox_commit = on_outbox_commit
        self.session: Session

    def bind(self, session: Session) -> None:
        """Create the service's repositories on ``session``."""

    def __enter__(self) -> Self:
        self._lock.acquire()
        try:
            self.session = self._session_factory()
            self.outbox = OutboxWriter(self.session, self.clock, self.context.get("correlation_id"))
            self.inbox = InboxStore(self.session, self.clock)
            self.audit = AuditWriter(self.session, self.clock, self.context.get("correlation_id"))
            self.erased = ErasedStore(self.session, self.clock)
            self.bind(self.session)
        except BaseException:
            self._lock.release()
            raise
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        try:
            self.rollback()
            self.session.close()
        finally:
            self._lock.release()

    def commit(self) -> None:
        self.session.commit()
        if self.outbox.written and self._on_outbox_commit is not None:
            self.outbox.written = 0
            self._on_outbox_commit()  # wake the relay now rather than at its next tick

    def rollback(self) -> None:
        self.session.rollback()


class Store:
    """A service's database: the engine, the session factory and the write lock, made once."""

    def __init__(self, url: str, metadata: MetaData | None = None, clock: Clock | None = None) -> None:
        self.engine = make_engine(url)
        self.metadata = metadata
        self.clock = clock or SystemClock()
        self.session_factory = sessionmaker(bind=self.engine, expire_on_commit=False)
        self.lock: Any = threading.RLock() if is_sqlite(self.engine) else _NoLock()
        self.on_outbox_commit: Callable[[], None] | None = None

    def unit_of_work(self, uow_class: type[SqlAlchemyUnitOfWork] = SqlAlchemyUnitOfWork,
                     context: dict[str, Any] | None = None) -> SqlAlchemyUnitOfWork:
        return uow_class(self.session_factory, self.lock, self.clock, context, self.on_outbox_commit)

    @contextlib.contextmanager
    def connection(self) -> Iterator[Any]:
        with self.lock, self.engine.begin() as conn:
            yield conn

    def ping(self) -> None:
        with self.engine.connect() as conn:
            conn.execute(text("SELECT 1"))

    def dispose(self) -> None:
        self.engine.dispose()


class Database(DependencyProvider):
    """Gives each worker a factory of units of work on the service's own database.

    ``self.db()`` in a service returns a fresh unit of work; ``self.db.store`` is the shared Store.
    """

    def __init__(self, uow_class: type[SqlAlchemyUnitOfWork] = SqlAlchemyUnitOfWork) -> None:
        self.uow_class = uow_class
        self.store: Store | None = None

    def setup(self) -> None:
        settings = self.container.config["HCS"]
        use_keyring(Keyring.from_config(settings.encryption.active, settings.encryption.keys))
        # created here, after eventlet's monkey patch, so the lock and the driver are green
        self.store = Store(settings.database_url)

    def stop(self) -> None:
        if self.store is not None:
            self.store.dispose()

    def get_dependency(self, worker_ctx: Any) -> "WorkerDatabase":
        assert self.store is not None
        context = {"correlation_id": correlation_id_of(worker_ctx)}
        return WorkerDatabase(self.store, self.uow_class, context)


class WorkerDatabase:
    def __init__(self, store: Store, uow_class: type[SqlAlchemyUnitOfWork],
                 context: dict[str, Any]) -> None:
        self.store = store
        self.uow_class = uow_class
        self.context = context

    def __call__(self) -> Any:
        return self.store.unit_of_work(self.uow_class, self.context)


UowFactory = Callable[[], SqlAlchemyUnitOfWork]
