"""The database engine (built from settings, never at import) and the session dependency."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy import Engine, event
from sqlalchemy.engine import make_url
from sqlmodel import Session, create_engine

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


def get_session(request: Request) -> Iterator[Session]:
    """The request's one session (and so at most one pooled connection per request)."""
    with Session(request.app.state.engine) as session:
        request.state.db_session = session
        try:
            yield session
        finally:
            request.state.db_session = None


@contextmanager
def request_session(request: Request) -> Iterator[Session]:
    """The session this request already holds, else a short one of its own.

    Code that runs beside the handler (templates, tracking) uses this, so a request never
    waits for a second connection while holding a first: with a full pool that deadlocks.
    """
    current: Session | None = getattr(request.state, "db_session", None)
    if current is not None:
        yield current
        return
    with Session(request.app.state.engine) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]
