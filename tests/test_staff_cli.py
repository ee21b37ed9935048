"""`covnav create-staff`: password from a terminal (asked twice) or one line of stdin."""

from __future__ import annotations

import argparse
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import Session, SQLModel, create_engine, select

from app.cli.staff import cmd_create_staff, create_staff, read_password
from app.core.config import get_settings
from app.core.migrations import migrate
from app.core.passwords import PasswordRuleError, verify_password
from app.models import StaffUser


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_password_from_piped_stdin_is_the_first_line() -> None:
    assert read_password(io.StringIO("a long enough secret\nignored\n")) == "a long enough secret"


def test_password_from_a_terminal_is_asked_twice() -> None:
    answers = iter(["same password 123", "same password 123"])
    assert read_password(Terminal(), ask=lambda _prompt: next(answers)) == "same password 123"
    differ = iter(["one password here", "another one here"])
    assert read_password(Terminal(), ask=lambda _prompt: next(differ)) is None


@pytest.fixture
def db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'covnav.db'}"
    migrate(url)
    monkeypatch.setenv("COVNAV_DATABASE_URL", url)
    monkeypatch.setenv("COVNAV_ENV", "development")
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()


def test_create_staff_command(
    db_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("a long enough secret\n"))
    code = cmd_create_staff(argparse.Namespace(email="Owner@Clinic.example", admin=True))
    assert code == 0
    out = capsys.readouterr()
    assert out.out == "created admin account owner@clinic.example\n"
    assert "secret" not in out.out + out.err
    with Session(create_engine(db_url)) as session:
        user = session.exec(select(StaffUser)).one()
    assert user.is_admin and verify_password(user.password_hash, "a long enough secret")

    monkeypatch.setattr("sys.stdin", io.StringIO("a long enough secret\n"))
    again = cmd_create_staff(argparse.Namespace(email="owner@clinic.example", admin=False))
    assert again == 1
    assert "already an account" in capsys.readouterr().err


def test_create_staff_rules(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'x.db'}")
    SQLModel.metadata.create_all(engine)
    with Session(engine) as session:
        with pytest.raises(PasswordRuleError):
            create_staff(session, "a@clinic.example", "short", admin=False)
        with pytest.raises(ValueError, match="not an email"):
            create_staff(session, "not-an-email", "a long enough secret", admin=False)
