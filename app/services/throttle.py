"""Sign-in throttling, kept in the database so every app instance sees the same counts.

After FREE_FAILURES failed sign-ins for one account or one client address, each further
attempt must wait BASE_DELAY * 2**(failures - FREE_FAILURES) seconds, up to MAX_DELAY.
Counters are keyed by a SHA-256 of the email or address and forgotten after RESET_AFTER
without failures. A successful sign-in clears the counter it was checked against.

A browser the member signed in from before (its device mark, app.services.staff_auth) is
counted on its own key instead: a stranger guessing at the account slows the account and
the stranger's address, never the member's own browser. An admin (the team page) or
`covnav unlock-staff` clears an account's counter for a member on a new device.
"""

from __future__ import annotations

import hashlib
import math
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app.models import LoginAttempt, utcnow

FREE_FAILURES = 5
BASE_DELAY = 30
MAX_DELAY = 15 * 60
RESET_AFTER = timedelta(hours=24)


def delay_after(failures: int) -> int:
    """Seconds to wait after `failures` failed sign-ins in a row (0 below the threshold)."""
    if failures < FREE_FAILURES:
        return 0
    return int(min(BASE_DELAY * 2 ** (failures - FREE_FAILURES), MAX_DELAY))


def keys_for(email: str, address: str | None) -> list[str]:
    """The counter keys one sign-in attempt touches: the account, and the address if known."""
    keys = [_hash("email:" + email.strip().lower())]
    if address:
        keys.append(_hash("addr:" + address))
    return keys


def device_keys(device: str) -> list[str]:
    """The one counter a known device's attempts touch."""
    return [_hash(device)]


def account_key(email: str) -> str:
    return keys_for(email, None)[0]


def failures_for(session: Session, key: str, now: datetime | None = None) -> int:
    """Recent failures counted against `key` (0 once forgotten)."""
    row = session.exec(select(LoginAttempt).where(col(LoginAttempt.key_hash) == key)).first()
    if row is None or row.last_failure_at < (now or utcnow()) - RESET_AFTER:
        return 0
    return row.failures


def clear_all(session: Session) -> int:
    """Forget every counter (`covnav unlock-staff`); returns how many there were."""
    rows = session.exec(select(LoginAttempt)).all()
    for row in rows:
        session.delete(row)
    session.commit()
    return len(rows)


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def wait_seconds(session: Session, keys: list[str], now: datetime | None = None) -> int:
    """Seconds before another attempt is allowed for any of `keys` (0: go ahead)."""
    now = now or utcnow()
    rows = session.exec(select(LoginAttempt).where(col(LoginAttempt.key_hash).in_(keys))).all()
    waits = [
        math.ceil((row.locked_until - now).total_seconds())
        for row in rows
        if row.locked_until is not None and row.locked_until > now
    ]
    return max(waits, default=0)


def record_failure(session: Session, keys: list[str], now: datetime | None = None) -> int:
    """Count one failure against every key; returns the wait now imposed, in seconds."""
    now = now or utcnow()
    longest = 0
    for key in keys:
        failures = _increment(session, key, now)
        delay = delay_after(failures)
        locked = now + timedelta(seconds=delay) if delay else None
        session.exec(
            update(LoginAttempt)
            .where(col(LoginAttempt.key_hash) == key)
            .values(locked_until=locked)
        )
        longest = max(longest, delay)
    session.commit()
    return longest


def _increment(session: Session, key: str, now: datetime) -> int:
    """Add one failure atomically (UPDATE ... SET n = n + 1), starting afresh when stale."""
    stale_before = now - RESET_AFTER
    session.exec(
        update(LoginAttempt)
        .where(col(LoginAttempt.key_hash) == key, col(LoginAttempt.last_failure_at) < stale_before)
        .values(failures=0, locked_until=None)
    )
    result = session.exec(
        update(LoginAttempt)
        .where(col(LoginAttempt.key_hash) == key)
        .values(failures=LoginAttempt.failures + 1, last_failure_at=now)
    )
    if result.rowcount == 0:
        try:
            with session.begin_nested():
                session.add(LoginAttempt(key_hash=key, failures=1, last_failure_at=now))
        except IntegrityError:
            return _increment(session, key, now)
    row = session.exec(select(LoginAttempt).where(col(LoginAttempt.key_hash) == key)).one()
    session.refresh(row)
    return row.failures


def clear(session: Session, key: str) -> None:
    """Forget the failures for one key (after a successful sign-in)."""
    row = session.exec(select(LoginAttempt).where(col(LoginAttempt.key_hash) == key)).first()
    if row is not None:
        session.delete(row)
        session.commit()


def describe_wait(seconds: int) -> str:
    """'30 seconds', '2 minutes': how long the sign-in page asks people to wait."""
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"
