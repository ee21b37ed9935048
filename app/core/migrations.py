"""The database schema: where it stands, bringing it up to date, and refusing to run behind.

`migrate` runs Alembic to the newest revision. On PostgreSQL it first takes an advisory
lock, so several app instances starting at once are safe: one migrates, the others wait and
then find nothing to do. `schema_state` is what `covnav serve`, `/readyz` and the command
line ask before they touch a table.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import SQLAlchemyError

from app.core.config import PROJECT_ROOT
from app.core.db import make_engine

# Any fixed number, the same on every instance: "the Coverage Navigator schema migration".
ADVISORY_LOCK = 0x436F764E6176


def alembic_config(database_url: str | None = None) -> Config:
    """alembic.ini from the working directory (Docker) or the project root (checkout)."""
    candidates = [Path.cwd() / "alembic.ini", PROJECT_ROOT / "alembic.ini"]
    ini = next((p for p in candidates if p.exists()), candidates[-1])
    config = Config(str(ini))
    config.set_main_option("script_location", str(ini.parent / "migrations"))
    config.attributes["configure_logging"] = False
    if database_url:
        config.attributes["database_url"] = database_url
    return config


@lru_cache(maxsize=1)
def head_revision() -> str:
    """The newest migration this code ships (read once: the files do not change)."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


@dataclass(frozen=True)
class SchemaState:
    """Where a database stands against the migrations this code ships."""

    reachable: bool
    current: str | None  # None: no tables yet (or unreachable)
    head: str
    problem: str = ""  # why the database could not be read

    @property
    def ready(self) -> bool:
        return self.reachable and self.current == self.head

    def describe(self) -> str:
        """One line a person can act on."""
        if not self.reachable:
            return f"cannot reach the database: {self.problem}"
        if self.current is None:
            return "the database has no tables yet"
        if self.current != self.head:
            return f"the database is at revision {self.current}; this version needs {self.head}"
        return f"the database is up to date (revision {self.head})"


def _current(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def schema_state(engine: Engine) -> SchemaState:
    try:
        with engine.connect() as connection:
            return state_on(connection)
    except SQLAlchemyError as exc:
        return unreachable(exc)


def state_on(connection: Connection) -> SchemaState:
    return SchemaState(True, _current(connection), head_revision())


def unreachable(exc: SQLAlchemyError) -> SchemaState:
    original = getattr(exc, "orig", None)
    reason = str(original or exc).splitlines()[0]
    return SchemaState(False, None, head_revision(), reason)


@contextmanager
def _migration_lock(engine: Engine) -> Iterator[None]:
    """On PostgreSQL, one migrating instance at a time; SQLite locks its file anyway."""
    if engine.dialect.name != "postgresql":
        yield
        return
    with engine.connect() as connection:
        connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": ADVISORY_LOCK})
        connection.commit()
        try:
            yield
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": ADVISORY_LOCK})
            connection.commit()


def migrate(database_url: str | None = None) -> tuple[str | None, str]:
    """Bring the database (settings' DATABASE_URL unless given) up to the newest revision.

    Returns the revision before and after."""
    config = alembic_config(database_url)
    url = database_url or _settings_url()
    engine = make_engine(url)
    try:
        with _migration_lock(engine):
            before = schema_state(engine).current
            command.upgrade(config, "head")
            after = schema_state(engine).current
    finally:
        engine.dispose()
    return before, after or head_revision()


def _settings_url() -> str:
    from app.core.config import get_settings

    return get_settings().sqlalchemy_url


def migration_summary(before: str | None, after: str) -> str:
    if before == after:
        return f"The database was already up to date (revision {after})."
    if before is None:
        return f"Created the database tables (revision {after})."
    return f"Migrated the database from revision {before} to {after}."
