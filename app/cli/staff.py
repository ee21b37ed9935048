"""`covnav create-staff EMAIL [--admin]`: make a staff account from the command line.

The password is asked twice when stdin is a terminal; otherwise the first line of stdin is
read, so scripts can pipe it in. It is never echoed, logged or taken as an argument.
"""

from __future__ import annotations

import argparse
import getpass
import re
import sys
from collections.abc import Callable
from typing import TextIO

from sqlmodel import Session, select

from app.core.passwords import (
    PasswordRuleError,
    check_new_password,
    hash_password,
    use_hashing,
)
from app.models import StaffUser

EMAIL = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[A-Za-z]{2,}$")


def configure_create_staff(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("email", help="the staff member's email (their sign-in name)")
    parser.add_argument("--admin", action="store_true", help="may change settings and manage staff")


def read_password(
    stdin: TextIO | None = None, ask: Callable[[str], str] = getpass.getpass
) -> str | None:
    """From the terminal (twice, must match) or the first line of piped stdin."""
    stdin = stdin or sys.stdin
    if stdin.isatty():
        first = ask("Password: ")
        if ask("Password again: ") != first:
            print("covnav create-staff: the two passwords differ", file=sys.stderr)
            return None
        return first
    line = stdin.readline()
    return line.rstrip("\r\n")


def create_staff(session: Session, email: str, password: str, *, admin: bool) -> StaffUser:
    """Add an account; raises ValueError with a plain message when it cannot."""
    email = email.strip().lower()
    if not EMAIL.match(email):
        raise ValueError(f"{email!r} is not an email address")
    check_new_password(password, email=email)
    if session.exec(select(StaffUser).where(StaffUser.email == email)).first():
        raise ValueError(f"there is already an account for {email}")
    user = StaffUser(email=email, password_hash=hash_password(password), is_admin=admin)
    session.add(user)
    session.commit()
    session.refresh(user)
    return user


def cmd_create_staff(args: argparse.Namespace) -> int:
    from app.core.config import get_settings
    from app.core.db import make_engine
    from app.core.migrations import schema_state

    settings = get_settings()
    use_hashing(settings.password_hashing)
    engine = make_engine(settings.sqlalchemy_url)
    state = schema_state(engine)
    if not state.ready:
        engine.dispose()
        print(
            f"covnav create-staff: {state.describe()}; run `covnav migrate` first", file=sys.stderr
        )
        return 1
    password = read_password()
    if password is None:
        engine.dispose()
        return 1
    try:
        with Session(engine) as session:
            user = create_staff(session, args.email, password, admin=args.admin)
    except (ValueError, PasswordRuleError) as exc:
        print(f"covnav create-staff: {exc}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    role = "admin" if user.is_admin else "staff"
    print(f"created {role} account {user.email}")
    return 0


def configure_unlock_staff(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("email", help="the staff member who cannot sign in")


def cmd_unlock_staff(args: argparse.Namespace) -> int:
    """Clear every sign-in wait (the account's and every address's), for when strangers'
    guesses keep the only admin out of a new device."""
    from app.core.config import get_settings
    from app.core.db import make_engine
    from app.core.migrations import schema_state
    from app.services import throttle

    settings = get_settings()
    engine = make_engine(settings.sqlalchemy_url)
    try:
        state = schema_state(engine)
        if not state.ready:
            print(
                f"covnav unlock-staff: {state.describe()}; run `covnav migrate` first",
                file=sys.stderr,
            )
            return 1
        email = args.email.strip().lower()
        with Session(engine) as session:
            if session.exec(select(StaffUser).where(StaffUser.email == email)).first() is None:
                print(f"covnav unlock-staff: there is no account for {email}", file=sys.stderr)
                return 1
            cleared = throttle.clear_all(session)
    finally:
        engine.dispose()
    print(f"Cleared {cleared} sign-in wait{'' if cleared == 1 else 's'}; {email} can sign in now.")
    return 0
