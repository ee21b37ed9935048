"""Sign-in throttling: five free failures per account or address, then a growing wait."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, SQLModel, create_engine, select

from app.models import LoginAttempt
from app.services import throttle

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def session() -> Iterator[Session]:
    engine = create_engine(
        "sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False}
    )
    SQLModel.metadata.create_all(engine)
    with Session(engine) as db:
        yield db


@pytest.mark.parametrize(
    ("failures", "delay"),
    [(0, 0), (4, 0), (5, 30), (6, 60), (7, 120), (9, 480), (10, 900), (30, 900)],
)
def test_delay_grows_then_caps(failures: int, delay: int) -> None:
    assert throttle.delay_after(failures) == delay


def test_five_failures_lock_the_account(session: Session) -> None:
    keys = throttle.keys_for("Ann@Clinic.example", "10.0.0.1")
    for n in range(4):
        assert throttle.record_failure(session, keys, T0 + timedelta(seconds=n)) == 0
    assert throttle.wait_seconds(session, keys, T0 + timedelta(seconds=4)) == 0
    assert throttle.record_failure(session, keys, T0 + timedelta(seconds=4)) == 30
    assert throttle.wait_seconds(session, keys, T0 + timedelta(seconds=5)) == 29
    assert throttle.wait_seconds(session, keys, T0 + timedelta(seconds=34)) == 0
    assert throttle.record_failure(session, keys, T0 + timedelta(seconds=40)) == 60


def test_the_same_address_is_locked_across_accounts(session: Session) -> None:
    for n in range(5):
        throttle.record_failure(session, throttle.keys_for(f"user{n}@x.example", "10.0.0.9"), T0)
    other_account = throttle.keys_for("someone@x.example", "10.0.0.9")
    assert throttle.wait_seconds(session, other_account, T0) == 30
    elsewhere = throttle.keys_for("someone@x.example", "10.0.0.10")
    assert throttle.wait_seconds(session, elsewhere, T0) == 0


def test_email_key_ignores_case_and_is_hashed(session: Session) -> None:
    same = throttle.keys_for("ann@clinic.example", "")
    assert throttle.keys_for(" Ann@Clinic.example", None) == same
    throttle.record_failure(session, throttle.keys_for("ann@clinic.example", "10.0.0.1"), T0)
    stored = " ".join(row.key_hash for row in session.exec(select(LoginAttempt)))
    assert "ann" not in stored and "10.0.0.1" not in stored


def test_clear_and_staleness_reset_the_count(session: Session) -> None:
    keys = throttle.keys_for("ann@clinic.example", None)
    for _ in range(5):
        throttle.record_failure(session, keys, T0)
    throttle.clear(session, keys[0])
    assert throttle.wait_seconds(session, keys, T0) == 0
    for _ in range(5):
        throttle.record_failure(session, keys, T0)
    later = T0 + throttle.RESET_AFTER + timedelta(seconds=1)
    assert throttle.record_failure(session, keys, later) == 0


@pytest.mark.parametrize(
    ("seconds", "text"), [(1, "1 second"), (30, "30 seconds"), (60, "1 minute"), (61, "2 minutes")]
)
def test_describe_wait(seconds: int, text: str) -> None:
    assert throttle.describe_wait(seconds) == text
