"""The database: the engine (built from settings, never at import) and how requests reach it.

Patient pages run as `async` handlers and reach the database through `Database.run`: on
SQLite (a local file) the short query runs right on the event loop, which costs less than
a hop to a worker thread; on a database server it runs on a worker thread, so waiting for
the network never stalls other requests. Staff pages are sync handlers with an ORM session.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request
from sqlalchemy import Connection, Dialect, Engine, Select, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, create_engine
from starlette.concurrency import run_in_threadpool

T = TypeVar("T")

# Sync handlers run on AnyIO's thread pool (40 threads): as many connections, so a busy
# server queues for CPU, never for a connection. PostgreSQL deployments can lower it.
POOL_SIZE = 10
MAX_OVERFLOW = 30


def make_engine(
    database_url: str, *, pool_size: int = POOL_SIZE, max_overflow: int = MAX_OVERFLOW
) -> Engine:
    """An engine for the URL; SQLite files get WAL and a busy timeout, other databases nothing."""
    url = make_url(database_url)
    sqlite = url.get_backend_name() == "sqlite"
    # A server can drop idle connections; a local SQLite file cannot, so skip the ping there.
    kwargs: dict[str, Any] = {"pool_pre_ping": not sqlite}
    if not (sqlite and url.database in (None, "", ":memory:")):
        kwargs.update(pool_size=pool_size, max_overflow=max_overflow, pool_timeout=30)
    if sqlite:
        kwargs["connect_args"] = {"check_same_thread": False}
        if url.database and url.database != ":memory:":
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, **kwargs)
    if sqlite:
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


class Database:
    """One engine and the way async code uses it (see the module docstring)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.inline = engine.dialect.name == "sqlite"
        # On SQLite, the event loop's own connection: kept open between requests, since a
        # pool checkout and return cost more than a page view's one query (bench/BASELINE.md).
        self._loop_connection: Connection | None = None

    async def run(self, work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """`work(connection, *args, **kwargs)` on one connection; `work` commits."""
        if self.inline:
            return self._on_loop(work, *args, **kwargs)
        return await run_in_threadpool(self.call, work, *args, **kwargs)

    def _on_loop(self, work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """`work` on the event loop's connection (only the loop's thread uses it, one call
        at a time, since `work` is synchronous). Anything `work` leaves uncommitted is
        rolled back, so the next call starts clean and holds no lock between requests."""
        connection = self._loop_connection
        if connection is None or connection.closed or connection.invalidated:
            connection = self._loop_connection = self.engine.connect()
        try:
            return work(connection, *args, **kwargs)
        finally:
            try:
                if connection.in_transaction():
                    connection.rollback()
            except SQLAlchemyError:  # a broken connection: the next call opens another
                self._loop_connection = None
                connection.invalidate()

    def call(self, work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """The same, from sync code (a worker thread, the command line)."""
        with self.engine.connect() as connection:
            return work(connection, *args, **kwargs)

    def connect(self) -> Connection:
        return self.engine.connect()

    def dispose(self) -> None:
        if self._loop_connection is not None:
            self._loop_connection.close()
            self._loop_connection = None
        self.engine.dispose()


class FastSelect:
    """A hot SELECT run on the driver's own cursor.

    SQLAlchemy compiles it once per dialect and lends its column converters, so the values
    are the same Python types as through Core (UUIDs, aware datetimes); a call then costs
    about what the driver does (a page view's one query: a fifth of Core's time).
    """

    def __init__(self, statement: Select[Any]) -> None:
        self.statement = statement
        self._prepared: dict[str, tuple[str, tuple[str, ...] | None, list[Any]]] = {}

    def _prepare(self, dialect: Dialect) -> tuple[str, tuple[str, ...] | None, list[Any]]:
        compiled = self.statement.compile(dialect=dialect)
        positions = tuple(compiled.positiontup) if compiled.positiontup else None
        converters = [
            c.type.dialect_impl(dialect).result_processor(dialect, None)
            for c in self.statement.selected_columns
        ]
        prepared = (compiled.string, positions, converters)
        self._prepared[dialect.name] = prepared
        return prepared

    def first(self, conn: Connection, params: dict[str, Any]) -> tuple[Any, ...] | None:
        sql, positions, converters = self._prepared.get(conn.dialect.name) or self._prepare(
            conn.dialect
        )
        args: Any = tuple(params[name] for name in positions) if positions else params
        cursor = conn.connection.cursor()
        try:
            cursor.execute(sql, args)
            row = cursor.fetchone()
        finally:
            cursor.close()
        if row is None:
            return None
        return tuple(v if f is None else f(v) for f, v in zip(converters, row, strict=True))


def get_session(request: Request) -> Iterator[Session]:
    """An ORM session for a sync (staff) handler; one pooled connection per request."""
    with Session(request.app.state.db.engine) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]
