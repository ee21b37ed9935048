"""Database.run on SQLite: one connection kept for the event loop, always left clean."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, text

from app.core.db import Database, make_engine


@pytest.fixture
def db(tmp_path: Path) -> Database:
    database = Database(make_engine(f"sqlite:///{tmp_path / 'covnav.db'}"))
    database.call(_create)
    return database


def run(db: Database, work: Callable[..., Any]) -> Any:
    """`db.run(work)` on an event loop of its own (a browser test may own this thread's)."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, db.run(work)).result()


def _create(conn: Connection) -> None:
    conn.execute(text("CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT)"))
    conn.execute(text("INSERT INTO note VALUES (1, 'first')"))
    conn.commit()


def _read(conn: Connection) -> str:
    return str(conn.execute(text("SELECT body FROM note WHERE id = 1")).scalar_one())


def _change_then_fail(conn: Connection) -> None:
    conn.execute(text("UPDATE note SET body = 'half-done' WHERE id = 1"))
    raise RuntimeError("a problem after the write, before the commit")


def _other_writer(path: Path, body: str) -> None:
    """Another process's write, on its own connection, with no patience for locks."""
    with sqlite3.connect(path, timeout=0) as other:
        other.execute("UPDATE note SET body = ? WHERE id = 1", (body,))


def test_the_loop_connection_is_kept_between_calls(db: Database) -> None:
    seen: list[Connection] = []
    run(db, seen.append)
    run(db, seen.append)
    assert seen[0] is seen[1]
    db.dispose()
    assert seen[0].closed


def test_each_call_sees_what_others_committed_since(db: Database, tmp_path: Path) -> None:
    assert run(db, _read) == "first"
    _other_writer(tmp_path / "covnav.db", "second")
    assert run(db, _read) == "second"


def test_a_failed_call_leaves_no_write_and_holds_no_lock(db: Database, tmp_path: Path) -> None:
    with pytest.raises(RuntimeError):
        run(db, _change_then_fail)
    assert run(db, _read) == "first"
    _other_writer(tmp_path / "covnav.db", "third")  # would raise "database is locked"
    assert run(db, _read) == "third"


def test_a_read_holds_no_lock_after_the_call(db: Database, tmp_path: Path) -> None:
    run(db, _read)
    _other_writer(tmp_path / "covnav.db", "fourth")
    assert db.call(_read) == "fourth"
